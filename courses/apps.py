from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Workshops, their modules and the ten golden tips (Wagtail pages)."""

    name = "courses"
    verbose_name = _("courses")

    def ready(self):
        from . import signals  # noqa: F401  (connects the quiz-passed receiver)
