"""Email participants whose weekly tips check-in is due (run daily by cron).

At most one reminder a week per participant; running it twice on a day sends nothing
twice. Every email has an unsubscribe link that works without logging in.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from practice import logic


class Command(BaseCommand):
    help = "Send the weekly tips check-in reminders that are due."

    def handle(self, *args, **options):
        today = timezone.localdate()
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for user in logic.due_for_reminder(today):
                context = {
                    "user": user,
                    "check_in_url": base + reverse("practice:check_in"),
                    "unsubscribe_url": base
                    + reverse(
                        "practice:unsubscribe", args=[logic.unsubscribe_token(user)]
                    ),
                }
                send_mail(
                    render_to_string(
                        "practice/email/reminder_subject.txt", context
                    ).strip(),
                    render_to_string("practice/email/reminder_body.txt", context),
                    None,
                    [user.email],
                )
                logic.mark_reminded(user, today)
                sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
