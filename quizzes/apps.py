from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Quizzes written in Wagtail, attempts and their answers, scoring, statistics.

    Imports no other app of ours: it announces a passed quiz (signals.quiz_passed)
    and `courses` listens."""

    name = "quizzes"
    verbose_name = _("quizzes")

    def ready(self):
        from academy.base import caching, privacy

        from .attempts import export_attempts
        from .models import Quiz

        caching.connect_model(Quiz)  # a quiz has no draft: saved is live
        privacy.register(
            "quiz_attempts", export_attempts, ["quizzes.Attempt", "quizzes.Answer"]
        )
