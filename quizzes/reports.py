"""Quiz statistics for trainers in the Wagtail admin (Reports menu), exportable."""

from types import SimpleNamespace

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base import translations
from academy.base.reports import TrainerReport

from . import statistics, tallies
from .attempts import attempt_records
from .models import Attempt, Quiz
from .statistics import ALL, FIRST

statistics_permission = ModelPermissionPolicy(Attempt)
FLAG_LABELS = {
    "too_easy": _("too easy"),
    "too_hard": _("too hard"),
    "misleading": _("misleading"),
}


class QuizStatisticsIndex(TrainerReport):
    """Every quiz with its attempts, mean score and pass rate."""

    page_title = _("Quiz statistics")
    header_icon = "tasks"
    template_name = "quizzes/reports/index.html"
    results_template_name = "quizzes/reports/index_results.html"
    index_url_name = "quiz_statistics"
    index_results_url_name = "quiz_statistics_results"
    permission_policy = statistics_permission
    permission_required = "view"
    export_filename = "quiz-statistics"
    list_export = ["title", "attempt_count", "mean_score", "pass_rate"]
    export_headings = {
        "title": _("Quiz"),
        "attempt_count": _("Attempts"),
        "mean_score": _("Mean score (%)"),
        "pass_rate": _("Pass rate (%)"),
    }

    def get_queryset(self):
        # The source quizzes: a translation's attempts are its source's.
        return translations.sources(Quiz.objects.all()).order_by("title")

    def decorate(self, quiz):
        # Participants' attempts only: trainers' and administrators' tries are not.
        # From the running counts of every quiz (two queries, once per page).
        if not hasattr(self, "figures"):
            self.figures = tallies.quiz_figures()
        attempts, passed, score_sum = self.figures.get(quiz.pk, (0, 0, 0))
        quiz.attempt_count = attempts
        quiz.mean_score = round(score_sum / attempts, 1) if attempts else None
        quiz.pass_rate = round(100 * passed / attempts, 1) if attempts else None
        return quiz


class QuizStatisticsView(TrainerReport):
    """One quiz: facility, discrimination, option choices and flags per question."""

    template_name = "quizzes/reports/quiz.html"
    results_template_name = "quizzes/reports/quiz_results.html"
    index_url_name = "quiz_statistics_detail"
    index_results_url_name = "quiz_statistics_detail"
    permission_policy = statistics_permission
    permission_required = "view"
    paginate_by = None
    export_headings = {
        "number": _("Question"),
        "text": _("Text"),
        "answered": _("Answers"),
        "facility_percent": _("Facility index (% right)"),
        "discrimination_value": _("Discrimination index"),
        "confidently_wrong": _("Confidently wrong"),
        "flag_labels": _("Flags"),
        "option_summary": _("Options chosen"),
    }
    list_export = list(export_headings)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # A translation's statistics are its source's (one set of attempts).
        self.quiz = translations.source_of(
            Quiz.objects.filter(pk=kwargs.get("quiz_id")).first()
        )
        self.scope = ALL if request.GET.get("scope") == ALL else FIRST
        # Both languages together by default; one of them on request.
        offered = dict(settings.LANGUAGES)
        language = request.GET.get("language", "")
        self.language = language if language in offered else ""

    def get_index_url(self):
        return self.request.path

    def get_index_results_url(self):
        return self.request.path

    def get_page_title(self):
        return self.quiz.title if self.quiz else ""

    def get_filename(self):
        suffix = f"-{self.language}" if self.language else ""
        return f"quiz-{self.quiz.pk}-statistics-{self.scope}{suffix}"

    def get_queryset(self):
        if self.quiz is None:
            raise Http404
        questions = self.quiz.question_data()
        if self.language:
            # One language's attempts: read from the attempts themselves.
            self.summary, stats = statistics.quiz_statistics(
                questions, attempt_records(self.quiz, self.language), self.scope
            )
        else:
            # From the running counts (tallies.py): the same figures as
            # statistics.quiz_statistics over every attempt, without reading them.
            self.summary, stats = tallies.quiz_statistics(
                self.quiz, questions, self.scope
            )
        return [self.row(number, item) for number, item in enumerate(stats, 1)]

    @staticmethod
    def row(number, stats):
        """A table row (and spreadsheet row) for one question's statistics."""
        return SimpleNamespace(
            number=number,
            text=stats.text,
            answered=stats.answered,
            options=stats.options,
            facility_percent=(
                round(100 * stats.facility, 1) if stats.facility is not None else None
            ),
            discrimination_value=(
                round(stats.discrimination, 2)
                if stats.discrimination is not None
                else None
            ),
            confidently_wrong=stats.confidently_wrong,
            flag_labels=", ".join(str(FLAG_LABELS[f]) for f in stats.flags),
            option_summary="; ".join(
                f"{o.text}{' ✓' if o.correct else ''}: {o.chosen}"
                for o in stats.options
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            quiz=self.quiz,
            summary=self.summary,
            scope=self.scope,
            language=self.language,
            languages=settings.LANGUAGES,
        )
        return context
