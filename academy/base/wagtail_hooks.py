"""The outbox in the admin (Reports → Emails), for administrators: what was sent,
what waits for a retry and why, what failed for good. Read-only."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from .models import OutgoingEmail
from .reports import TrainerReport


class EmailsReport(TrainerReport):
    page_title = _("Emails")
    header_icon = "mail"
    template_name = "base/reports/emails.html"
    results_template_name = "base/reports/emails_results.html"
    index_url_name = "emails_report"
    index_results_url_name = "emails_report_results"
    permission_policy = ModelPermissionPolicy(OutgoingEmail)
    permission_required = "view"
    paginate_by = 100
    export_filename = "emails"
    list_export = ["created_at", "kind", "to", "subject", "state", "tries",
                   "sent_at", "last_error"]  # fmt: skip
    export_headings = {
        "created_at": _("Queued at"),
        "kind": _("Kind"),
        "to": _("To"),
        "subject": _("Subject"),
        "state": _("State"),
        "tries": _("Tries"),
        "sent_at": _("Sent at"),
        "last_error": _("Last error"),
    }

    def get_queryset(self):
        emails = OutgoingEmail.objects.order_by("-created_at")
        state = self.request.GET.get("state")
        if state in OutgoingEmail.State.values:
            emails = emails.filter(state=state)
        return emails


@hooks.register("register_admin_urls")
def register_emails_report_urls():
    return [
        path("reports/emails/", EmailsReport.as_view(), name="emails_report"),
        path(
            "reports/emails/results/",
            EmailsReport.as_view(results_only=True),
            name="emails_report_results",
        ),
    ]


class EmailsMenuItem(MenuItem):
    def is_shown(self, request):
        return EmailsReport.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_emails_menu_item():
    return EmailsMenuItem(
        _("Emails"), reverse("emails_report"), icon_name="mail", order=900
    )
