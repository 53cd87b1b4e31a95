"""The emails about a certificate: issued, and a name change approved or rejected.

Plain functions without request objects, called after the transaction commits
(issuing.py). Links are absolute, made from `WAGTAILADMIN_BASE_URL` in the site's
default language: the URLs that are printed and shared. The emails are written in
the site's default language (Dutch): the User has no language preference. A mail
server that is down is logged and never breaks what caused the email.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import sharing
from .models import Certificate, CertificateNameChange

logger = logging.getLogger(__name__)


def site_url(name, *args):
    """An absolute URL outside a request, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(name, args=args)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def certificate_links(certificate):
    verify_url = site_url("certificates:certificate", certificate.code)
    return {
        "verify_url": verify_url,
        "pdf_url": site_url("certificates:certificate_pdf", certificate.code),
        "linkedin_url": sharing.linkedin_add_url(
            certificate, verify_url, settings.LINKEDIN_ORGANIZATION_ID
        ),
    }


def email_language(user):
    """The language of emails to `user`: the site's default (no user preference)."""
    return settings.LANGUAGE_CODE


def send(user, template, context):
    """Send `certificates/email/<template>_subject.txt` and `_body.txt` to `user`;
    a mail server problem is logged, not raised."""
    context = {"user": user, **context}
    with translation.override(email_language(user)):
        subject = render_to_string(
            f"certificates/email/{template}_subject.txt", context
        )
        body = render_to_string(f"certificates/email/{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("could not send the %s email to user %s", template, user.pk)
        return False
    return True


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
    )
