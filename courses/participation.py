"""What a participant does: start a workshop, complete and reopen modules.

Plain functions without request objects; views and (later) quizzes call them. Each is
safe to repeat and to run concurrently: the database's unique constraints decide.
"""

from django.db import transaction
from django.utils import timezone

from .models import Certificate, Enrolment, ModuleCompletion, WorkshopPage


class CompletionNotAllowed(Exception):
    """This module is completed another way (e.g. by passing its quiz)."""


def enrol(user, workshop):
    """Enrol `user` in `workshop` once, however often asked: (enrolment, created)."""
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
    issues the workshop's certificate when this was the last module to do."""
    from .certificates import issue_if_finished

    workshop = WorkshopPage.objects.parent_of(module).get()
    with transaction.atomic():
        touch(user, workshop)
        completion, _created = ModuleCompletion.objects.get_or_create(
            user=user, module=module
        )
    issue_if_finished(user, workshop)
    return completion


def mark_done(user, module):
    """The participant marks a module done; not for modules completed another way."""
    if not module.completed_by_marking():
        raise CompletionNotAllowed(module.pk)
    return record_completion(user, module)


def reopen(user, module):
    """Undo a completion the participant made by marking the module done."""
    if not module.completed_by_marking():
        raise CompletionNotAllowed(module.pk)
    workshop = WorkshopPage.objects.parent_of(module).get()
    with transaction.atomic():
        ModuleCompletion.objects.filter(user=user, module=module).delete()
        touch(user, workshop)


def export_participation(user):
    """The participant's enrolments and completions, for their data download."""
    return {
        "enrolments": [
            {
                "workshop": e.workshop.title,
                "enrolled_at": e.enrolled_at.isoformat(),
                "last_activity_at": e.last_activity_at.isoformat(),
            }
            for e in Enrolment.objects.filter(user=user).select_related("workshop")
        ],
        "module_completions": [
            {"module": c.module.title, "completed_at": c.completed_at.isoformat()}
            for c in ModuleCompletion.objects.filter(user=user).select_related("module")
        ],
        "certificates": [
            {
                "code": c.code,
                "name": c.name,
                "workshop": c.workshop_title,
                "issued_at": c.issued_at.isoformat(),
                "revoked": c.is_revoked,
            }
            for c in Certificate.objects.filter(user=user)
        ],
    }
