"""Quiz statistics for trainers in the Wagtail admin (Reports menu), exportable."""

from types import SimpleNamespace

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base.reports import TrainerReport
from academy.base.trainers import staff_condition

from .attempts import attempt_records
from .models import Attempt, Quiz
from .statistics import ALL, FIRST, quiz_statistics

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
        # Participants' attempts only: trainers' and administrators' tries are not.
        by_participant = ~staff_condition("attempts__user")
        return Quiz.objects.annotate(
            attempt_count=Count("attempts", filter=by_participant),
            passed_count=Count(
                "attempts", filter=by_participant & Q(attempts__passed=True)
            ),
            mean=Avg("attempts__score", filter=by_participant),
        ).order_by("title")

    def decorate(self, quiz):
        quiz.mean_score = round(quiz.mean, 1) if quiz.mean is not None else None
        quiz.pass_rate = (
            round(100 * quiz.passed_count / quiz.attempt_count, 1)
            if quiz.attempt_count
            else None
        )
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
        "flag_labels": _("Flags"),
        "option_summary": _("Options chosen"),
    }
    list_export = list(export_headings)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = Quiz.objects.filter(pk=kwargs.get("quiz_id")).first()
        self.scope = ALL if request.GET.get("scope") == ALL else FIRST

    def get_index_url(self):
        return self.request.path

    def get_index_results_url(self):
        return self.request.path

    def get_page_title(self):
        return self.quiz.title if self.quiz else ""

    def get_filename(self):
        return f"quiz-{self.quiz.pk}-statistics-{self.scope}"

    def get_queryset(self):
        if self.quiz is None:
            raise Http404
        self.summary, stats = quiz_statistics(
            self.quiz.question_data(), attempt_records(self.quiz), self.scope
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
            flag_labels=", ".join(str(FLAG_LABELS[f]) for f in stats.flags),
            option_summary="; ".join(
                f"{o.text}{' ✓' if o.correct else ''}: {o.chosen}"
                for o in stats.options
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(quiz=self.quiz, summary=self.summary, scope=self.scope)
        return context
