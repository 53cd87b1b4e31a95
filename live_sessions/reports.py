"""Trainer reports on live sessions: every session, and one session's list."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base.reports import TrainerReport

from .models import Registration, WorkshopSession

registration_permission = ModelPermissionPolicy(Registration)


class SessionsReport(TrainerReport):
    """Every session with its seats, registrations, waiting list and attendance."""

    page_title = _("Sessions")
    header_icon = "date"
    template_name = "live_sessions/reports/sessions.html"
    results_template_name = "live_sessions/reports/sessions_results.html"
    index_url_name = "session_report"
    index_results_url_name = "session_report_results"
    permission_policy = registration_permission
    permission_required = "view"
    export_filename = "sessions"
    list_export = [
        "page.title",
        "starts_at",
        "where",
        "seats",
        "taken",
        "waiting",
        "attended_count",
    ]
    export_headings = {
        "page.title": _("Workshop"),
        "starts_at": _("Session"),
        "where": _("Place"),
        "seats": _("Seats"),
        "taken": _("Registered"),
        "waiting": _("Waiting list"),
        "attended_count": _("Attended"),
    }

    def get_queryset(self):
        Status = Registration.Status
        return (
            WorkshopSession.objects.select_related("page")
            .annotate(
                taken=Count(
                    "registrations", filter=Q(registrations__status=Status.REGISTERED)
                ),
                waiting=Count(
                    "registrations", filter=Q(registrations__status=Status.WAITING)
                ),
                attended_count=Count(
                    "registrations", filter=Q(registrations__attended=True)
                ),
            )
            .order_by("-starts_at")
        )

    def decorate(self, session):
        session.where = session.location or gettext("Online")
        if session.cancelled:
            session.where += " (" + gettext("the session is cancelled") + ")"
        return session


class SessionRegistrationsReport(TrainerReport):
    """One session's list: who registered, who waits, who came."""

    template_name = "live_sessions/reports/session.html"
    results_template_name = "live_sessions/reports/session_results.html"
    index_url_name = "session_registrations"
    index_results_url_name = "session_registrations"
    permission_policy = registration_permission
    permission_required = "view"
    paginate_by = None
    list_export = [
        "user.full_name",
        "user.email",
        "status_label",
        "attended",
        "checked_in_at",
        "created_at",
    ]
    export_headings = {
        "user.full_name": _("Name"),
        "user.email": _("Email"),
        "status_label": _("Status"),
        "attended": _("Attended"),
        "checked_in_at": _("Checked in at"),
        "created_at": _("Registered at"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = (
            WorkshopSession.objects.select_related("page")
            .filter(pk=kwargs.get("session_id"))
            .first()
        )

    def get_index_url(self):
        return self.request.path

    def get_index_results_url(self):
        return self.request.path

    def get_page_title(self):
        return str(self.session) if self.session else ""

    def get_filename(self):
        return f"session-{self.session.pk}"

    def get_queryset(self):
        if self.session is None:
            raise Http404
        return (
            Registration.objects.filter(session=self.session)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("user")
            .order_by("status", "created_at")
        )

    def decorate(self, registration):
        registration.status_label = registration.get_status_display()
        return registration

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session"] = self.session
        return context
