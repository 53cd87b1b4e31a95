from django.conf import settings
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
    subpage_types = [
        "courses.WorkshopIndexPage",
        "courses.TipsPage",
        "live_sessions.TrainerGuidePage",
    ]
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
    # The one text of the settings that is in a language (names are not): in
    # English for English certificates.
    signatory_role_en = models.CharField(
        _("certificate signatory role in English"),
        max_length=120,
        blank=True,
        help_text=_("Printed on English certificates; the Dutch role when empty."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_role"),
                FieldPanel("signatory_role_en"),
            ],
            heading=_("Certificates"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def signatory_role_in(self, language):
        """The signatory's role as written for `language` (the Dutch one when the
        English is left empty)."""
        if language == "en" and self.signatory_role_en:
            return self.signatory_role_en
        return self.signatory_role


class OutgoingEmail(models.Model):
    """An email the site sends (not allauth's account mail): written when it is
    decided, sent by a background task (academy/base/outbox.py).

    (kind, key) is unique: what a key names is sent once, however often or
    concurrently the job that decides it runs. A task claims the row before it
    sends, so a task that runs twice sends nothing twice; a mail server that fails
    is retried with back-off and the last error kept.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=120)
    to = models.JSONField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # [{"filename", "content", "mimetype"}] (text attachments: calendar files)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_email_per_key")
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.kind} {self.key}"
