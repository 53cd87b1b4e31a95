"""What participants did with quizzes, as records that content never takes along.

Attempts (and the extra attempts a trainer grants) belong to the participant: a
quiz that has any cannot be deleted (the foreign keys PROTECT it), only unpublished.
"""

from .models import Attempt, ExtraAttempts

# Other apps' models that keep participants' records on a quiz (a `quiz` foreign
# key and a `user` one), registered from their AppConfig.ready(): boosters, say.
_other_records = []


def register(model):
    """`model` keeps participants' records on a quiz: such a quiz is not deleted."""
    if model not in _other_records:
        _other_records.append(model)


def participants_with_records(quizzes):
    """{quiz id: number of participants with attempts at it or extra attempts for
    it}, for those that have any, in two queries."""
    ids = [quiz.pk for quiz in quizzes]
    if not ids:
        return {}
    people = {}
    for model in (Attempt, ExtraAttempts, *_other_records):
        for quiz_id, user_id in (
            model.objects.filter(quiz_id__in=ids)
            .order_by()
            .values_list("quiz_id", "user_id")
            .distinct()
        ):
            people.setdefault(quiz_id, set()).add(user_id)
    return {quiz_id: len(users) for quiz_id, users in people.items()}
