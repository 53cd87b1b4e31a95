from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import RetentionReport


@hooks.register("register_admin_urls")
def register_retention_report_urls():
    return [
        path("reports/remembering/", RetentionReport.as_view(), name="boosters_report"),
        path(
            "reports/remembering/results/",
            RetentionReport.as_view(results_only=True),
            name="boosters_report_results",
        ),
    ]


class RetentionMenuItem(MenuItem):
    def is_shown(self, request):
        return RetentionReport.permission_policy.user_has_permission(
            request.user, "view"
        )


@hooks.register("register_reports_menu_item")
def register_retention_menu_item():
    return RetentionMenuItem(
        _("Remembering"), reverse("boosters_report"), icon_name="history", order=125
    )
