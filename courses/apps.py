from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Workshops, their modules and the ten golden tips (Wagtail pages); enrolment,
    completion and progress. Announces what happened (signals.py); the apps above
    listen, register requirements, report columns and page panels."""

    name = "courses"
    verbose_name = _("courses")

    def ready(self):
        from academy.base import caching, privacy

        from . import (
            dependent_records,
            progress_store,
            signal_handlers,  # noqa: F401  (the quiz-passed receiver)
        )
        from .models import Tip
        from .participation import (
            completing_users,
            enrolled_users,
            export_completions,
            export_enrolments,
        )

        # The progress stored on each enrolment follows completions, attempts and
        # the workshops' outlines.
        progress_store.connect()
        # Tips are saved when their page is published; shown live from then on.
        caching.connect_model(Tip)
        privacy.register("enrolments", export_enrolments, ["courses.Enrolment"])
        privacy.register(
            "module_completions", export_completions, ["courses.ModuleCompletion"]
        )
        # Participants' records on pages: deleting a page that has them is refused.
        dependent_records.register(
            dependent_records.PAGES, "enrolments", _("enrolments"), enrolled_users
        )
        dependent_records.register(
            dependent_records.PAGES,
            "module_completions",
            _("completed modules"),
            completing_users,
        )
