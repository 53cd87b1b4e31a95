"""What `courses` does when other apps announce something."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from quizzes.signals import quiz_passed

from .models import ModulePage, TipsPage
from .participation import record_completion


@receiver(quiz_passed, dispatch_uid="courses-complete-module-on-quiz-pass")
def complete_modules_of_quiz(sender, user, quiz, attempt, **kwargs):
    """Passing a quiz completes the module that uses it; the quizzes passed stored
    on the enrolment are recounted with the completion (progress_store), or here
    when the module was completed before."""
    from .progress_store import refresh_user, refreshes

    before = refreshes()
    for module in ModulePage.objects.live().filter(quiz=quiz):
        record_completion(user, module)
    if refreshes() == before:
        refresh_user(user.pk)


def keep_tips_with_records(page):
    """Put back, in the tips page's unsaved list of tips, every stored tip that
    participants rated, planned or checked in on: a draft from before they did,
    published later (scheduled, approved, in bulk, without the editor's form),
    must not take their records with it. Returns the tips put back."""
    from . import dependent_records
    from .models import Tip

    related = getattr(page, "_cluster_related_objects", None) or {}
    if page.pk is None or "tips" not in related:
        return []  # the tips are read from (and stay in) the database
    present = {tip.pk for tip in related["tips"] if tip.pk}
    stored = list(Tip.objects.filter(page_id=page.pk).exclude(pk__in=present))
    missing = [
        tip
        for tip in stored
        if dependent_records.participants(dependent_records.TIPS, [tip.pk])
    ]
    if missing:
        page.tips.add(*missing)
    return missing


@receiver(pre_save, sender=TipsPage, dispatch_uid="courses-keep-tips-with-records")
def keep_used_tips(sender, instance, raw=False, **kwargs):
    if not raw:
        keep_tips_with_records(instance)
