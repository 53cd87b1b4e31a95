"""A participant's progress through a workshop: the rules, as plain functions.

No Django here (import-linter checks it): `compute_progress` and `status_of` work on
plain data and are tested without a database. The queries that feed them live beside
this module, in progress_data.py; the dashboard, the workshop and module pages and the
trainer reports all go through the two. Progress counts live modules only, so
unpublishing a module changes the total but never loses a completion.

Finishing a workshop means every live module done *and* every requirement that
another app registered for the workshop met (courses/requirements.py): attending a
live session, for instance. This module only sees requirement keys.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class WorkshopProgress:
    workshop_id: int
    total: int
    done: int
    completed_module_ids: frozenset = field(default_factory=frozenset)
    next_module_id: int | None = None
    last_activity: datetime | None = None
    enrolled: bool = False
    # Keys of the registered requirements that apply to this workshop, and of those
    # the participant has not met yet.
    requirements: frozenset = field(default_factory=frozenset)
    unmet_requirements: frozenset = field(default_factory=frozenset)

    @property
    def percent(self):
        """Whole percent done, rounded down (100 only when everything is done)."""
        return self.done * 100 // self.total if self.total else 0

    @property
    def modules_done(self):
        return self.total > 0 and self.done == self.total

    @property
    def finished(self):
        """Every live module done, and every requirement of the workshop met."""
        return self.modules_done and not self.unmet_requirements

    @property
    def awaiting_requirements(self):
        """Every module done, but a requirement (e.g. a session) still open."""
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
    requirements=(),
    met_requirements=(),
):
    """Progress through one workshop.

    module_ids: the workshop's live modules, in order. completed_module_ids: every
    module the participant completed (modules of other workshops, or no longer
    live, are ignored). requirements: the keys of the requirements that apply to the
    workshop; met_requirements: those the participant met.
    """
    completed = frozenset(completed_module_ids) & frozenset(module_ids)
    next_module_id = next((pk for pk in module_ids if pk not in completed), None)
    requirements = frozenset(requirements)
    return WorkshopProgress(
        workshop_id=workshop_id,
        total=len(module_ids),
        done=len(completed),
        completed_module_ids=completed,
        next_module_id=next_module_id,
        last_activity=last_activity,
        enrolled=enrolled,
        requirements=requirements,
        unmet_requirements=requirements - frozenset(met_requirements),
    )


def next_module(progress, modules):
    """The module page to continue with, from the workshop's live `modules`."""
    return next((m for m in modules if m.pk == progress.next_module_id), None)


# Trainer reports: the same rules over many enrolments (progress_data.py computes
# the counts in SQL; tests check it agrees with compute_progress).

STALLED_AFTER = timedelta(days=14)


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    STALLED = "stalled"


def status_of(done, total, last_activity, now, requirements_met=True):
    """Not started (nothing done), finished (all live modules done, and every
    requirement met), stalled (started, not finished, no activity for 14 days) or in
    progress."""
    if total and done >= total and requirements_met:
        return Status.FINISHED
    if not done:
        return Status.NOT_STARTED
    if last_activity and now - last_activity > STALLED_AFTER:
        return Status.STALLED
    return Status.IN_PROGRESS
