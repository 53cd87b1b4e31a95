"""Celery beat runs this hourly (settings.CELERY_BEAT_SCHEDULE): the reminders of
certificates that expire in 30 and 7 days, each sent once (reminders.py)."""

from celery import shared_task

from . import reminders


@shared_task
def send_certificate_reminders():
    return reminders.send_due()
