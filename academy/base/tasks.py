"""The ground floor's background jobs: sending the outbox, and two housekeeping jobs
that used to be cron lines (Celery beat runs them: settings.CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task
from django.core.management import call_command

from . import outbox

logger = logging.getLogger(__name__)

# A row not visible yet (queued inside a transaction): looked for again this often.
MISSING_RETRIES = 3
MISSING_DELAY = 5


@shared_task(bind=True, max_retries=outbox.MAX_TRIES + MISSING_RETRIES)
def send_email(self, email_id):
    """Send one queued email (outbox.send): retried with back-off when the mail
    server fails; a second run of the same task sends nothing."""
    try:
        outcome = outbox.send(email_id)
    except outbox.SendFailed as failure:
        if failure.retry_in is None or self.request.is_eager:
            # The last try (logged as an error), or development and tests, where
            # nothing waits: the sweep takes a WAITING row later.
            return "failed"
        raise self.retry(countdown=failure.retry_in, exc=failure) from failure
    waiting = outcome == "missing" and not self.request.is_eager
    if waiting and self.request.retries < MISSING_RETRIES:
        raise self.retry(countdown=MISSING_DELAY)
    return outcome


@shared_task
def send_waiting_emails():
    """The sweep: every email no task took (see outbox.waiting), sent once."""
    sent = 0
    for email_id in outbox.waiting():
        try:
            if outbox.send(email_id) == "sent":
                sent += 1
        except outbox.SendFailed:
            continue  # logged; tried again at a later sweep
    return sent


@shared_task
def purge_sent_emails():
    """Sent emails older than half a year are removed (outbox.KEEP_SENT)."""
    return outbox.purge()


@shared_task
def publish_scheduled():
    """Wagtail's scheduled publishing ("go live at", "expire at")."""
    call_command("publish_scheduled", verbosity=0)


@shared_task
def clear_sessions():
    """Remove expired sessions from the database (a no-op with the cache sessions)."""
    call_command("clearsessions")
