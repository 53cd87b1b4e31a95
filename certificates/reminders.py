"""Reminders that a certificate expires soon: 30 and 7 days before (no requests).

Run daily (`manage.py send_certificate_reminders`). Each reminder is recorded in
CertificateExpiryReminder *before* its email is sent, under a unique constraint on
(certificate, expiry, days before): two runs at the same moment, or a run repeated,
never send one twice. A renewal moves the expiry, so the new period gets its own.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails, validity
from .models import Certificate, CertificateExpiryReminder


def due(now):
    """(certificate, days before) of every reminder due at `now`: one query."""
    horizon = now + timezone.timedelta(days=max(validity.REMINDER_DAYS))
    certificates = (
        Certificate.objects.filter(
            valid_until__gt=now,
            valid_until__lte=horizon,
            is_revoked=False,
            withdrawn_at=None,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("user", "workshop")
        .order_by("valid_until", "pk")
    )
    for certificate in certificates:
        for days in validity.REMINDER_DAYS:
            if validity.reminder_due(certificate.valid_until, now, days):
                yield certificate, days


def send_due(now=None):
    """Send every reminder due now, each once; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for certificate, days in list(due(now)):
        try:
            with transaction.atomic():
                CertificateExpiryReminder.objects.create(
                    certificate=certificate,
                    valid_until=certificate.valid_until,
                    days_before=days,
                    sent_at=now,
                )
        except IntegrityError:
            continue  # sent already, by an earlier or a concurrent run
        if emails.send_expiry_reminder(certificate, days):
            sent += 1
    return sent
