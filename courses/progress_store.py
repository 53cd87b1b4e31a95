"""Each enrolment's progress, stored on it for the trainer reports.

The report sorts and filters 100,000 enrolments by percentage and status; computing
those per row on every page read everything. So `Enrolment` keeps `modules_total`,
`modules_done`, `quizzes_passed`, `percent` and `finished`, by the same rules as
`progress_for` (progress.py): live, public modules only; finished means every such
module done and every registered requirement (requirements.py) met.

They are recounted, set-based (one UPDATE, whatever the number of rows, writing
only the rows that changed), for:

- one participant, when a module is completed or reopened, an attempt is saved or
  deleted, an enrolment is made, or an app says a requirement changed
  (`refresh_user`, e.g. live_sessions on an attendance);
- one workshop's enrolments when its outline changes: a module or the workshop
  published, unpublished, moved or deleted, a quiz deleted, a view restriction
  changed (`recount_workshops`);
- everything (`recount_all`, `manage.py recount_progress`): after a bulk load that
  wrote rows without signals, or a new requirement.

tests/courses/test_progress_store.py proves the stored figures equal a full recount
by the original per-row definition (progress_data.reference_progress).
"""

import threading

from django.db import connections, router, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import Enrolment, ModuleCompletion, WorkshopPage


def _count(queryset, field="pk"):
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


def _update(enrolments, workshops, cached=False):
    """Recount `enrolments` (a queryset) of these `workshops` in one UPDATE;
    returns the number of rows that changed.

    The live modules come from the database (the outline may have changed a
    moment ago), or from the shared cache for a participant's own change."""
    from quizzes.models import Attempt

    from .progress_data import (
        _load_live_modules,
        live_modules_by_workshop,
        requirements_met_expression,
    )

    workshops = list(workshops)
    if not workshops:
        return 0
    load = live_modules_by_workshop if cached else _load_live_modules
    modules = load(workshops)
    total, done, passed = [], [], []
    for workshop in workshops:
        ids = [m.pk for m in modules.get(workshop.pk, [])]
        quiz_ids = [m.quiz_id for m in modules.get(workshop.pk, []) if m.quiz_id]
        here = Q(workshop_id=workshop.pk)
        total.append(When(here, then=Value(len(ids))))
        if ids:
            done.append(
                When(
                    here,
                    then=_count(
                        ModuleCompletion.objects.filter(
                            user_id=OuterRef("user_id"), module_id__in=ids
                        )
                    ),
                )
            )
        if quiz_ids:
            passed.append(
                When(
                    here,
                    then=_count(
                        Attempt.objects.filter(
                            user_id=OuterRef("user_id"),
                            passed=True,
                            quiz_id__in=quiz_ids,
                        ),
                        field="quiz",
                    ),
                )
            )
    zero = Value(0)
    counted = (
        enrolments.filter(workshop_id__in=[w.pk for w in workshops])
        .order_by()
        .annotate(
            new_total=Case(*total, default=zero),
            new_done=Case(*done, default=zero) if done else zero,
            new_passed=Case(*passed, default=zero) if passed else zero,
            new_met=ExpressionWrapper(
                requirements_met_expression(), output_field=BooleanField()
            ),
        )
        .values("id", "new_total", "new_done", "new_passed", "new_met")
    )
    return _write(counted, big=not cached)


# Computed once per row by the SELECT above, written only where it changed: one
# statement, and a recount that finds everything right writes nothing.
UPDATE = """
UPDATE {table} SET
    modules_total = s.new_total,
    modules_done = s.new_done,
    quizzes_passed = s.new_passed,
    percent = s.new_percent,
    finished = s.new_finished
FROM (
    SELECT c.id, c.new_total, c.new_done, c.new_passed,
        CASE WHEN c.new_total = 0 THEN 0
            ELSE c.new_done * 100 / c.new_total END AS new_percent,
        CASE WHEN c.new_total > 0 AND c.new_done >= c.new_total AND c.new_met
            THEN {true} ELSE {false} END AS new_finished
    FROM ({counted}) AS c
) AS s
WHERE {table}.id = s.id AND (
    {table}.modules_total <> s.new_total
    OR {table}.modules_done <> s.new_done
    OR {table}.quizzes_passed <> s.new_passed
    OR {table}.percent <> s.new_percent
    OR {table}.finished <> s.new_finished
)
"""


def _write(counted, big=False):
    """Run UPDATE for the counted rows (a values() queryset); the rows changed."""
    db = router.db_for_write(Enrolment)  # never a replica (academy.base.replica)
    sql, params = counted.using(db).query.sql_with_params()
    connection = connections[db]
    quote = connection.ops.quote_name
    true, false = ("true", "false") if connection.vendor == "postgresql" else (1, 0)
    statement = UPDATE.format(
        table=quote(Enrolment._meta.db_table), counted=sql, true=true, false=false
    )
    with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
        if big and connection.vendor == "postgresql":
            # Compiling a recount of many rows (JIT) costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(statement, params)
        return cursor.rowcount


def _workshops(ids):
    # What the recount reads of a workshop (no more: the migration runs it too).
    return WorkshopPage.objects.filter(pk__in=ids).only("pk", "path", "depth")


_local = threading.local()


def refreshes():
    """How many times refresh_user ran in this thread (to skip a second one)."""
    return getattr(_local, "refreshes", 0)


def refresh_user(user_id):
    """Recount one participant's enrolments (a completion, an attempt, an
    attendance changed): two queries, the outline from the shared cache."""
    _local.refreshes = refreshes() + 1
    workshops = WorkshopPage.objects.filter(enrolments__user_id=user_id).only(
        "pk", "path", "depth"
    )
    return _update(Enrolment.objects.filter(user_id=user_id), workshops, cached=True)


def refresh_enrolment(enrolment):
    return _update(
        Enrolment.objects.filter(pk=enrolment.pk),
        _workshops([enrolment.workshop_id]),
        cached=True,
    )


def recount_workshops(workshop_ids):
    """Recount every enrolment in these workshops (their outline changed)."""
    workshop_ids = [pk for pk in workshop_ids if pk is not None]
    if not workshop_ids:
        return 0
    return _update(Enrolment.objects.all(), _workshops(workshop_ids))


def recount_all():
    """Recount every enrolment (after a bulk load, or to repair): two UPDATEs over
    the whole table. Returns the number of enrolments."""
    workshop_ids = Enrolment.objects.values_list("workshop_id", flat=True).distinct()
    return _update(Enrolment.objects.all(), _workshops(workshop_ids))


def requirement_changed(user, workshop=None):
    """For the apps that register a requirement: something that may meet (or
    unmeet) it changed for `user` (e.g. an attendance recorded or taken back)."""
    return refresh_user(getattr(user, "pk", user))


# The receivers (connected in apps.py).


def _workshop_of_module_path(path):
    """The id of the workshop a module at `path` belongs to (its parent)."""
    parent = path[: -WorkshopPage.steplen] if path else None
    if not parent:
        return None
    return WorkshopPage.objects.filter(path=parent).values_list("pk", flat=True).first()


def _workshops_of_page(page):
    """The workshop(s) whose outline `page` is part of: itself, or its parent."""
    from .models import ModulePage

    if isinstance(page, WorkshopPage):
        return [page.pk]
    if isinstance(page, ModulePage):
        return [_workshop_of_module_path(page.path)]
    return []


def completion_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh_user(instance.user_id)


def attempt_changed(sender, instance, created=False, **kwargs):
    """An attempt edited or deleted. A new one that failed changes nothing; a new
    pass is counted where its module is completed (signal_handlers)."""
    if kwargs.get("raw") or created:
        return
    refresh_user(instance.user_id)


def enrolment_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        refresh_enrolment(instance)


def outline_changed(sender, instance, **kwargs):
    """A module or a workshop published, unpublished or deleted."""
    recount_workshops(_workshops_of_page(instance))


def page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    """A full save of a page outside the editor (a script, the demo loader) may
    change what is live; the editor's draft saves name only bookkeeping fields."""
    from academy.base.caching import PAGE_BOOKKEEPING_FIELDS

    if raw or not instance.live:
        return
    if update_fields is not None and frozenset(update_fields) <= (
        PAGE_BOOKKEEPING_FIELDS
    ):
        return
    recount_workshops(_workshops_of_page(instance))


def page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kw):
    ids = {p.pk for p in (parent_page_before, parent_page_after) if p is not None}
    recount_workshops(
        [pk for pk in ids if WorkshopPage.objects.filter(pk=pk).exists()]
        + _workshops_of_page(instance)
    )


def remember_quiz_workshops(sender, instance, **kwargs):
    from .models import ModulePage

    instance._progress_workshops = {
        _workshop_of_module_path(path)
        for path in ModulePage.objects.filter(quiz_id=instance.pk).values_list(
            "path", flat=True
        )
    }


def quiz_deleted(sender, instance, **kwargs):
    recount_workshops(getattr(instance, "_progress_workshops", ()))


def restriction_changed(sender, instance, **kwargs):
    # A view restriction hides modules from the count: rare; recount everything.
    recount_all()


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from quizzes.models import Attempt, Quiz

    from .models import ModulePage

    for signal in (post_save, post_delete):
        signal.connect(
            completion_changed,
            sender=ModuleCompletion,
            dispatch_uid=f"progress-completion-{id(signal)}",
        )
        signal.connect(
            attempt_changed,
            sender=Attempt,
            dispatch_uid=f"progress-attempt-{id(signal)}",
        )
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"progress-restriction-{id(signal)}",
        )
    post_save.connect(enrolment_saved, sender=Enrolment, dispatch_uid="progress-enrol")
    for model in (ModulePage, WorkshopPage):
        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(
                outline_changed,
                sender=model,
                dispatch_uid=f"progress-outline-{model.__name__}-{id(signal)}",
            )
        post_save.connect(
            page_saved, sender=model, dispatch_uid=f"progress-save-{model.__name__}"
        )
    post_page_move.connect(page_moved, dispatch_uid="progress-page-moved")
    pre_delete.connect(
        remember_quiz_workshops, sender=Quiz, dispatch_uid="progress-quiz-pre-delete"
    )
    post_delete.connect(quiz_deleted, sender=Quiz, dispatch_uid="progress-quiz-deleted")
