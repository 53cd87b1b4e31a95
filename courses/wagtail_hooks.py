from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import reports
from .models import Certificate


class CertificateViewSet(SnippetViewSet):
    """Issued certificates: trainers search them and revoke or reinstate one."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "workshop_title", "issued_at", "is_revoked", "code"]
    list_filter = ["is_revoked"]
    copy_view_enabled = False


register_snippet(CertificateViewSet)


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
            "reports/sessions/<int:session_id>/",
            reports.SessionRegistrationsReport.as_view(),
            name="session_registrations",
        ),
        path(
            "reports/participants/<int:user_id>/",
            reports.participant_detail,
            name="participant_detail",
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


class SessionsMenuItem(MenuItem):
    def is_shown(self, request):
        return reports.registration_permission.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_sessions_menu_item():
    return SessionsMenuItem(
        _("Sessions"), reverse("session_report"), icon_name="date", order=105
    )
