"""Recording attempts: once per submitted form, never beyond the attempt limit.

Plain functions without request objects; the database's unique constraints make them
safe under double and concurrent submits on SQLite and PostgreSQL alike.
"""

import random
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.utils.crypto import salted_hmac

from academy.base import translations
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


def status(user, quiz, since=None):
    """How far `user` is with `quiz`: one query, and a second one for the extra
    attempts a trainer granted, only once the quiz's own limit is reached (before
    that they change nothing).

    The one query is written out: it runs on every quiz page and every submission,
    and building it with the ORM's aggregate() cost more than running it (issue 16).

    `since` counts only the attempts from that moment (a renewal quiz, taken again
    for each period of a certificate); the attempt numbers go on from all of them.

    A translation of a quiz counts as its source: one set of attempts in both
    languages.
    """
    quiz = translations.source_of(quiz)
    attempts, passed, best, last = _summary(user.pk, quiz.pk, since)
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


def _summary(user_id, quiz_id, since=None):
    """(attempts, passes, best score, highest attempt number) of one participant at
    one quiz, through the (user, quiz) index."""
    table = connection.ops.quote_name(Attempt._meta.db_table)
    with connection.cursor() as cursor:
        if since is not None:
            cursor.execute(
                "SELECT "  # noqa: S608 - the table name is the model's
                "COALESCE(SUM(CASE WHEN submitted_at >= %s THEN 1 ELSE 0 END), 0), "
                "COALESCE(SUM(CASE WHEN submitted_at >= %s AND passed THEN 1 ELSE 0 "
                "END), 0), MAX(CASE WHEN submitted_at >= %s THEN score END), "
                f"MAX(number) FROM {table} WHERE user_id = %s AND quiz_id = %s",
                [since, since, since, user_id, quiz_id],
            )
            return cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*), "  # noqa: S608 - the table name is the model's
            "COALESCE(SUM(CASE WHEN passed THEN 1 ELSE 0 END), 0), "
            f"MAX(score), MAX(number) FROM {table} WHERE user_id = %s AND quiz_id = %s",
            [user_id, quiz_id],
        )
        return cursor.fetchone()


def granted_attempts(user, quiz):
    """The extra attempts trainers granted `user` for `quiz`, in all."""
    quiz_id = translations.source_id(type(quiz), quiz.pk)
    return (
        ExtraAttempts.objects.filter(user=user, quiz_id=quiz_id).aggregate(
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


DRAW_SALT = "quizzes.attempts.drawn"


def seen_counts(user, quiz):
    """{question key: times `user` answered it} at `quiz` (one query)."""
    quiz_id = translations.source_id(type(quiz), quiz.pk)
    return dict(
        Answer.objects.filter(attempt__user=user, attempt__quiz_id=quiz_id)
        .order_by()
        .values("question_key")
        .annotate(times=Count("pk"))
        .values_list("question_key", "times")
    )


def drawn_questions(quiz, submission, seen):
    """The questions one form of `quiz` asks: all of them, or the draw of a quiz
    with a question pool (scoring.draw, seeded by the form's secret seed)."""
    return scoring.draw(
        quiz.question_data(), quiz.draw_count, seen, order_seed(submission)
    )


def draw_token(submission, questions):
    """The drawn question keys of one form, signed (a hidden field): the submission
    is scored against exactly the questions the participant was shown, even when
    another attempt in between would change the draw."""
    return signing.dumps([submission, [q.key for q in questions]], salt=DRAW_SALT)


def questions_from_token(quiz, submission, token):
    """The questions a draw token names, in the trainer's order; None for a token
    that is not ours, not of this form, or names a question the quiz no longer
    has."""
    try:
        signed_submission, keys = signing.loads(token, salt=DRAW_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if signed_submission != submission or not isinstance(keys, list):
        return None
    by_key = {question.key: question for question in quiz.question_data()}
    if not keys or not all(isinstance(k, str) and k in by_key for k in keys):
        return None
    wanted = set(keys)
    return [q for q in by_key.values() if q.key in wanted]


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


def submit(user, quiz, answers, submission, since=None, questions=None, certainty=None):
    """Score and store an attempt; returns (attempt, created).

    The same `submission` (one rendered form) gives back the attempt it made. Raises
    scoring.InvalidAnswer for answers that do not fit the quiz, and AttemptNotAllowed
    after a pass or at the attempt limit (counted from `since`: see status()).
    Nothing is stored in either case.

    `questions`: the questions this form asked (a quiz with a question pool), all
    of the quiz's by default. `certainty`: {question key: level} with
    certainty-based marking (required then).

    `quiz` may be a translation: it is scored with the questions as shown (the
    same keys as its source's) and stored against its source, with the language.
    """
    if questions is None:
        questions = quiz.question_data()
    shown, quiz = quiz, translations.source_of(quiz)
    if quiz.certainty_marking and certainty is None:
        raise scoring.InvalidAnswer("this quiz asks how sure the participant is")
    result = scoring.score(
        questions,
        answers,
        quiz.pass_mark,
        certainty if quiz.certainty_marking else None,
    )

    def stored_before():
        return Attempt.objects.filter(
            user=user, quiz=quiz, submission=submission
        ).first()

    # A form sent again is found by its unique `submission` (the insert below
    # fails), so the usual first submission costs no extra query for it.
    for _retry in range(5):
        current = status(user, quiz, since)
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
                    revision_id=shown.live_revision_id,
                    language=translations.language_of(type(shown), shown.pk),
                    number=current.last_number + 1,
                    submission=submission,
                    points=result.points,
                    max_points=result.max_points,
                    score=result.percent,
                    pass_mark=quiz.pass_mark,
                    passed=result.passed,
                    certainty_points=result.certainty_points,
                )
                Answer.objects.bulk_create(
                    Answer(
                        attempt=attempt,
                        position=position,
                        question_key=item.question.key,
                        question=snapshot(item.question),
                        selected=sorted(item.selected),
                        correct=item.correct,
                        certainty=item.certainty,
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
                answer.certainty,
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
            "certainty_score": attempt.certainty_points,
            "answers": [
                {
                    "question": answer.question["text"],
                    "selected": [
                        option["text"]
                        for option in answer.question["options"]
                        if option["key"] in answer.selected
                    ],
                    "correct": answer.correct,
                    "certainty": answer.certainty,
                }
                for answer in attempt.answers.all()
            ],
        }
        for attempt in Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related("answers")
    ]


def attempt_records(quiz, language=None):
    """Every participant's attempt at `quiz` (in `language` only, if given) as plain
    statistics records, in two queries. Trainers' and administrators' own tries
    are left out."""
    from .statistics import AttemptRecord

    in_language = {"language": language} if language else {}
    answers = {}
    for attempt_id, key, selected, correct, certainty in exclude_staff(
        Answer.objects.filter(
            attempt__quiz=quiz,
            **{f"attempt__{name}": value for name, value in in_language.items()},
        ),
        "attempt__user",
    ).values_list("attempt_id", "question_key", "selected", "correct", "certainty"):
        answers.setdefault(attempt_id, {})[key] = (
            frozenset(selected),
            correct,
            certainty,
        )
    return [
        AttemptRecord(user_id, number, score, passed, answers.get(pk, {}))
        for pk, user_id, number, score, passed in exclude_staff(
            Attempt.objects.filter(quiz=quiz, **in_language)
        ).values_list("pk", "user_id", "number", "score", "passed")
    ]
