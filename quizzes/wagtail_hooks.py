from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import reports
from .models import Quiz
from .records import participants_with_records


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "pass_mark", "max_attempts", "updated_at"]


register_snippet(QuizViewSet)


@hooks.register("before_delete_snippet")
def refuse_to_delete_quizzes_with_attempts(request, instances):
    """A quiz participants have taken is not deleted (their attempts would go
    with it; the database refuses too): say how many it concerns, and what to do
    instead. Runs before the confirmation page and before deleting, alone or in
    bulk."""
    quizzes = [instance for instance in instances if isinstance(instance, Quiz)]
    taken = participants_with_records(quizzes)
    if not taken:
        return None
    for quiz in quizzes:
        if quiz.pk in taken:
            messages.error(
                request,
                ngettext(
                    "“%(title)s” cannot be deleted: %(count)s participant has taken "
                    "it, and their attempts are kept. To take it away from "
                    "participants, unpublish it, or remove it from its module.",
                    "“%(title)s” cannot be deleted: %(count)s participants have "
                    "taken it, and their attempts are kept. To take it away from "
                    "participants, unpublish it, or remove it from its module.",
                    taken[quiz.pk],
                )
                % {"title": quiz.title, "count": taken[quiz.pk]},
            )
    viewset = Quiz.snippet_viewset
    if len(quizzes) == 1:
        return redirect(viewset.get_url_name("edit"), quizzes[0].pk)
    return redirect(viewset.get_url_name("list"))


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path(
            "reports/quiz-statistics/",
            reports.QuizStatisticsIndex.as_view(),
            name="quiz_statistics",
        ),
        path(
            "reports/quiz-statistics/results/",
            reports.QuizStatisticsIndex.as_view(results_only=True),
            name="quiz_statistics_results",
        ),
        path(
            "reports/quiz-statistics/<id:quiz_id>/",
            reports.QuizStatisticsView.as_view(),
            name="quiz_statistics_detail",
        ),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.statistics_permission.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Quiz statistics"), reverse("quiz_statistics"), icon_name="tasks", order=110
    )
