"""A participant's progress through workshops: computed in one place.

`compute_progress` is a plain function over plain data (tested without a database).
`progress_for` loads what it needs in a fixed number of queries and calls it; the
dashboard, the workshop and module pages (and later certificates and the trainer
report) all use these two. Progress counts live modules only, so unpublishing a
module changes the total but never loses a completion.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from academy.base import caching
from academy.base.caching import DEFAULT_TIMEOUT, content_key

from .models import Enrolment, ModuleCompletion, ModulePage, Registration


@dataclass(frozen=True)
class WorkshopProgress:
    workshop_id: int
    total: int
    done: int
    completed_module_ids: frozenset = field(default_factory=frozenset)
    next_module_id: int | None = None
    last_activity: datetime | None = None
    enrolled: bool = False
    attendance_required: bool = False
    attended: bool = False

    @property
    def percent(self):
        """Whole percent done, rounded down (100 only when everything is done)."""
        return self.done * 100 // self.total if self.total else 0

    @property
    def modules_done(self):
        return self.total > 0 and self.done == self.total

    @property
    def finished(self):
        """Every live module done, and a session attended where that is required."""
        return self.modules_done and (self.attended or not self.attendance_required)

    @property
    def awaiting_attendance(self):
        return self.modules_done and not self.finished

    @property
    def started(self):
        return self.enrolled or self.done > 0


def compute_progress(
    workshop_id,
    module_ids,
    completed_module_ids,
    last_activity=None,
    enrolled=False,
    attendance_required=False,
    attended=False,
):
    """Progress through one workshop.

    module_ids: the workshop's live modules, in order. completed_module_ids: every
    module the participant completed (modules of other workshops, or no longer
    live, are ignored).
    """
    completed = frozenset(completed_module_ids) & frozenset(module_ids)
    next_module_id = next((pk for pk in module_ids if pk not in completed), None)
    return WorkshopProgress(
        workshop_id=workshop_id,
        total=len(module_ids),
        done=len(completed),
        completed_module_ids=completed,
        next_module_id=next_module_id,
        last_activity=last_activity,
        enrolled=enrolled,
        attendance_required=attendance_required,
        attended=attended,
    )


def live_modules_by_workshop(workshops):
    """{workshop id: [live, public modules in order]}.

    From the shared cache (the outline changes only when a trainer publishes);
    workshops not cached yet cost one query together.
    """
    workshops = list(workshops)
    keys = {workshop.pk: content_key("modules", workshop.pk) for workshop in workshops}
    result = {}
    for pk, key in keys.items():
        modules = caching.get(key)
        if modules is not None:
            result[pk] = modules
    missing = [workshop for workshop in workshops if workshop.pk not in result]
    if missing:
        loaded = _load_live_modules(missing)
        for pk, modules in loaded.items():
            caching.set(keys[pk], modules, DEFAULT_TIMEOUT)
        result.update(loaded)
    return result


def _load_live_modules(workshops):
    result = {workshop.pk: [] for workshop in workshops}
    children_of = reduce(
        or_,
        (Q(path__startswith=w.path, depth=w.depth + 1) for w in workshops),
    )
    by_path = {workshop.path: workshop.pk for workshop in workshops}
    modules = (
        ModulePage.objects.live()
        .public()
        .filter(children_of)
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "intro",
            "estimated_minutes",
            "quiz_id",
        )
        .order_by("path")
    )
    for module in modules:
        result[by_path[module.path[: -ModulePage.steplen]]].append(module)
    return result


def next_module(progress, modules):
    """The module page to continue with, from the workshop's live `modules`."""
    return next((m for m in modules if m.pk == progress.next_module_id), None)


def progress_for(user, workshops, modules_by_workshop=None, enrolments=None):
    """{workshop id: WorkshopProgress} for one participant, in at most 3 queries.

    Pass what the caller already loaded (the live modules, the participant's
    enrolments in these workshops) to save those queries.
    """
    workshops = list(workshops)
    if modules_by_workshop is None:
        modules_by_workshop = live_modules_by_workshop(workshops)
    completed, activity, attended = set(), {}, set()
    if user.is_authenticated and any(w.require_attendance for w in workshops):
        attended = set(
            Registration.objects.filter(
                user=user,
                attended=True,
                session__page__in=[w.pk for w in workshops if w.require_attendance],
            ).values_list("session__page_id", flat=True)
        )
    if user.is_authenticated and workshops:
        module_ids = [m.pk for ms in modules_by_workshop.values() for m in ms]
        completed = set(
            ModuleCompletion.objects.filter(
                user=user, module_id__in=module_ids
            ).values_list("module_id", flat=True)
        )
        if enrolments is None:
            enrolments = Enrolment.objects.filter(
                user=user, workshop__in=[w.pk for w in workshops]
            ).only("workshop_id", "last_activity_at")
        activity = {e.workshop_id: e.last_activity_at for e in enrolments}
    return {
        workshop.pk: compute_progress(
            workshop.pk,
            [m.pk for m in modules_by_workshop.get(workshop.pk, [])],
            completed,
            last_activity=activity.get(workshop.pk),
            enrolled=workshop.pk in activity,
            attendance_required=workshop.require_attendance,
            attended=workshop.pk in attended,
        )
        for workshop in workshops
    }


# Trainer reports: the same rule (live modules of the workshop) in SQL, for filtering
# and sorting thousands of enrolments at once. Tests check it agrees with
# compute_progress.

STALLED_AFTER = timedelta(days=14)


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    STALLED = "stalled"


def status_of(done, total, last_activity, now, attendance_ok=True):
    """Not started (nothing done), finished (all live modules done, and a session
    attended where required), stalled (started, not finished, no activity for 14 days)
    or in progress."""
    if total and done >= total and attendance_ok:
        return Status.FINISHED
    if not done:
        return Status.NOT_STARTED
    if last_activity and now - last_activity > STALLED_AFTER:
        return Status.STALLED
    return Status.IN_PROGRESS


def annotate_progress(enrolments):
    """Add modules_total, modules_done, quizzes_passed and certificate_code to an
    Enrolment queryset, as correlated subqueries (one query for any number of rows)."""
    from quizzes.models import Attempt

    from .models import Certificate

    def live_modules(ref):
        return ModulePage.objects.live().filter(
            path__startswith=ref("workshop__path"), depth=ref("workshop__depth") + 1
        )

    def count(queryset, field="pk"):
        return Coalesce(
            Subquery(
                queryset.order_by()
                .annotate(group=Value(1))
                .values("group")
                .annotate(n=Count(field, distinct=True))
                .values("n")
            ),
            0,
        )

    total = count(live_modules(OuterRef))
    done = count(
        ModuleCompletion.objects.filter(
            user=OuterRef("user"),
            module__in=live_modules(lambda name: OuterRef(OuterRef(name))),
        )
    )
    passed = count(
        Attempt.objects.filter(
            user=OuterRef("user"),
            passed=True,
            quiz__in=live_modules(lambda name: OuterRef(OuterRef(name))).values("quiz"),
        ),
        field="quiz",
    )
    certificate = Certificate.objects.filter(
        user=OuterRef("user"), workshop=OuterRef("workshop"), is_revoked=False
    ).values("code")[:1]
    attended = Registration.objects.filter(
        user=OuterRef("user"), session__page=OuterRef("workshop"), attended=True
    )
    session = (
        Registration.objects.filter(
            user=OuterRef("user"),
            session__page=OuterRef("workshop"),
            status=Registration.Status.REGISTERED,
        )
        .order_by("-session__starts_at")
        .values("session__starts_at")[:1]
    )
    return enrolments.annotate(
        modules_total=total,
        modules_done=done,
        quizzes_passed=passed,
        certificate_code=Subquery(certificate),
        attended_session=Exists(attended),
        session_starts_at=Subquery(session),
        attendance_ok=Q(workshop__require_attendance=False) | Q(attended_session=True),
    ).annotate(
        percent=Case(
            When(modules_total=0, then=Value(0)),
            default=F("modules_done") * 100 / F("modules_total"),
            output_field=IntegerField(),
        )
    )


def filter_status(enrolments, status, now):
    """Keep the annotated enrolments with this status (see status_of)."""
    finished = Q(
        modules_total__gt=0, modules_done__gte=F("modules_total"), attendance_ok=True
    )
    quiet = Q(last_activity_at__lt=now - STALLED_AFTER)
    if status == Status.FINISHED:
        return enrolments.filter(finished)
    if status == Status.NOT_STARTED:
        return enrolments.filter(modules_done=0).exclude(finished)
    if status == Status.STALLED:
        return enrolments.filter(quiet, modules_done__gt=0).exclude(finished)
    if status == Status.IN_PROGRESS:
        return enrolments.filter(modules_done__gt=0).exclude(finished).exclude(quiet)
    return enrolments
