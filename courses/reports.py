"""Trainer reports in the Wagtail admin: participant progress, one participant."""

from types import SimpleNamespace

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from academy.base import translations
from academy.base.ids import IdChoiceFilter
from academy.base.reports import TrainerReport
from academy.base.trainers import exclude_staff
from quizzes import extra_attempts
from quizzes.forms import ExtraAttemptsForm
from quizzes.models import Attempt, ExtraAttempts

from . import report_actions, report_columns
from .models import Enrolment, ModulePage, WorkshopPage
from .progress import Status, status_of
from .progress_data import annotate_report_columns, filter_status, progress_for

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
    workshop = IdChoiceFilter(
        label=_("Workshop"),
        queryset=translations.sources(WorkshopPage.objects.all()).order_by("title"),
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

    def __init__(self, **kwargs):
        # The columns other apps registered (certificate, session, ...) come last.
        self.extra_columns = report_columns.progress_columns()
        self.export_headings = {
            **self.export_headings,
            **{column.name: column.heading for column in self.extra_columns},
        }
        self.list_export = list(self.export_headings)
        self.export_values = [
            *(f.attname for f in Enrolment._meta.concrete_fields),
            "user.full_name",
            "user.email",
            "workshop.title",
            *(column.name for column in self.extra_columns),
        ]
        self.custom_field_preprocess = {
            column.name: {"csv": column.export, "xlsx": column.export}
            for column in self.extra_columns
            if column.export
        }
        super().__init__(**kwargs)

    def get_sort(self):
        """The sort asked for ("percent", or "-percent" for descending), or "name"."""
        sort = self.request.GET.get("sort", "")
        return sort if sort.lstrip("-") in SORTS else "name"

    def get_queryset(self):
        # Participants only: trainers and administrators trying a workshop are not.
        enrolments = exclude_staff(Enrolment.objects.select_related("user", "workshop"))
        sort = self.get_sort()
        descending = sort.startswith("-")
        ordering = [f"-{f}" if descending else f for f in SORTS[sort.lstrip("-")]]
        # Progress is stored on each enrolment (progress_store.py): sorting and
        # filtering use its indexes. The other apps' columns are read for the rows
        # shown only (decorate_rows: PostgreSQL would compute them for every row
        # it sorts), or with each row streamed in an export.
        # What the rows show, no more: a workshop page loaded whole (its stream
        # fields) for each of 150,000 rows was most of an export's time.
        enrolments = enrolments.order_by(*ordering, "pk").only(
            *(f.name for f in Enrolment._meta.concrete_fields),
            "user__full_name",
            "user__email",
            "workshop__title",
        )
        if self.is_export:
            return annotate_report_columns(enrolments)
        return enrolments

    def with_report_columns(self, rows):
        """The page's rows with the other apps' columns, in one query."""
        rows = list(rows)
        names = [column.name for column in self.extra_columns]
        if rows and names:
            values = {
                row["pk"]: row
                for row in annotate_report_columns(
                    Enrolment.objects.filter(pk__in=[row.pk for row in rows])
                ).values("pk", *names)
            }
            for row in rows:
                for name in names:
                    setattr(row, name, values[row.pk][name])
        return rows

    def decorate_rows(self, rows):
        """Add each row's status (see progress.status_of), lazily for exports."""
        now = timezone.now()
        labels = {status: str(label) for status, label in STATUS_LABELS.items()}
        if not self.is_export:
            rows = self.with_report_columns(rows)
        for row in rows:
            row.status = (
                Status.FINISHED
                if row.finished
                else status_of(
                    row.modules_done,
                    row.modules_total,
                    row.last_activity_at,
                    now,
                    requirements_met=False,
                )
            )
            row.status_label = labels[row.status]
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
        context["headers"] = sort_headers(self.sort_columns, self.get_sort())
        context["extra_columns"] = self.extra_columns
        return context

    @cached_property
    def header_more_buttons(self):
        """The CSV and XLSX downloads, then the other apps' actions
        (report_actions.py), each with the report's filters."""
        query = self.request.GET.copy()
        for name in ("export", self.page_kwarg, "_w_filter_fragment"):
            query.pop(name, None)
        query = query.urlencode()
        return [
            *super().header_more_buttons,
            *(
                Button(
                    action.label,
                    url=reverse(action.url_name) + (f"?{query}" if query else ""),
                    icon_name=action.icon_name,
                    priority=action.order,
                )
                for action in report_actions.progress_actions(self.request.user)
            ),
        ]


def filtered_enrolments(request):
    """The enrolments the progress report shows for `request`'s query string, all
    pages of them, for the actions other apps add to it (report_actions.py): so an
    action acts on exactly what the trainer sees, whatever filters the report has.

    Returns `(filters, enrolments)`. The report ignores invalid filters (it shows
    everything); an action should refuse them instead: `filters.is_valid()`, and
    `filters.form.cleaned_data` says what was chosen.
    """
    report = ParticipantProgressReport()
    report.setup(request)
    return report.filters, report.get_filtered_queryset()


def sort_headers(columns, current):
    """The table's headers: each sortable one links to its sort, ascending, or to
    the other direction when the table is sorted by it already; `aria_sort` says how
    the table is sorted (on the header cell, where assistive technology reads it)."""
    descending = current.startswith("-")
    headers = []
    for key, label in columns:
        header = {"label": label, "sort": key, "aria_sort": None}
        if key and key == current.lstrip("-"):
            header["aria_sort"] = "descending" if descending else "ascending"
            header["sort"] = key if descending else f"-{key}"
        headers.append(header)
    return headers


def participant_detail(request, user_id):
    """One participant for trainers: workshops, modules done, quiz attempts, and
    per quiz taken the attempts left, with a form to grant extra attempts."""
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
    attempts = list(
        Attempt.objects.filter(user=participant)
        .select_related("quiz")
        .prefetch_related("answers")
        .order_by("quiz__title", "number")
    )
    grants = list(
        ExtraAttempts.objects.filter(user=participant).select_related(
            "quiz", "granted_by"
        )
    )
    return TemplateResponse(
        request,
        "courses/reports/participant.html",
        {
            "participant": participant,
            "rows": [(w, progress[w.pk]) for w in workshops],
            "attempts": attempts,
            "quizzes": quizzes_taken(participant, attempts, grants),
            "grants": grants,
            "page_title": participant.get_full_name(),
        },
    )


def quizzes_taken(participant, attempts, grants):
    """Per quiz the participant took: attempts used, the limit with the extra
    attempts granted, whether passed, and a form for more."""
    granted, grant_rows = {}, {}
    for extra in grants:
        granted[extra.quiz_id] = granted.get(extra.quiz_id, 0) + extra.count
        grant_rows[extra.quiz_id] = grant_rows.get(extra.quiz_id, 0) + 1
    rows = {}
    for attempt in attempts:
        row = rows.setdefault(
            attempt.quiz_id,
            SimpleNamespace(quiz=attempt.quiz, used=0, passed=False),
        )
        row.used += 1
        row.passed = row.passed or attempt.passed
    for row in rows.values():
        row.granted = granted.get(row.quiz.pk, 0)
        row.limit = (
            row.quiz.max_attempts + row.granted if row.quiz.max_attempts else None
        )
        row.may_grant = bool(row.quiz.max_attempts) and not row.passed
        row.form = ExtraAttemptsForm(
            participant,
            initial={
                "quiz": row.quiz.pk,
                "granted_before": grant_rows.get(row.quiz.pk, 0),
            },
            auto_id=f"id_extra_{row.quiz.pk}_%s",
        )
    return list(rows.values())


@require_POST
def grant_extra_attempts(request, user_id):
    """A trainer gives the participant extra attempts at one quiz they took."""
    if not request.user.has_perm("quizzes.add_extraattempts"):
        return permission_denied(request)
    participant = get_user_model().objects.filter(pk=user_id).first()
    if participant is None:
        raise Http404
    form = ExtraAttemptsForm(participant, request.POST)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponseBadRequest(" ".join(errors), content_type="text/plain")
    quiz = form.cleaned_data["quiz"]
    module = translations.sources(
        ModulePage.objects.live().filter(quiz=translations.source_of(quiz))
    ).first()
    quiz_url = None
    if module:
        module = translations.in_language(module, participant.preferred_language)
        # In the participant's language, as the email around it.
        with translation.override(participant.preferred_language):
            path = reverse("courses:take_quiz", args=[module.pk])
        quiz_url = request.build_absolute_uri(path)
    try:
        extra = extra_attempts.grant(
            participant,
            quiz,
            form.cleaned_data["count"],
            granted_by=request.user,
            reason=form.cleaned_data["reason"],
            quiz_url=quiz_url,
            granted_before=form.cleaned_data["granted_before"],
        )
    except extra_attempts.AlreadyGranted as error:
        messages.info(request, str(error))
        return redirect("participant_detail", user_id=participant.pk)
    except extra_attempts.GrantNotAllowed as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    messages.success(
        request,
        ngettext(
            "%(name)s has %(count)s extra attempt at “%(quiz)s” and has been told "
            "by email.",
            "%(name)s has %(count)s extra attempts at “%(quiz)s” and has been told "
            "by email.",
            extra.count,
        )
        % {
            "name": participant.get_full_name() or participant.email,
            "count": extra.count,
            "quiz": quiz.title,
        },
    )
    return redirect("participant_detail", user_id=participant.pk)
