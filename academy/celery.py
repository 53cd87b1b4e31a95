"""The Celery application: background jobs (every email, the reminders, the booster
schedule) on Redis as the broker.

Development and tests need no worker: `CELERY_TASK_ALWAYS_EAGER` (on unless
CELERY_BROKER_URL is set) runs each task at once, in the process that queues it.
In production run one worker per app server or more, and exactly one beat per site
(README, "Background jobs"):

    celery -A academy worker --loglevel=INFO
    celery -A academy beat --loglevel=INFO --schedule var/celerybeat-schedule
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.dev")

app = Celery("academy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
