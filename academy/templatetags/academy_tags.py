from functools import lru_cache

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Site

from academy.base.caching import cached_content

register = template.Library()

ADMIN_ACCESS_CACHE_KEY = "academy:admin-access:{user_id}"
LOCAL_ADMIN_ACCESS_SECONDS = 30
_local_admin_access = LocMemCache(
    "academy-admin-access", {"OPTIONS": {"MAX_ENTRIES": 5000}}
)
LOGO_SPEC = "height-80"


def build_menu():
    """The live, public pages under the site root that are marked "show in menus"."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    from academy.base import translations

    # The home page in the active language (the menu is cached per language).
    root = translations.in_language(site.root_page)
    pages = root.get_children().live().public().in_menu()
    return [{"title": page.title, "url": page.get_url()} for page in pages]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu, cached per language so a page view costs no query for it.

    Returns {"items": [...], "state": "..."}: each item says whether it is the page
    shown ("page") or one of its ancestors ("true"), and `state` sums that up (with
    whether the search is shown), so the rendered menu can be cached per state
    (a handful of variants) instead of per path (endless: every 404 has its own).
    """
    request = context.get("request")
    path = request.path if request else ""
    match = getattr(request, "resolver_match", None)
    on_search = bool(match and match.url_name == "search")
    items = []
    for item in cached_content(("main-menu", get_language()), build_menu):
        current = (
            "page" if path == item["url"] else "true" if item["url"] in path else ""
        )
        items.append({**item, "current": current})
    state = "".join(item["current"][:1] or "-" for item in items)
    return {"items": items, "on_search": on_search, "state": f"{state}{on_search:d}"}


@lru_cache(maxsize=4096)
def _translated(path, code):
    """translate_url depends only on the URL patterns: remembered per process
    (a bounded number of paths: the URL resolver is the costly part of a page's
    header)."""
    return translate_url(path, code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in every site language."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    page = context.get("page")
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        page_url = _page_in(page, code, request)
        url = page_url or _translated(path, code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
                # The page exists in this language: an hreflang alternate.
                "alternate": page_url is not None,
            }
        )
    return links


def _page_in(page, code, request):
    """The URL of `page`'s translation in `code` (the same page in the other
    language: its slug may differ), or None when it has none or is not a page."""
    from wagtail.models import Page

    from academy.base import translations

    if not isinstance(page, Page) or page.pk is None:
        return None
    pk = translations.translation_id(Page, page.pk, code)
    if translations.language_of(Page, pk) != code:
        return None
    if pk == page.pk:
        return page.get_url(request)

    def load():
        other = translations.in_language(page, code)
        return "" if other is page else (other.get_url(request) or "")

    # Only the URL is kept (a short string), not the translated page: this runs on
    # every page view.
    host = request.get_host() if request else ""
    return cached_content(("translation-url", pk, host), load) or None


@register.simple_tag
def branding():
    """Organisation name and logo URL from the site settings, cached."""
    return cached_content(("branding",), build_branding)


def build_branding():
    from academy.base.models import SiteSettings

    site_settings = SiteSettings.load()
    logo = site_settings.logo
    return {
        "name": site_settings.organisation_name,
        "logo_url": logo.get_rendition(LOGO_SPEC).url if logo else "",
    }


def clear_admin_access_cache(instance=None, pk_set=None, **kwargs):
    """Forget cached admin access when a user's groups change (this process's copy
    at once, the other processes' within LOCAL_ADMIN_ACCESS_SECONDS)."""
    user_ids = {getattr(instance, "pk", None)} | set(pk_set or ())
    keys = [ADMIN_ACCESS_CACHE_KEY.format(user_id=pk) for pk in user_ids]
    cache.delete_many(keys)
    for key in keys:
        _local_admin_access.delete(key)


@register.simple_tag(takes_context=True)
def can_access_admin(context):
    """Whether to show the admin link and Wagtail's user bar, without loading the
    user's permissions on every page view (cached for five minutes)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(request, "_academy_can_admin"):  # asked twice per page
        key = ADMIN_ACCESS_CACHE_KEY.format(user_id=user.pk)
        # A copy in this process for half a minute saves the round trip to Redis on
        # most pages; it only shows or hides a link (the admin checks for itself).
        allowed = _local_admin_access.get(key)
        if allowed is None:
            allowed = cache.get(key)
            if allowed is None:
                allowed = user.has_perm("wagtailadmin.access_admin")
                cache.set(key, allowed, timeout=5 * 60)
            _local_admin_access.set(key, allowed, timeout=LOCAL_ADMIN_ACCESS_SECONDS)
        request._academy_can_admin = allowed
    return request._academy_can_admin


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):
            # A preview shows a draft: never the live copy, and never stored.
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        return cached_content(
            ("fragment", self.name, get_language(), *parts),
            lambda: self.nodelist.render(context),
        )


@register.tag("content_fragment")
def content_fragment(parser, token):
    """{% content_fragment "name" part ... %}…{% endcontent_fragment %}: HTML made
    only of published content (a module's body, the menu), rendered once per
    content version and language and kept in the cache (academy.base.caching).

    Nothing personal may go inside: no user, no CSRF token, no message. The parts
    (e.g. the page's id) tell the fragments of one name apart; keep their number of
    values small (never a path a visitor can make up). A preview (a draft) is
    rendered afresh."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "content_fragment needs a name: {% content_fragment 'name' part ... %}"
        )
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(
        nodelist, bits[1].strip("'\""), [parser.compile_filter(b) for b in bits[2:]]
    )


@register.filter
def in_active_language(obj):
    """A page or snippet as the reader sees it: its live translation in the active
    language, or itself (records point at the source; this shows the translation)."""
    from academy.base import translations

    return translations.in_language(obj)
