"""The email that a booster is due: at most one a day per participant (the outbox's
unique key is the participant and the day), with a link that switches these emails
off without logging in."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from academy.base import outbox
from academy.users.models import language_or_default

from . import logic

BATCH = 1000


def site_url(name, *args):
    """An absolute URL in the active language (the participant's, in an email)."""
    path = reverse(name, args=args)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_due(now=None, batch=BATCH):
    """Queue the emails about the boosters due now; returns how many. The queries do
    not grow with the participants: per batch of `batch`, one to find them, one to
    mark their boosters and one insert of the emails (with their unique keys)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    queued, after = 0, 0
    while True:
        rows = logic.to_email(now, after=after, limit=batch)
        if not rows:
            return queued
        after = rows[-1][0]
        emails = []
        for user_id, address, name, language, count in rows:
            with translation.override(language_or_default(language)):
                context = {
                    "name": name,
                    "count": count,
                    "booster_url": site_url("boosters:take"),
                    "unsubscribe_url": site_url(
                        "boosters:unsubscribe",
                        logic.unsubscribe_token(_Pk(user_id)),
                    ),
                }
                unsubscribe = context["unsubscribe_url"]
                emails.append(
                    outbox.Draft(
                        kind="booster",
                        key=f"{user_id}:{day.isoformat()}",
                        to=[address],
                        subject=render_to_string(
                            "boosters/email/due_subject.txt", context
                        ),
                        body=render_to_string("boosters/email/due_body.txt", context),
                        user_id=user_id,
                        headers={
                            "List-Unsubscribe": f"<{unsubscribe}>",
                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                        },
                    )
                )
        queued += len(outbox.queue_many(emails))
        logic.mark_emailed([row[0] for row in rows], now)


class _Pk:
    """Just enough of a user for unsubscribe_token()."""

    def __init__(self, pk):
        self.pk = pk
