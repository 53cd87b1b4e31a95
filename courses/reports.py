"""Trainer reports in the Wagtail admin: participant progress, one participant."""

import django_filters
from django.contrib.auth import get_user_model
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base.reports import TrainerReport
from academy.base.trainers import exclude_staff
from quizzes.models import Attempt

from . import report_columns
from .models import Enrolment, WorkshopPage
from .progress import Status, status_of
from .progress_data import annotate_progress, filter_status, progress_for

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


class ParticipantProgressReport(TrainerReport):
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
    }
    text_fields = ("user.full_name", "user.email", "workshop.title")
    time_fields = ("enrolled_at", "last_activity_at")

    def __init__(self, **kwargs):
        # The columns other apps registered (certificate, session, ...) come last.
        self.extra_columns = report_columns.progress_columns()
        self.export_headings = {
            **self.export_headings,
            **{column.name: column.heading for column in self.extra_columns},
        }
        self.list_export = list(self.export_headings)
        self.custom_field_preprocess = {
            column.name: {"csv": column.export, "xlsx": column.export}
            for column in self.extra_columns
            if column.export
        }
        super().__init__(**kwargs)

    def get_queryset(self):
        # Participants only: trainers and administrators trying a workshop are not.
        enrolments = exclude_staff(Enrolment.objects.select_related("user", "workshop"))
        sort = self.request.GET.get("sort", "name")
        descending = sort.startswith("-")
        fields = SORTS.get(sort.lstrip("-"), SORTS["name"])
        ordering = [f"-{f}" if descending else f for f in fields] + ["pk"]
        return annotate_progress(enrolments).order_by(*ordering)

    def decorate_rows(self, rows):
        """Add each row's status (see progress.status_of), lazily for exports."""
        now = timezone.now()
        for row in rows:
            row.status = status_of(
                row.modules_done,
                row.modules_total,
                row.last_activity_at,
                now,
                row.requirements_met,
            )
            row.status_label = STATUS_LABELS[row.status]
            if not self.is_export:
                row.extra_cells = [
                    column.display(getattr(row, column.name))
                    for column in self.extra_columns
                ]
            yield row

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
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.request.GET.get("sort", "name")
        context["extra_columns"] = self.extra_columns
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
