"""The sitemap: every live public page in each language, each with its
translations as `xhtml:link` alternates (hreflang), as search engines expect."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from academy.base import translations


class PageSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_root = Q()
        for root in roots:
            in_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        entries = [(item, item.get_sitemap_urls(self.request)) for item in items]
        location = {item.pk: found[0]["location"] for item, found in entries if found}
        data = translations.translation_map("wagtailcore.Page")
        urls, last_mods = [], set()
        for item, found in entries:
            source = data["source"].get(item.pk, item.pk)
            versions = data["translations"].get(source, {})
            alternates = [
                {"lang_code": code, "location": location[pk]}
                for code, pk in sorted(versions.items())
                if pk in location
            ]
            for info in found:
                if len(alternates) > 1:
                    info = {**info, "alternates": alternates}
                urls.append(info)
                last_mods.add(info.get("lastmod"))
        # last_mods is empty if the whole site is private
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
