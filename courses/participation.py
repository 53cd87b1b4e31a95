"""What a participant does: start a workshop, complete and reopen modules.

Plain functions without request objects; views and the quiz-passed handler call
them. Each is safe to repeat and to run concurrently: the database's unique
constraints decide. What follows from a completion (a certificate, for one) is for the
apps that listen to `module_completed` and `workshop_finished` (signals.py).
"""

from django.db import transaction
from django.utils import timezone

from academy.base.translations import source_of

from .models import Enrolment, ModuleCompletion, WorkshopPage
from .signals import module_completed, workshop_finished


class CompletionNotAllowed(Exception):
    """This module is completed another way (e.g. by passing its quiz)."""


def enrol(user, workshop):
    """Enrol `user` in `workshop` once, however often asked: (enrolment, created).

    Here and below a translated page counts as its source: what a participant does
    is kept on the source page, the same in every language."""
    workshop = source_of(workshop)
    return Enrolment.objects.get_or_create(user=user, workshop=workshop)


def touch(user, workshop):
    """Record activity now (start, completion, reopening) for the dashboard."""
    enrolment, created = enrol(user, workshop)
    if not created:
        Enrolment.objects.filter(pk=enrolment.pk).update(
            last_activity_at=timezone.now()
        )
    return enrolment


def record_completion(user, module):
    """Mark `module` completed for `user` (idempotent); enrols them if needed, and
    announces the completion, and the finished workshop when this was the last
    thing to do."""
    module = source_of(module)
    workshop = WorkshopPage.objects.parent_of(module).get()
    with transaction.atomic():
        touch(user, workshop)
        completion, created = ModuleCompletion.objects.get_or_create(
            user=user, module=module
        )
    if created:
        module_completed.send(
            sender=ModuleCompletion, user=user, module=module, workshop=workshop
        )
    check_finished(user, workshop)
    return completion


def check_finished(user, workshop):
    """Announce `workshop_finished` when `user` finished `workshop`; returns the
    progress. Called after a completion, and by the apps that register a
    requirement when they record that it is met (e.g. an attendance)."""
    from .progress_data import progress_for

    workshop = source_of(workshop)
    progress = progress_for(user, [workshop])[workshop.pk]
    if progress.finished:
        workshop_finished.send(
            sender=WorkshopPage, user=user, workshop=workshop, progress=progress
        )
    return progress


def mark_done(user, module):
    """The participant marks a module done; not for modules completed another way."""
    module = source_of(module)
    if not module.completed_by_marking():
        raise CompletionNotAllowed(module.pk)
    return record_completion(user, module)


def passed_its_quiz(user, module):
    """Whether `user` passed the quiz of `module` (published now or not)."""
    from quizzes.models import Attempt

    module = source_of(module)
    return bool(module.quiz_id) and (
        Attempt.objects.filter(user=user, quiz_id=module.quiz_id, passed=True).exists()
    )


def reopen(user, module):
    """Undo a completion the participant made by marking the module done.

    A completion earned by passing the module's quiz stays, also while the quiz is
    unpublished (the module is then marked done by hand): a passed quiz cannot be
    taken again, so undoing it could never be redone."""
    module = source_of(module)
    if not module.completed_by_marking() or passed_its_quiz(user, module):
        raise CompletionNotAllowed(module.pk)
    workshop = WorkshopPage.objects.parent_of(module).get()
    with transaction.atomic():
        ModuleCompletion.objects.filter(user=user, module=module).delete()
        touch(user, workshop)


def export_enrolments(user):
    """The participant's enrolments, for their data export."""
    return [
        {
            "workshop": e.workshop.title,
            "enrolled_at": e.enrolled_at.isoformat(),
            "last_activity_at": e.last_activity_at.isoformat(),
        }
        for e in Enrolment.objects.filter(user=user).select_related("workshop")
    ]


def export_completions(user):
    """The participant's completed modules, for their data export."""
    return [
        {"module": c.module.title, "completed_at": c.completed_at.isoformat()}
        for c in ModuleCompletion.objects.filter(user=user).select_related("module")
    ]


def enrolled_users(page_ids):
    """Who enrolled in any of these pages (dependent_records: deleting them)."""
    return Enrolment.objects.filter(workshop_id__in=page_ids).values_list(
        "user_id", flat=True
    )


def completing_users(page_ids):
    """Who completed any of these pages (dependent_records: deleting them)."""
    return ModuleCompletion.objects.filter(module_id__in=page_ids).values_list(
        "user_id", flat=True
    )
