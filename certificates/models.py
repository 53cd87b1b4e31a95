"""Certificates: what was issued to whom, as it was that day, and its corrections."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


def new_certificate_code():
    """128 random bits, URL-safe: nothing sequential or guessable about it.

    Never starting with "-" or "_": a code is typed, printed and exported, and a
    spreadsheet reads a cell starting with "-" as a formula (the exports guard such
    cells with a quote, which would then be part of the code a trainer copies)."""
    while True:
        code = secrets.token_urlsafe(16)
        if code[0].isalnum():
            return code


class Certificate(index.Indexed, models.Model):
    """Proof that a participant finished a workshop, as it was on the day of issue.

    Everything printed is copied here when the certificate is issued, so renaming the
    workshop or the organisation later does not change it.
    """

    # Emptied when the holder deletes their account: the certificate then stays as a
    # record without personal data (see `withdrawn_at`).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    workshop = models.ForeignKey(
        "courses.WorkshopPage",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_certificate_code
    )
    name = models.CharField(_("name as printed"), max_length=150)
    workshop_title = models.CharField(_("workshop title"), max_length=255)
    # What it says in each other language, as it was when issued: {"en":
    # {"workshop_title": ..., "signatory_role": ...}}. The certificate prints the
    # reader's language, the fields below (the Dutch source's) otherwise.
    translated = models.JSONField(
        _("texts in other languages"), default=dict, blank=True
    )
    # The owner's language when it was issued: the signed credential's language.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)
    organisation_name = models.CharField(_("organisation"), max_length=120)
    trainer_name = models.CharField(_("trainer"), max_length=120, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=120, blank=True)
    signatory_role = models.CharField(_("signatory role"), max_length=120, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    is_revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    # The signed credential (credentials.py): its id (`urn:uuid:`), and the period it
    # is valid for. A renewal gives a new id and period (CertificateRenewal).
    credential_id = models.UUIDField(
        _("credential id"), unique=True, default=uuid.uuid4, editable=False
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    # When the holder deleted their account: the name is gone, the verification page
    # says "withdrawn by its holder" (HTTP 410) and the PDF is no longer served.
    withdrawn_at = models.DateTimeField(
        _("withdrawn by its holder"), null=True, blank=True
    )

    panels = [
        FieldPanel("name", read_only=True),
        FieldPanel("workshop_title", read_only=True),
        FieldPanel("issued_at", read_only=True),
        FieldPanel("code", read_only=True),
        FieldPanel("withdrawn_at", read_only=True),
        MultiFieldPanel(
            [FieldPanel("is_revoked"), FieldPanel("revocation_reason")],
            heading=_("Revoke"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("workshop_title"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.FilterField("is_revoked"),
    ]

    class Meta:
        db_table = "courses_certificate"  # the table from before the app existed
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workshop"], name="one_certificate_per_workshop"
            )
        ]

    def __str__(self):
        name = (
            self.name if not self.is_withdrawn else gettext("withdrawn by its holder")
        )
        return f"{name} – {self.workshop_title} ({self.issued_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.is_revoked and self.revoked_at is None:
            self.revoked_at = timezone.now()
        elif not self.is_revoked:
            self.revoked_at = None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.is_revoked and not self.revocation_reason.strip():
            raise ValidationError(
                {"revocation_reason": _("Say why the certificate is revoked.")}
            )

    def text_in(self, name, language):
        """The field `name` as issued in `language` (the source's if none)."""
        return self.translated.get(language, {}).get(name) or getattr(self, name)

    def title_in(self, language):
        return self.text_in("workshop_title", language)

    @property
    def title(self):
        """The workshop's title in the active language."""
        return self.title_in(_active_language())

    @property
    def role(self):
        """The signatory's role in the active language."""
        return self.text_in("signatory_role", _active_language())

    @property
    def issued_on(self):
        return timezone.localtime(self.issued_at).date()

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def is_expired(self, now=None):
        return self.valid_until is not None and self.valid_until <= (
            now or timezone.now()
        )

    @property
    def expires_on(self):
        return timezone.localtime(self.valid_until).date() if self.valid_until else None


def _active_language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


class CertificateRenewal(models.Model):
    """A certificate renewed by passing the workshop's renewal quiz: the credential
    it replaced, and the period before and after."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="renewals",
    )
    renewed_at = models.DateTimeField(_("renewed at"), default=timezone.now)
    old_credential_id = models.UUIDField(_("replaced credential"))
    old_valid_until = models.DateTimeField(_("was valid until"), null=True)
    new_valid_until = models.DateTimeField(_("now valid until"), null=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["renewed_at", "pk"]

    def __str__(self):
        return f"{self.certificate} ({self.renewed_at:%Y-%m-%d})"


class CertificateExpiryReminder(models.Model):
    """A reminder sent that a certificate expires soon: one per certificate, period
    and number of days before, however often or concurrently the reminders run."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="expiry_reminders",
    )
    valid_until = models.DateTimeField(_("expires at"))
    days_before = models.PositiveSmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "valid_until", "days_before"],
                name="one_expiry_reminder_per_period",
            )
        ]

    def __str__(self):
        return f"{self.certificate}: {self.days_before}"


class CertificateNameChange(models.Model):
    """A change of the name on a certificate: who asked, when, from what to what, and
    what became of it.

    A small correction is made at once (status *applied*); any other change is a
    request (*pending*) that a trainer approves or rejects (certificates/issuing.py).
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Corrected at once")
        PENDING = "pending", _("Waiting for a trainer")
        APPROVED = "approved", _("Approved by a trainer")
        REJECTED = "rejected", _("Rejected by a trainer")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="name_changes",
    )
    old_name = models.CharField(_("old name"), max_length=150)
    new_name = models.CharField(_("new name"), max_length=150)
    changed_at = models.DateTimeField(_("asked at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        db_table = "courses_certificatenamechange"
        verbose_name = _("name change")
        verbose_name_plural = _("name changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            # One request at a time per certificate, however many are sent at once.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=models.Q(status="pending"),
                name="one_pending_name_change_per_certificate",
            )
        ]

    def __str__(self):
        return f"{self.old_name} → {self.new_name}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
