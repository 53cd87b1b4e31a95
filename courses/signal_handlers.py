"""What `courses` does when other apps announce something."""

from django.dispatch import receiver

from quizzes.signals import quiz_passed

from .models import ModulePage
from .participation import record_completion


@receiver(quiz_passed, dispatch_uid="courses-complete-module-on-quiz-pass")
def complete_modules_of_quiz(sender, user, quiz, attempt, **kwargs):
    """Passing a quiz completes the module that uses it."""
    for module in ModulePage.objects.live().filter(quiz=quiz):
        record_completion(user, module)
