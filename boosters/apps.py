from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoostersConfig(AppConfig):
    """Short retrieval practice after the workshop: boosters at 2, 7 and 30 days
    after a module's quiz is passed, the participant's email about them, and the
    trainers' figures on how well participants remember."""

    name = "boosters"
    verbose_name = _("boosters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
