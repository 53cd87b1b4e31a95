from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveSessionsConfig(AppConfig):
    """Live sessions of a workshop: registration, the waiting list, calendar files,
    attendance and check-in, and their reports. (The label `sessions` is Django's.)"""

    name = "live_sessions"
    verbose_name = _("live sessions")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
