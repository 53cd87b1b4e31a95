"""Every email the site sends (allauth's account mail excepted), through one door.

`queue()` writes the email as an OutgoingEmail row, once per (kind, key), and hands
its id to a Celery task; `send()` (the task's body) claims the row and sends it.

- Sent once: the unique (kind, key) makes a reminder job that runs twice, or twice at
  the same moment, queue nothing twice; the claim (an UPDATE from WAITING to
  SENDING) makes a task that runs twice, or a task and the sweep, send nothing twice.
- Never lost: a broker that is away when the email is queued leaves the row WAITING,
  and the sweep (`send_waiting`, every few minutes from Celery beat) sends it; a
  worker that died mid-send leaves it SENDING, and the sweep takes it back after
  CLAIM_TIMEOUT.
- A mail server that fails: the row goes back to WAITING and the task retries with
  exponential back-off (RETRY_DELAYS), logged each time; after the last try it is
  FAILED, with the error, in the admin (Settings → Emails).

Plain functions; the tasks in tasks.py are thin wrappers. In development and tests
Celery runs every task at once (CELERY_TASK_ALWAYS_EAGER), so an email is sent
before queue() returns.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

State = OutgoingEmail.State
# Seconds before each retry of a failed send: 1 min, 5 min, 30 min, 2 h, 12 h.
RETRY_DELAYS = (60, 300, 1800, 7200, 43200)
MAX_TRIES = len(RETRY_DELAYS) + 1
CLAIM_TIMEOUT = timedelta(minutes=15)
# The sweep leaves an email this young to the task queued with it.
SWEEP_AFTER = timedelta(minutes=2)


def queue(kind, key, to, subject, body, *, user=None, headers=None, attachments=()):
    """Write one email and queue its sending; returns the OutgoingEmail, or None
    when (kind, key) was queued before (nothing is sent again)."""
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                user=user,
                kind=kind,
                key=str(key)[:120],
                to=list(to),
                subject=" ".join(subject.split())[:255],
                body=body,
                headers=dict(headers or {}),
                attachments=[
                    {"filename": name, "content": content, "mimetype": mimetype}
                    for name, content, mimetype in attachments
                ],
            )
    except IntegrityError:
        return None
    # At once, not on commit: the task waits for a row it cannot see yet (a queue()
    # inside a transaction) and gives up on one that was rolled back.
    dispatch(email.pk)
    return email


@dataclass
class Draft:
    """One email for queue_many()."""

    kind: str
    key: str
    to: list
    subject: str
    body: str
    user_id: int | None = None
    headers: dict = field(default_factory=dict)


def queue_many(drafts):
    """queue() for many emails in one insert (those whose (kind, key) is there
    already are left out) and one query for the ids; returns the ids queued now."""
    drafts = list(drafts)
    if not drafts:
        return []
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                user_id=draft.user_id,
                kind=draft.kind,
                key=str(draft.key)[:120],
                to=list(draft.to),
                subject=" ".join(draft.subject.split())[:255],
                body=draft.body,
                headers=dict(draft.headers),
            )
            for draft in drafts
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    kinds = {draft.kind for draft in drafts}
    ids = list(
        OutgoingEmail.objects.filter(
            kind__in=kinds,
            key__in=[str(draft.key)[:120] for draft in drafts],
            state=State.WAITING,
            tries=0,
        ).values_list("pk", flat=True)
    )
    for email_id in ids:
        dispatch(email_id)
    return ids


def queue_message(kind, key, message, *, user=None):
    """queue() for a django EmailMessage that is built but not sent."""
    return queue(
        kind,
        key,
        message.to,
        message.subject,
        message.body,
        user=user,
        headers=message.extra_headers,
        attachments=[
            (name, content, mimetype) for name, content, mimetype in message.attachments
        ],
    )


def dispatch(email_id):
    """Hand the email to a worker; a broker that does not answer leaves it for the
    sweep (logged, never raised: what caused the email stands)."""
    from .tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:  # noqa: BLE001 - any broker error: the sweep sends it later
        logger.warning(
            "email %s not queued (broker unavailable): left for the sweep",
            email_id,
            exc_info=True,
        )


def claim(email_id, now=None):
    """Take the email for sending: True for exactly one caller."""
    now = now or timezone.now()
    return bool(
        OutgoingEmail.objects.filter(pk=email_id, state=State.WAITING).update(
            state=State.SENDING, claimed_at=now
        )
    )


def message(email):
    result = EmailMessage(
        email.subject, email.body, to=email.to, headers=email.headers or None
    )
    for attachment in email.attachments:
        result.attach(
            attachment["filename"], attachment["content"], attachment["mimetype"]
        )
    return result


class SendFailed(Exception):
    """The mail server refused or did not answer; `retry_in` seconds to the next
    try, or None after the last one."""

    def __init__(self, error, retry_in):
        super().__init__(str(error))
        self.retry_in = retry_in


def send(email_id):
    """Send one queued email if nobody has: "sent", "skipped" (sent or being sent
    by another task), "missing" (not there: not committed yet, or rolled back), or
    raises SendFailed (the row is WAITING again, or
    FAILED after the last try)."""
    if not claim(email_id):
        return (
            "skipped"
            if OutgoingEmail.objects.filter(pk=email_id).exists()
            else ("missing")
        )
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message(email).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - every failure is retried and logged
        tries = email.tries + 1
        final = tries >= MAX_TRIES
        OutgoingEmail.objects.filter(pk=email_id).update(
            state=State.FAILED if final else State.WAITING,
            tries=tries,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        log = logger.error if final else logger.warning
        log(
            "email %s (%s) to user %s not sent, try %s of %s: %s",
            email_id,
            email.kind,
            email.user_id,
            tries,
            MAX_TRIES,
            error,
        )
        raise SendFailed(error, None if final else RETRY_DELAYS[tries - 1]) from error
    OutgoingEmail.objects.filter(pk=email_id).update(
        state=State.SENT, tries=email.tries + 1, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def waiting(now=None, limit=500):
    """Ids of the emails the sweep should send: WAITING for a while (no task took
    them) and not in back-off, or SENDING for longer than a worker takes."""
    now = now or timezone.now()
    stale = OutgoingEmail.objects.filter(
        state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    stale.update(state=State.WAITING)
    candidates = (
        OutgoingEmail.objects.filter(
            state=State.WAITING, created_at__lt=now - SWEEP_AFTER
        )
        .order_by("created_at")
        .values_list("pk", "tries", "claimed_at")[:limit]
    )
    due = []
    for pk, tries, claimed_at in candidates:
        if (
            tries
            and claimed_at
            and claimed_at
            + timedelta(seconds=RETRY_DELAYS[min(tries, MAX_TRIES - 1) - 1])
            > now
        ):
            continue  # its retry is scheduled
        due.append(pk)
    return due


# Sent emails are kept this long (the participant's data export shows them; the keys
# that stop a second send are a week or a day long), then removed.
KEEP_SENT = timedelta(days=180)


def purge(now=None):
    """Remove sent emails older than KEEP_SENT; returns how many."""
    now = now or timezone.now()
    deleted, _ = OutgoingEmail.objects.filter(
        state=State.SENT, sent_at__lt=now - KEEP_SENT
    ).delete()
    return deleted


def export_emails(user):
    """The emails sent (or to be sent) to the participant, for their data download."""
    return [
        {
            "kind": email.kind,
            "to": email.to,
            "subject": email.subject,
            "body": email.body,
            "state": email.state,
            "queued_at": email.created_at.isoformat(),
            "sent_at": email.sent_at.isoformat() if email.sent_at else None,
        }
        for email in OutgoingEmail.objects.filter(user=user).order_by("created_at")
    ]
