"""The outbox in the admin (Reports → Emails), for administrators: what was sent,
what waits for a retry and why, what failed for good. Read-only."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from . import translation_status
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


class TranslationsReport(TrainerReport):
    """Which pages and quizzes still need a translation, or an update of theirs."""

    page_title = _("Translation status")
    header_icon = "globe"
    template_name = "base/reports/translations.html"
    results_template_name = "base/reports/translations_results.html"
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    permission_policy = None  # trainers: who may submit translations (dispatch)
    paginate_by = None
    export_filename = "translations"
    list_export = ["kind", "title", "language", "status_label",
                   "source_published_at", "translation_published_at"]  # fmt: skip
    export_headings = {
        "kind": _("Kind"),
        "title": _("Title"),
        "language": _("Language"),
        "status_label": _("Translation"),
        "source_published_at": _("Source published"),
        "translation_published_at": _("Translation published"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        rows = translation_status.translation_rows()
        status = self.request.GET.get("status")
        self.counts = translation_status.summary(rows)
        if status == "todo":
            rows = [r for r in rows if r["status"] in translation_status.NEEDS_WORK]
        elif status in translation_status.STATUS_LABELS:
            rows = [r for r in rows if r["status"] == status]
        return [SimpleNamespace(**row) for row in rows]

    def decorate(self, row):
        row.status_label = translation_status.STATUS_LABELS[row.status]
        row.action_url = action_url(row)
        return row

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = [
            (key, label, self.counts[key])
            for key, label in translation_status.STATUS_LABELS.items()
        ]
        context["status"] = self.request.GET.get("status", "")
        return context


def may_translate(user):
    return user.is_authenticated and user.has_perm(
        "wagtail_localize.submit_translation"
    )


def action_url(row):
    """Where a trainer acts on a row: translate it (wagtail-localize), or edit the
    translation."""
    from wagtail.models import Page

    meta = row.model._meta
    if row.translation_pk is None:
        if issubclass(row.model, Page):
            return reverse(
                "wagtail_localize:submit_page_translation", args=[row.source_pk]
            )
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, row.source_pk],
        )
    if issubclass(row.model, Page):
        return reverse("wagtailadmin_pages:edit", args=[row.translation_pk])
    return reverse(
        row.model.snippet_viewset.get_url_name("edit"), args=[row.translation_pk]
    )


@hooks.register("register_admin_urls")
def register_translations_report_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationsReport.as_view(),
            name="translation_status_report",
        ),
        path(
            "reports/translation-status/results/",
            TranslationsReport.as_view(results_only=True),
            name="translation_status_report_results",
        ),
    ]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_translate(request.user)


@hooks.register("register_reports_menu_item")
def register_translations_menu_item():
    return TranslationsMenuItem(
        _("Translation status"),
        reverse("translation_status_report"),
        icon_name="globe",
        order=150,
    )
