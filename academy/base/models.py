from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


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

    class Meta:
        verbose_name = _("home page")


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
