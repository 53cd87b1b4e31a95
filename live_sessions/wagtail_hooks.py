from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import reports


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/sessions/",
            reports.SessionsReport.as_view(),
            name="session_report",
        ),
        path(
            "reports/sessions/results/",
            reports.SessionsReport.as_view(results_only=True),
            name="session_report_results",
        ),
        path(
            "reports/sessions/<id:session_id>/",
            reports.SessionRegistrationsReport.as_view(),
            name="session_registrations",
        ),
    ]


class SessionsMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.registration_permission.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_sessions_menu_item():
    return SessionsMenuItem(
        _("Sessions"), reverse("session_report"), icon_name="date", order=105
    )
