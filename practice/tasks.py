"""Celery beat runs this hourly (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import reminders


@shared_task
def send_checkin_reminders():
    return reminders.send_due()
