from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import reports
from .models import Quiz


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "pass_mark", "max_attempts", "updated_at"]


register_snippet(QuizViewSet)


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
