"""The weekly check-in reminders of the tips practice (no requests).

At most one a week per participant: the outbox key is the participant and the
week, so a job that runs twice, or twice at the same moment, sends nothing twice
(before, two runs at the same moment could both send). Every email has an
unsubscribe link that works without logging in.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from academy.base import outbox

from . import logic


def site_url(name, *args):
    """An absolute URL in the active language (the participant's, in an email)."""
    path = reverse(name, args=args)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_due(today=None):
    """Queue the reminders due today; returns how many were new."""
    today = today or timezone.localdate()
    week = logic.week_of(today)
    sent = 0
    for user in logic.due_for_reminder(today):
        with translation.override(user.preferred_language):
            unsubscribe = site_url(
                "practice:unsubscribe", logic.unsubscribe_token(user)
            )
            context = {
                "user": user,
                "check_in_url": site_url("practice:check_in"),
                "unsubscribe_url": unsubscribe,
            }
            email = outbox.queue(
                "checkin-reminder",
                f"{user.pk}:{week.isoformat()}",
                [user.email],
                render_to_string("practice/email/reminder_subject.txt", context),
                render_to_string("practice/email/reminder_body.txt", context),
                user=user,
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                },
            )
            logic.mark_reminded(user, today)
            if email is not None:
                sent += 1
    return sent
