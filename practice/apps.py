from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """The ten golden tips as a practice: self-assessment, a plan, weekly check-ins.

    Its own app (not part of courses): it follows a participant for weeks after a
    workshop, with its own data, reminders and report; it only reads courses' tips.
    """

    name = "practice"
    verbose_name = _("tips practice")
