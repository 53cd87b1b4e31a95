"""The queries that feed the progress rules (progress.py): one participant's
progress for pages and the dashboard, and many enrolments' at once for the reports.

`progress_for` loads what it needs in a fixed number of queries (one more per
registered requirement that applies) and calls `compute_progress`.
"""

from functools import reduce
from operator import or_

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from academy.base import caching, translations
from academy.base.caching import DEFAULT_TIMEOUT, content_key

from . import requirements as registry
from .models import Enrolment, ModuleCompletion, ModulePage
from .progress import STALLED_AFTER, Status, compute_progress


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
    """The live modules of `workshops` (one query). A translated workshop follows
    its source's outline: each module in its translation where that is published,
    else the source's module (not translated yet), so both languages count the same
    modules; modules of its own with no source come last."""
    sources = {}
    for workshop in workshops:
        source = translations.source_of(workshop)
        if source.pk != workshop.pk:
            sources[workshop.pk] = source
    shown = {workshop.pk: workshop for workshop in workshops}
    extra = [s for s in sources.values() if s.pk not in shown]
    result = _load_children(list(shown.values()) + extra)
    for pk, source in sources.items():
        own = {module.translation_key: module for module in result[pk]}
        keys = set()
        merged = []
        for module in result[source.pk]:
            keys.add(module.translation_key)
            merged.append(own.get(module.translation_key, module))
        merged += [m for m in result[pk] if m.translation_key not in keys]
        result[pk] = merged
    return {workshop.pk: result[workshop.pk] for workshop in workshops}


def _load_children(workshops):
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
            "translation_key",
            "locale",
        )
        .order_by("path")
    )
    for module in modules:
        result[by_path[module.path[: -ModulePage.steplen]]].append(module)
    return result


def progress_for(user, workshops, modules_by_workshop=None, enrolments=None):
    """{workshop id: WorkshopProgress} for one participant, in at most 3 queries,
    plus one for each registered requirement that applies to one of the workshops.

    Pass what the caller already loaded (the live modules, the participant's
    enrolments in these workshops) to save those queries.
    """
    workshops = list(workshops)
    if modules_by_workshop is None:
        modules_by_workshop = live_modules_by_workshop(workshops)
    # A translated page counts as its source (records are kept on the source):
    # the same progress in both languages, reported with the pages' own ids.
    source = {w.pk: translations.source_id(ModulePage, w.pk) for w in workshops}
    module_source = {
        m.pk: translations.source_id(ModulePage, m.pk)
        for ms in modules_by_workshop.values()
        for m in ms
    }
    completed, activity = set(), {}
    applying = {w.pk: registry.applying_to(w) for w in workshops}
    met = {w.pk: set() for w in workshops}
    if user.is_authenticated:
        for requirement in registry.all_requirements():
            ids = [pk for pk, rs in applying.items() if requirement in rs]
            if ids:
                met_sources = set(requirement.met(user, [source[pk] for pk in ids]))
                for pk in ids:
                    if source[pk] in met_sources:
                        met[pk].add(requirement.key)
    if user.is_authenticated and workshops:
        done = set(
            ModuleCompletion.objects.filter(
                user=user, module_id__in=set(module_source.values())
            ).values_list("module_id", flat=True)
        )
        completed = {pk for pk, src in module_source.items() if src in done}
        if enrolments is None:
            enrolments = Enrolment.objects.filter(
                user=user, workshop__in=set(source.values())
            ).only("workshop_id", "last_activity_at")
        activity = {e.workshop_id: e.last_activity_at for e in enrolments}
    return {
        workshop.pk: compute_progress(
            workshop.pk,
            [m.pk for m in modules_by_workshop.get(workshop.pk, [])],
            completed,
            last_activity=activity.get(source[workshop.pk]),
            enrolled=source[workshop.pk] in activity,
            requirements=[r.key for r in applying[workshop.pk]],
            met_requirements=met[workshop.pk],
        )
        for workshop in workshops
    }


def reference_progress(enrolments):
    """The original definition of the stored progress, per row: add ref_total,
    ref_done, ref_passed, ref_percent and ref_requirements_met to an Enrolment
    queryset as correlated subqueries. Slow on many rows: the report reads the
    stored columns (progress_store.py); tests prove those equal this."""
    from quizzes.models import Attempt

    def live_modules(ref):
        return (
            ModulePage.objects.live()
            .public()
            .filter(
                path__startswith=ref("workshop__path"),
                depth=ref("workshop__depth") + 1,
            )
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
    return enrolments.annotate(
        ref_total=total,
        ref_done=done,
        ref_passed=passed,
        ref_requirements_met=requirements_met_expression(),
    ).annotate(
        ref_percent=Case(
            When(ref_total=0, then=Value(0)),
            default=F("ref_done") * 100 / F("ref_total"),
            output_field=IntegerField(),
        )
    )


def annotate_report_columns(enrolments):
    """Add the columns other apps registered (report_columns.progress_columns) to
    an Enrolment queryset: subqueries, evaluated for the rows shown only."""
    from .report_columns import progress_columns

    return enrolments.annotate(
        **{column.name: column.annotation() for column in progress_columns()}
    )


def requirements_met_expression():
    """True for enrolments whose workshop's requirements are all met (or has none)."""
    condition = Q()
    for requirement in registry.all_requirements():
        condition &= requirement.met_expression()
    if not condition:
        return ExpressionWrapper(Value(True), output_field=BooleanField())
    return ExpressionWrapper(condition, output_field=BooleanField())


def filter_status(enrolments, status, now):
    """Keep the enrolments with this status (see progress.status_of), by their
    stored progress (progress_store.py)."""
    quiet = Q(last_activity_at__lt=now - STALLED_AFTER)
    if status == Status.FINISHED:
        return enrolments.filter(finished=True)
    if status == Status.NOT_STARTED:
        # Nothing done is never finished (finishing needs a module done).
        return enrolments.filter(modules_done=0)
    if status == Status.STALLED:
        return enrolments.filter(quiet, modules_done__gt=0, finished=False)
    if status == Status.IN_PROGRESS:
        return enrolments.filter(
            modules_done__gt=0,
            finished=False,
            last_activity_at__gte=now - STALLED_AFTER,
        )
    return enrolments
