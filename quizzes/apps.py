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

        from . import tallies
        from .attempts import export_attempts
        from .extra_attempts import export_extra_attempts
        from .models import Quiz

        tallies.connect()

        # Drafts of a quiz are not shown: publishing, unpublishing and deleting one
        # start a new content version, a draft save does not.
        caching.connect_draft_model(Quiz)
        privacy.register(
            "quiz_attempts", export_attempts, ["quizzes.Attempt", "quizzes.Answer"]
        )
        privacy.register(
            "quiz_extra_attempts", export_extra_attempts, ["quizzes.ExtraAttempts"]
        )
