"""What the certificates app does when something happens, and what it adds to the
pages, reports and export of the apps below it. Connected in apps.py."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from academy.base import privacy
from academy.base.caching import bump_stamp
from courses import page_extensions, report_actions, report_columns
from courses.signals import workshop_finished
from quizzes.signals import quiz_passed

from .models import Certificate


def issue_certificate(sender, user, workshop, **kwargs):
    """A participant finished a workshop: issue its certificate (once)."""
    from .issuing import issue

    issue(user, workshop)


def forget_certificate_page(sender, instance, **kwargs):
    """A revoked, reinstated, renamed, renewed or withdrawn certificate gets a new
    verification page, and the status lists are made again."""
    bump_stamp(f"certificate:{instance.code}")
    from . import status_list

    status_list.changed()


def renew_certificates(sender, user, quiz, **kwargs):
    """A participant passed a quiz: renew the certificates it is the renewal quiz of."""
    from .issuing import renew_after_quiz

    renew_after_quiz(user, quiz)


def withdraw_certificates(sender, instance, **kwargs):
    """An account is about to be deleted (Certificate.user is then set to NULL): its
    certificates stay, withdrawn, without the name or its changes."""
    from .issuing import withdraw_certificates_of

    withdraw_certificates_of(instance)


def certificate_code_column():
    from django.db.models import OuterRef, Subquery

    return Subquery(
        Certificate.objects.filter(
            user=OuterRef("user"), workshop=OuterRef("workshop"), is_revoked=False
        ).values("code")[:1]
    )


def certificate_link(code):
    if not code:
        return "—"
    from django.urls import reverse

    return format_html(
        '<a href="{}">{}</a>', reverse("certificates:certificate", args=[code]), code
    )


def export_certificates(user):
    return [
        {
            "code": c.code,
            "name": c.name,
            "workshop": c.workshop_title,
            "issued_at": c.issued_at.isoformat(),
            "revoked": c.is_revoked,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            "credential_id": c.credential_id.urn,
            "valid_from": c.valid_from.isoformat(),
            "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            "renewals": [
                {
                    "renewed_at": renewal.renewed_at.isoformat(),
                    "replaced_credential": renewal.old_credential_id.urn,
                    "was_valid_until": (
                        renewal.old_valid_until.isoformat()
                        if renewal.old_valid_until
                        else None
                    ),
                    "now_valid_until": (
                        renewal.new_valid_until.isoformat()
                        if renewal.new_valid_until
                        else None
                    ),
                }
                for renewal in c.renewals.all()
            ],
            "expiry_reminders": [
                {
                    "expires_at": reminder.valid_until.isoformat(),
                    "days_before": reminder.days_before,
                    "sent_at": reminder.sent_at.isoformat(),
                }
                for reminder in c.expiry_reminders.all()
            ],
            # Every change and request, with its outcome (who decided is the
            # trainer's data, not the participant's).
            "name_changes": [
                {
                    "old_name": change.old_name,
                    "new_name": change.new_name,
                    "changed_at": change.changed_at.isoformat(),
                    "status": change.status,
                    "decided_at": (
                        change.decided_at.isoformat() if change.decided_at else None
                    ),
                }
                for change in c.name_changes.all()
            ],
        }
        for c in Certificate.objects.filter(user=user).prefetch_related(
            "name_changes", "renewals", "expiry_reminders"
        )
    ]


def certificate_panel(request, workshop, progress):
    """The finished participant's certificate, on the workshop page."""
    certificate = Certificate.objects.filter(
        user=request.user, workshop=workshop, is_revoked=False
    ).first()
    return {"certificate": certificate} if certificate else None


def connect():
    page_extensions.register(
        page_extensions.WorkshopPanel(
            slot="finished",
            template="certificates/includes/workshop_certificate.html",
            context=certificate_panel,
        )
    )
    workshop_finished.connect(issue_certificate, dispatch_uid="certificates-issue")
    quiz_passed.connect(renew_certificates, dispatch_uid="certificates-renew")
    pre_delete.connect(
        withdraw_certificates,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="certificates-withdraw",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            forget_certificate_page,
            sender=Certificate,
            dispatch_uid=f"certificates-page-{id(signal)}",
        )
    report_columns.register(
        report_columns.ReportColumn(
            name="certificate_code",
            heading=_("Certificate"),
            annotation=certificate_code_column,
            display=certificate_link,
            export=lambda code: code or "",
            order=30,
        )
    )
    # The progress report's "Download certificates (ZIP)" (wagtail_hooks.py).
    report_actions.register(
        report_actions.ReportAction(
            name="certificates_zip",
            label=_("Download certificates (ZIP)"),
            url_name="certificates_zip",
            permission="certificates.view_certificate",
            order=110,
        )
    )
    privacy.register(
        "certificates",
        export_certificates,
        [
            "certificates.Certificate",
            "certificates.CertificateNameChange",
            "certificates.CertificateRenewal",
            "certificates.CertificateExpiryReminder",
        ],
    )
