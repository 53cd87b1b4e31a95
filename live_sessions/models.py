"""Live sessions of a workshop, and the participants' registrations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class WorkshopSession(Orderable):
    """A live session of a workshop: a date, a place (or online), seats."""

    page = ParentalKey(
        "courses.WorkshopPage", on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("The address; leave empty for an online session."),
    )
    meeting_link = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("For online sessions; only registered participants see it."),
    )
    trainer_name = models.CharField(_("trainer"), max_length=120, blank=True)
    seats = models.PositiveIntegerField(_("number of seats"), default=12)
    registration_deadline = models.DateTimeField(_("registration deadline"))
    cancelled = models.BooleanField(
        pgettext_lazy("session", "cancelled"),
        default=False,
        help_text=_(
            "The session does not take place. Its participants get an email and a "
            "cancellation for their calendar; their registrations are kept, and the "
            "session takes no more registrations."
        ),
    )

    # The editor refuses to remove a session that participants registered for
    # (courses.panels.ChildInlinePanel uses this formset for the workshop's sessions).
    base_formset_class = "live_sessions.forms.SessionFormSet"

    panels = [
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("location"),
        FieldPanel("meeting_link"),
        FieldPanel("trainer_name"),
        FieldPanel("seats"),
        FieldPanel("registration_deadline"),
        FieldPanel("cancelled"),
    ]

    class Meta(Orderable.Meta):
        db_table = "courses_workshopsession"  # the table from before the app existed
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.page.title}, {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "Registration must close before the session starts."
            )
        if not self.location and not self.meeting_link:
            errors["location"] = _("Give a place, or a meeting link for online.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self):
        return not self.location


class Registration(models.Model):
    """A participant's place in a session, or on its waiting list."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    # PROTECT: removing a session never takes its participants' records (and their
    # attendance, which certificates rest on) with it. A trainer cancels it instead.
    session = models.ForeignKey(
        WorkshopSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="session_registrations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        db_table = "courses_registration"
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="one_registration_per_session"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.session} ({self.status})"


from .guide import TrainerGuidePage  # noqa: E402, F401 - the page model lives beside its blocks
