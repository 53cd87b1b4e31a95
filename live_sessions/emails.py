"""Emails to participants about their sessions, with the calendar file attached.

Plain functions: a view may pass its request (links then point at the address it was
asked on); code without one (a trainer publishing the workshop page, the waiting list
moving up) links to WAGTAILADMIN_BASE_URL. Each email goes through the outbox
(academy.base.outbox): sent by a background task, retried when the mail server
fails; the registration stands whatever the mail server does."""

import logging
import uuid
from email.utils import parseaddr
from functools import partial
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from academy.base import outbox, translations

from .calendar import is_cancellation, session_ics
from .models import Registration

Status = Registration.Status
logger = logging.getLogger(__name__)

# What an email says (templates/live_sessions/email/): the participant's own step,
# or what the trainer changed.
KINDS = (
    "registered",  # a seat
    "waiting",  # on the waiting list
    "promoted",  # a seat came free (or more seats): off the waiting list
    "cancelled",  # the participant cancelled
    "changed",  # the trainer moved the session (time or place)
    "session_cancelled",  # the trainer cancelled the session
    "reinstated",  # ... and then it takes place after all
)


def absolute_url(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def calendar_domain():
    """The domain in every calendar UID: one for the site, so an update replaces the
    event it updates, whoever or whatever sends it."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def organiser_email():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL


def calendar_text(registration, workshop=None):
    return session_ics(
        registration,
        domain=calendar_domain(),
        organiser_email=organiser_email(),
        workshop=workshop,
    )


def session_email(registration, kind, request=None, connection=None):
    """The email for one registration; an invitation (or cancellation) attached for
    everyone with a seat, or who just gave theirs up."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of session email: {kind!r}")
    session = registration.session
    language = registration.user.preferred_language
    # The workshop as the participant reads it (sessions belong to the source).
    workshop = translations.in_language(session.page, language)
    with translation.override(language):
        context = {
            "registration": registration,
            "session": session,
            "workshop": workshop,
            "kind": kind,
            "workshop_url": absolute_url(workshop.url, request),
            "dashboard_url": absolute_url(reverse("dashboard"), request),
        }
        subject = render_to_string("live_sessions/email/session_subject.txt", context)
        body = render_to_string("live_sessions/email/session_body.txt", context)
        calendar_name = _("session.ics")
    email = EmailMessage(
        " ".join(subject.split()),
        body,
        to=[registration.user.email],
        connection=connection,
    )
    if registration.status != Status.WAITING:
        method = "CANCEL" if is_cancellation(registration) else "REQUEST"
        email.attach(
            calendar_name,
            calendar_text(registration, workshop),
            f"text/calendar; charset=utf-8; method={method}",
        )
    return email


def send_session_email(registration, kind, request=None):
    """Tell the participant, with the calendar file attached (invite or cancel)."""
    send_session_emails([registration], kind, request=request)


def send_session_emails(registrations, kind, request=None):
    """One email per registration, each queued in the outbox (one task each)."""
    for registration in registrations:
        outbox.queue_message(
            f"session-{kind}".replace("_", "-"),
            f"{registration.pk}:{uuid.uuid4().hex}",
            session_email(registration, kind, request),
            user=registration.user,
        )


def send_after_commit(registrations, kind):
    """Email these participants once the change they are told about is committed
    (at once outside a transaction); nothing is sent for a rolled-back change."""
    registrations = list(registrations)
    if registrations:
        transaction.on_commit(
            partial(send_session_emails, registrations, kind), robust=True
        )
