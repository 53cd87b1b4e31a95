from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult


class HomePage(Page):
    """The site's front door: a welcome and the way into the workshops and the tips."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.WorkshopIndexPage", "courses.TipsPage"]
    max_count = 1
    # Seconds anonymous visitors may get a cached copy (academy.base.serving).
    cache_for_anonymous = 600

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find a descendant by its URL path in two queries instead of two per level.

        Wagtail walks the tree one level at a time. Our page types do not change
        routing, so the page whose url_path matches is the one Wagtail would find;
        a page type with its own `route()` still gets Wagtail's walk.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = Page.objects.filter(slug=path_components[-1], url_path=url_path).first()
        if page is None:
            raise Http404
        page = page.specific
        if type(page).route is not Page.route:
            return super().route(request, path_components)
        if not page.live:
            raise Http404
        return RouteResult(page)


@register_setting(icon="site")
class SiteSettings(BaseGenericSetting):
    """Branding a trainer can change: the organisation and who signs certificates."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=120, default="Office Manager 2.0 Academy"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_name = models.CharField(
        _("certificate signatory name"), max_length=120, blank=True
    )
    signatory_role = models.CharField(
        _("certificate signatory role"), max_length=120, blank=True
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_role")],
            heading=_("Certificates"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
