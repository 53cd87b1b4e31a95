"""What participants did with quizzes, as records that content never takes along.

Attempts (and the extra attempts a trainer grants) belong to the participant: a
quiz that has any cannot be deleted (the foreign keys PROTECT it), only unpublished.
"""

from django.db.models import Count

from .models import Attempt


def participants_with_records(quizzes):
    """{quiz id: number of participants with attempts at it}, for those that have
    any, in one query."""
    ids = [quiz.pk for quiz in quizzes]
    if not ids:
        return {}
    return dict(
        Attempt.objects.filter(quiz_id__in=ids)
        .values("quiz_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("quiz_id", "people")
    )
