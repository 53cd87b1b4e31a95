from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import reports


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/participant-progress/",
            reports.ParticipantProgressReport.as_view(),
            name="participant_progress",
        ),
        path(
            "reports/participant-progress/results/",
            reports.ParticipantProgressReport.as_view(results_only=True),
            name="participant_progress_results",
        ),
        path(
            "reports/participants/<int:user_id>/",
            reports.participant_detail,
            name="participant_detail",
        ),
        path(
            "reports/participants/<int:user_id>/extra-attempts/",
            reports.grant_extra_attempts,
            name="participant_extra_attempts",
        ),
    ]


class ProgressReportMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.progress_permission.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_progress_report_menu_item():
    return ProgressReportMenuItem(
        _("Participant progress"),
        reverse("participant_progress"),
        icon_name="group",
        order=100,
    )
