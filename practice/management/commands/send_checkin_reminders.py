"""Email participants whose weekly tips check-in is due, now (Celery beat does this
hourly: practice.tasks; this command is for a manual run).

At most one reminder a week per participant; running it twice sends nothing twice.
"""

from django.core.management.base import BaseCommand

from practice import reminders


class Command(BaseCommand):
    help = "Send the weekly tips check-in reminders that are due."

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"{sent} reminder(s) sent.")
