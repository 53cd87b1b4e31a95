from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Quizzes written in Wagtail, attempts and their answers, scoring, statistics."""

    name = "quizzes"
    verbose_name = _("quizzes")
