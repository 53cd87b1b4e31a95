"""Recording attempts: once per submitted form, never beyond the attempt limit.

Plain functions without request objects; the database's unique constraints make them
safe under double and concurrent submits on SQLite and PostgreSQL alike.
"""

import random
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils.crypto import salted_hmac

from academy.base.trainers import exclude_staff

from . import scoring, tallies
from .models import Answer, Attempt, ExtraAttempts
from .signals import quiz_passed


class AttemptNotAllowed(Exception):
    """The participant may not make another attempt (passed, or limit reached)."""


@dataclass(frozen=True)
class QuizStatus:
    attempts: int
    passed: bool
    best_score: int | None
    max_attempts: int | None  # the quiz's limit plus any extra attempts granted
    extra_attempts: int = 0  # granted by a trainer (counted when the limit is near)
    last_number: int = 0  # the highest attempt number so far (attempts may be gone)

    @property
    def attempts_left(self):
        if self.max_attempts is None:
            return None
        return max(self.max_attempts - self.attempts, 0)

    @property
    def may_attempt(self):
        return not self.passed and self.attempts_left != 0


def status(user, quiz):
    """How far `user` is with `quiz`: one query, and a second one for the extra
    attempts a trainer granted, only once the quiz's own limit is reached (before
    that they change nothing).

    The one query is written out: it runs on every quiz page and every submission,
    and building it with the ORM's aggregate() cost more than running it (issue 16).
    """
    attempts, passed, best, last = _summary(user.pk, quiz.pk)
    limit, extra = quiz.max_attempts, 0
    if limit is not None and attempts >= limit:
        extra = granted_attempts(user, quiz)
        limit += extra
    return QuizStatus(
        attempts=attempts,
        passed=passed > 0,
        best_score=best,
        max_attempts=limit,
        extra_attempts=extra,
        last_number=last or 0,
    )


def _summary(user_id, quiz_id):
    """(attempts, passes, best score, highest attempt number) of one participant at
    one quiz, through the (user, quiz) index."""
    table = connection.ops.quote_name(Attempt._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), "  # noqa: S608 - the table name is the model's
            "COALESCE(SUM(CASE WHEN passed THEN 1 ELSE 0 END), 0), "
            f"MAX(score), MAX(number) FROM {table} WHERE user_id = %s AND quiz_id = %s",
            [user_id, quiz_id],
        )
        return cursor.fetchone()


def granted_attempts(user, quiz):
    """The extra attempts trainers granted `user` for `quiz`, in all."""
    return (
        ExtraAttempts.objects.filter(user=user, quiz=quiz).aggregate(
            total=Sum("count")
        )["total"]
        or 0
    )


ORDER_SALT = "quizzes.attempts.presented"


def order_seed(submission):
    """The seed of one form's order: a keyed hash (HMAC with the SECRET_KEY) of the
    form's `submission` value.

    The submission value is in the page; the seed is not, and cannot be computed
    from it without the secret key. Seeding with the submission itself would let a
    participant replay the shuffle, undo it and read the order in which the trainer
    wrote the answers (often the right one first).
    """
    return salted_hmac(ORDER_SALT, submission).hexdigest()


def presented(questions, submission, shuffle_questions, shuffle_options):
    """The questions (and their options) in the order one form shows them.

    The order follows from the form's submission value through a keyed hash
    (order_seed), so a form shown again with errors keeps its order, and nothing
    in the page tells the order the trainer wrote; without shuffling it is the
    trainer's order.
    """
    # Not a secret itself: the seed is (see order_seed).
    generator = random.Random(order_seed(submission))  # noqa: S311
    questions = list(questions)
    if shuffle_questions:
        generator.shuffle(questions)
    if not shuffle_options:
        return questions
    result = []
    for question in questions:
        options = list(question.options)
        if question.kind != "true_false":
            generator.shuffle(options)
        result.append(
            scoring.Question(
                question.key,
                question.kind,
                question.text,
                tuple(options),
                question.explanation,
            )
        )
    return result


def snapshot(question):
    """A question as stored with an answer: enough to show the result later."""
    return {
        "kind": question.kind,
        "text": question.text,
        "explanation": question.explanation,
        "options": [
            {
                "key": option.key,
                "text": option.text,
                "correct": option.correct,
                "feedback": option.feedback,
            }
            for option in question.options
        ],
    }


def from_snapshot(key, data):
    return scoring.Question(
        key=key,
        kind=data["kind"],
        text=data["text"],
        explanation=data.get("explanation", ""),
        options=tuple(
            scoring.Option(o["key"], o["text"], o["correct"], o.get("feedback", ""))
            for o in data["options"]
        ),
    )


def submit(user, quiz, answers, submission):
    """Score and store an attempt; returns (attempt, created).

    The same `submission` (one rendered form) gives back the attempt it made. Raises
    scoring.InvalidAnswer for answers that do not fit the quiz, and AttemptNotAllowed
    after a pass or at the attempt limit. Nothing is stored in either case.
    """
    questions = quiz.question_data()
    result = scoring.score(questions, answers, quiz.pass_mark)

    def stored_before():
        return Attempt.objects.filter(
            user=user, quiz=quiz, submission=submission
        ).first()

    # A form sent again is found by its unique `submission` (the insert below
    # fails), so the usual first submission costs no extra query for it.
    for _retry in range(5):
        current = status(user, quiz)
        if not current.may_attempt:
            existing = stored_before()  # e.g. the passing form, sent twice
            if existing:
                return existing, False
            raise AttemptNotAllowed
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    user=user,
                    quiz=quiz,
                    # The published version it was taken on (none for a quiz made
                    # live without the editor, e.g. by a script).
                    revision_id=quiz.live_revision_id,
                    number=current.last_number + 1,
                    submission=submission,
                    points=result.points,
                    max_points=result.max_points,
                    score=result.percent,
                    pass_mark=quiz.pass_mark,
                    passed=result.passed,
                )
                Answer.objects.bulk_create(
                    Answer(
                        attempt=attempt,
                        position=position,
                        question_key=item.question.key,
                        question=snapshot(item.question),
                        selected=sorted(item.selected),
                        correct=item.correct,
                    )
                    for position, item in enumerate(result.questions)
                )
                # The statistics' running counts, in the same transaction.
                tallies.add(attempt, result)
        except IntegrityError:
            # Another request stored this form, or took this attempt number.
            existing = stored_before()
            if existing:
                return existing, False
            continue
        if attempt.passed:
            quiz_passed.send(sender=type(quiz), user=user, quiz=quiz, attempt=attempt)
        return attempt, True
    raise AttemptNotAllowed


def result_of(attempt):
    """The scoring result of a stored attempt, from its own copy of the questions."""
    answers = list(attempt.answers.all())
    return scoring.Result(
        tuple(
            scoring.QuestionResult(
                from_snapshot(answer.question_key, answer.question),
                frozenset(answer.selected),
                answer.correct,
            )
            for answer in answers
        ),
        attempt.pass_mark,
    )


def export_attempts(user):
    """The participant's attempts and answers, for their data download."""
    return [
        {
            "quiz": attempt.quiz.title,
            "number": attempt.number,
            "submitted_at": attempt.submitted_at.isoformat(),
            "score": attempt.score,
            "passed": attempt.passed,
            "answers": [
                {
                    "question": answer.question["text"],
                    "selected": [
                        option["text"]
                        for option in answer.question["options"]
                        if option["key"] in answer.selected
                    ],
                    "correct": answer.correct,
                }
                for answer in attempt.answers.all()
            ],
        }
        for attempt in Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related("answers")
    ]


def attempt_records(quiz):
    """Every participant's attempt at `quiz` as plain statistics records, in two
    queries. Trainers' and administrators' own tries are left out."""
    from .statistics import AttemptRecord

    answers = {}
    for attempt_id, key, selected, correct in exclude_staff(
        Answer.objects.filter(attempt__quiz=quiz), "attempt__user"
    ).values_list("attempt_id", "question_key", "selected", "correct"):
        answers.setdefault(attempt_id, {})[key] = (frozenset(selected), correct)
    return [
        AttemptRecord(user_id, number, score, passed, answers.get(pk, {}))
        for pk, user_id, number, score, passed in exclude_staff(
            Attempt.objects.filter(quiz=quiz)
        ).values_list("pk", "user_id", "number", "score", "passed")
    ]
