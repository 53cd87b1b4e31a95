"""Remind holders 30 and 7 days before their certificate expires (run daily)."""

from django.core.management.base import BaseCommand

from certificates import reminders


class Command(BaseCommand):
    help = "Send the reminders of certificates that expire soon (each one once)."

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"{sent} reminder(s) sent.")
