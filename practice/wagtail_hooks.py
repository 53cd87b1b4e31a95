from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import PracticeReport


@hooks.register("register_admin_urls")
def register_practice_report_urls():
    return [
        path(
            "reports/tips-practice/", PracticeReport.as_view(), name="practice_report"
        ),
        path(
            "reports/tips-practice/results/",
            PracticeReport.as_view(results_only=True),
            name="practice_report_results",
        ),
    ]


class PracticeMenuItem(MenuItem):
    def is_shown(self, request):
        return PracticeReport.permission_policy.user_has_permission(
            request.user, "view"
        )


@hooks.register("register_reports_menu_item")
def register_practice_menu_item():
    return PracticeMenuItem(
        _("Tips practice"), reverse("practice_report"), icon_name="pick", order=120
    )
