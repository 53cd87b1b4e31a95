"""The emails about a certificate: issued, and a name change approved or rejected.

Plain functions without request objects, called after the transaction commits
(issuing.py). Links are absolute, made from `WAGTAILADMIN_BASE_URL` in the site's
default language: the URLs that are printed and shared. The emails are written in
the participant's own language (their profile), the workshop's title too.

Every email goes through the outbox (academy.base.outbox): sent by a background
task, once per key, retried with back-off when the mail server fails (logged, and
never breaking what caused the email).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from academy.base import outbox

from . import sharing
from .models import Certificate, CertificateNameChange


def site_url(name, *args, language=None):
    """An absolute URL outside a request, in the default language (the one printed
    and shared) or in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse(name, args=args)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def certificate_links(certificate):
    verify_url = site_url("certificates:certificate", certificate.code)
    language = email_language(certificate.user)
    return {
        "verify_url": verify_url,
        # The PDF in the owner's language (the verification link stays the one
        # printed on it).
        "pdf_url": site_url(
            "certificates:certificate_pdf", certificate.code, language=language
        ),
        # The certification's name in the owner's language.
        "linkedin_url": linkedin_url(certificate, verify_url, language),
    }


def linkedin_url(certificate, verify_url, language):
    with translation.override(language):
        return sharing.linkedin_add_url(
            certificate, verify_url, settings.LINKEDIN_ORGANIZATION_ID
        )


def email_language(user):
    """The language of emails to `user`: their own (profile), else the default."""
    return getattr(user, "preferred_language", settings.LANGUAGE_CODE)


def send(user, template, context, key):
    """Queue `certificates/email/<template>_subject.txt` and `_body.txt` to `user`,
    once per `key`; True when it was queued now (False: queued before)."""
    context = {"user": user, **context}
    with translation.override(email_language(user)):
        subject = render_to_string(
            f"certificates/email/{template}_subject.txt", context
        )
        body = render_to_string(f"certificates/email/{template}_body.txt", context)
    email = outbox.queue(
        f"certificate-{template}".replace("_", "-"),
        key,
        [user.email],
        subject,
        body,
        user=user,
    )
    return email is not None


def send_certificate_issued(certificate_id):
    """Tell the participant their certificate is there, with its links."""
    certificate = (
        Certificate.objects.select_related("user")
        .filter(pk=certificate_id, is_revoked=False, withdrawn_at=None)
        .exclude(user=None)
        .first()
    )
    if certificate is None:
        return False
    return send(
        certificate.user,
        "issued",
        {"certificate": certificate, **certificate_links(certificate)},
        key=f"{certificate.pk}:{certificate.credential_id}",
    )


def send_name_change_decided(change_id):
    """Tell the participant a trainer approved or rejected their new name."""
    change = (
        CertificateNameChange.objects.select_related("certificate__user")
        .filter(pk=change_id)
        .exclude(certificate__user=None)
        .first()
    )
    if change is None:
        return False
    certificate = change.certificate
    return send(
        certificate.user,
        "name_change_decided",
        {
            "change": change,
            "approved": change.status == CertificateNameChange.Status.APPROVED,
            "certificate": certificate,
            **certificate_links(certificate),
        },
        key=f"{change.pk}:{change.status}",
    )


def renewal_links(certificate):
    return {
        **certificate_links(certificate),
        "renew_url": site_url(
            "certificates:certificate_renew",
            certificate.code,
            language=email_language(certificate.user),
        ),
    }


def send_certificate_renewed(certificate_id):
    """Tell the participant their certificate was renewed, until when."""
    certificate = (
        Certificate.objects.select_related("user")
        .filter(pk=certificate_id, is_revoked=False, withdrawn_at=None)
        .exclude(user=None)
        .first()
    )
    if certificate is None:
        return False
    return send(
        certificate.user,
        "renewed",
        {"certificate": certificate, **certificate_links(certificate)},
        key=f"{certificate.pk}:{certificate.credential_id}",
    )


def send_expiry_reminder(certificate, days_before):
    """Remind the holder that `certificate` expires in about `days_before` days."""
    return send(
        certificate.user,
        "expiry_reminder",
        {
            "certificate": certificate,
            "days_before": days_before,
            "renewable": certificate.workshop is not None
            and certificate.workshop.renewal_quiz_id is not None,
            **renewal_links(certificate),
        },
        key=f"{certificate.pk}:{certificate.valid_until.isoformat()}:{days_before}",
    )
