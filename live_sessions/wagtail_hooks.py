from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from academy.base.trainers import is_trainer

from . import reports
from .guide import TrainerGuidePage


def trainer_guide(request):
    """The admin's way to the trainer's guide: the live page, or where to make one."""
    guide = TrainerGuidePage.objects.live().order_by("path").first()
    if guide is not None:
        return redirect(guide.url)
    messages.warning(
        request,
        _(
            "There is no trainer's guide yet: add a page of the type "
            "“trainer's guide” under the home page."
        ),
    )
    return redirect("wagtailadmin_home")


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("trainer-guide/", trainer_guide, name="trainer_guide"),
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


class TrainerGuideMenuItem(MenuItem):
    def is_shown(self, request):
        return is_trainer(request.user)


@hooks.register("register_admin_menu_item")
def register_trainer_guide_menu_item():
    return TrainerGuideMenuItem(
        _("Trainer's guide"), reverse("trainer_guide"), icon_name="help", order=900
    )


@hooks.register("construct_explorer_page_queryset")
def hide_the_guide_from_others(parent_page, pages, request):
    """The page explorer lists the trainer's guide to trainers only."""
    if is_trainer(request.user):
        return pages
    return pages.not_type(TrainerGuidePage)
