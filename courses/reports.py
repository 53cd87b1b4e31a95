"""Trainer reports in the Wagtail admin: participant progress, one participant."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base.spreadsheets import csv_safe
from quizzes.models import Attempt

from .models import Enrolment, Registration, WorkshopPage, WorkshopSession
from .progress import Status, annotate_progress, filter_status, progress_for, status_of

STATUS_CHOICES = [
    (Status.NOT_STARTED, _("Not started")),
    (Status.IN_PROGRESS, _("In progress")),
    (Status.FINISHED, _("Finished")),
    (Status.STALLED, _("Stalled (no activity for 14 days)")),
]
STATUS_LABELS = dict(STATUS_CHOICES)
SORTS = {
    "name": ["user__full_name", "user__email"],
    "email": ["user__email"],
    "enrolled": ["enrolled_at"],
    "percent": ["percent", "user__email"],
    "activity": ["last_activity_at"],
}
progress_permission = ModelPermissionPolicy(Enrolment)


def local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ProgressFilterSet(WagtailFilterSet):
    workshop = django_filters.ModelChoiceFilter(
        label=_("Workshop"), queryset=WorkshopPage.objects.all().order_by("title")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_by_status"
    )

    class Meta:
        model = Enrolment
        fields = ["workshop", "status"]

    def filter_by_status(self, queryset, name, value):
        return filter_status(queryset, value, timezone.now())


class ParticipantProgressReport(ReportView):
    page_title = _("Participant progress")
    header_icon = "group"
    template_name = "courses/reports/progress.html"
    results_template_name = "courses/reports/progress_results.html"
    index_url_name = "participant_progress"
    index_results_url_name = "participant_progress_results"
    filterset_class = ProgressFilterSet
    permission_policy = progress_permission
    permission_required = "view"
    paginate_by = 50
    export_filename = "participant-progress"
    list_export = [
        "user.full_name",
        "user.email",
        "workshop.title",
        "enrolled_at",
        "modules_done",
        "modules_total",
        "percent",
        "quizzes_passed",
        "last_activity_at",
        "status_label",
        "session_starts_at",
        "attended_session",
        "certificate_code",
    ]
    export_headings = {
        "user.full_name": _("Name"),
        "user.email": _("Email"),
        "workshop.title": _("Workshop"),
        "enrolled_at": _("Enrolled on"),
        "modules_done": _("Modules done"),
        "modules_total": _("Modules"),
        "percent": _("Percentage"),
        "quizzes_passed": _("Quizzes passed"),
        "last_activity_at": _("Last activity"),
        "status_label": _("Status"),
        "session_starts_at": _("Session"),
        "attended_session": _("Attended"),
        "certificate_code": _("Certificate"),
    }
    custom_field_preprocess = {
        **{
            field: {"csv": csv_safe}
            for field in ("user.full_name", "user.email", "workshop.title")
        },
        **{field: {"csv": local_time} for field in ("enrolled_at", "last_activity_at")},
    }

    def get_queryset(self):
        enrolments = Enrolment.objects.select_related("user", "workshop")
        sort = self.request.GET.get("sort", "name")
        descending = sort.startswith("-")
        fields = SORTS.get(sort.lstrip("-"), SORTS["name"])
        ordering = [f"-{f}" if descending else f for f in fields] + ["pk"]
        return annotate_progress(enrolments).order_by(*ordering)

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return object_list  # decorated row by row while streaming, below
        return list(self.decorate_rows(object_list))

    def stream_csv(self, queryset):
        # Rows come from the database in chunks: the file is never all in memory.
        return super().stream_csv(self.decorate_rows(queryset.iterator(500)))

    def write_xlsx(self, queryset, output):
        return super().write_xlsx(self.decorate_rows(queryset.iterator(500)), output)

    def decorate_rows(self, rows):
        """Add each row's status (see progress.status_of), lazily for exports."""
        now = timezone.now()
        for row in rows:
            row.status = status_of(
                row.modules_done,
                row.modules_total,
                row.last_activity_at,
                now,
                row.attendance_ok,
            )
            row.status_label = STATUS_LABELS[row.status]
            yield row

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))

    sort_columns = [
        ("name", _("Name")),
        ("email", _("Email")),
        (None, _("Workshop")),
        ("enrolled", _("Enrolled on")),
        (None, _("Modules done")),
        ("percent", _("Percentage")),
        (None, _("Quizzes passed")),
        ("activity", _("Last activity")),
        (None, _("Status")),
        (None, _("Session")),
        (None, _("Attended")),
        (None, _("Certificate")),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.request.GET.get("sort", "name")
        return context


def participant_detail(request, user_id):
    """One participant for trainers: workshops, modules done, quiz attempts."""
    if not progress_permission.user_has_permission(request.user, "view"):
        return permission_denied(request)
    participant = get_user_model().objects.filter(pk=user_id).first()
    if participant is None:
        raise Http404
    enrolments = list(
        Enrolment.objects.filter(user=participant).select_related("workshop")
    )
    workshops = [enrolment.workshop for enrolment in enrolments]
    progress = progress_for(participant, workshops, enrolments=enrolments)
    attempts = (
        Attempt.objects.filter(user=participant)
        .select_related("quiz")
        .prefetch_related("answers")
        .order_by("quiz__title", "number")
    )
    return TemplateResponse(
        request,
        "courses/reports/participant.html",
        {
            "participant": participant,
            "rows": [(w, progress[w.pk]) for w in workshops],
            "attempts": attempts,
            "page_title": participant.get_full_name(),
        },
    )


registration_permission = ModelPermissionPolicy(Registration)


class SessionsReport(ReportView):
    """Every session with its seats, registrations, waiting list and attendance."""

    page_title = _("Sessions")
    header_icon = "date"
    template_name = "courses/reports/sessions.html"
    results_template_name = "courses/reports/sessions_results.html"
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
    custom_field_preprocess = {"starts_at": {"csv": local_time}}

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

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return object_list  # decorated row by row while streaming, below
        return [self.decorate(s) for s in object_list]

    @staticmethod
    def decorate(session):
        session.where = session.location or gettext("Online")
        return session

    def stream_csv(self, queryset):
        return super().stream_csv(self.decorate(s) for s in queryset.iterator(500))

    def write_xlsx(self, queryset, output):
        return super().write_xlsx((self.decorate(s) for s in queryset), output)

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class SessionRegistrationsReport(ReportView):
    """One session's list: who registered, who waits, who came."""

    template_name = "courses/reports/session.html"
    results_template_name = "courses/reports/session_results.html"
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
    custom_field_preprocess = {
        "user.full_name": {"csv": csv_safe},
        "user.email": {"csv": csv_safe},
        "checked_in_at": {"csv": local_time},
        "created_at": {"csv": local_time},
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

    def decorate_paginated_queryset(self, object_list):
        for registration in object_list:
            registration.status_label = registration.get_status_display()
        return object_list

    def stream_csv(self, queryset):
        return super().stream_csv(self.decorate_paginated_queryset(list(queryset)))

    def write_xlsx(self, queryset, output):
        return super().write_xlsx(
            self.decorate_paginated_queryset(list(queryset)), output
        )

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session"] = self.session
        return context
