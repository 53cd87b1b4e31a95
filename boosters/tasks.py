"""Celery beat runs this hourly (settings.CELERY_BEAT_SCHEDULE): the emails about
boosters that came due. Running it twice, or twice at once, sends nothing twice."""

from celery import shared_task

from . import emails


@shared_task
def send_booster_emails():
    return emails.send_due()
