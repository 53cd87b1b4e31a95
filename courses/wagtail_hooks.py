from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from . import dependent_records, reports


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
            "reports/participants/<id:user_id>/",
            reports.participant_detail,
            name="participant_detail",
        ),
        path(
            "reports/participants/<id:user_id>/extra-attempts/",
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


def refuse_deleting(request, pages):
    """A page that participants have records on (or below it) is not deleted: say
    how many participants it concerns and to unpublish it instead."""
    refusals = []
    for page in pages:
        found = dependent_records.page_participants([page])
        if found:
            refusals.append(
                {
                    "page": page,
                    "message": dependent_records.page_refusal(page, found),
                    "can_unpublish": page.live
                    and page.permissions_for_user(request.user).can_unpublish(),
                }
            )
    if not refusals:
        return None
    return TemplateResponse(
        request,
        "courses/admin/delete_refused.html",
        {"refusals": refusals},
        status=200 if request.method == "GET" else 409,
    )


@hooks.register("before_delete_page")
def refuse_deleting_a_page_with_records(request, page):
    return refuse_deleting(request, [page])


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_records(request, action_type, objects, action):
    if action_type == "delete" and issubclass(action.model, Page):
        return refuse_deleting(request, objects)
    return None
