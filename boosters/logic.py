"""Boosters: scheduling them, picking and scoring a booster's questions, the daily
email, and the figures trainers see. Plain functions without request objects; the
rules themselves are pure, in schedule.py.

- Scheduling: the first pass of a module's quiz adds its three boosters
  (schedule.INTERVALS), once (one_booster_per_step): a second pass, or the same
  signal twice, adds nothing.
- A booster round: opened when the participant has a booster due; its questions
  picked once (schedule.choose) and kept, so reloading the page shows the same ones;
  sending its form answers every booster due when it was opened. The form sent twice
  (or twice at once) stores its answers once.
- Answers of a booster are BoosterAnswers, never attempts: quiz results, progress and
  certificates do not change.
"""

import secrets
from dataclasses import replace
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from academy.base import caching, translations
from courses.models import ModulePage
from quizzes import scoring
from quizzes.attempts import from_snapshot, snapshot
from quizzes.models import Answer, Attempt, Quiz

from . import schedule
from .models import Booster, BoosterAnswer, BoosterRound, BoosterSettings

# An opened booster that is not sent is shown again for this long.
ROUND_KEPT = timedelta(hours=12)


class NoBoosterDue(Exception):
    """The participant has no booster to answer now."""


# --- Scheduling ---------------------------------------------------------------


def module_quiz_ids():
    """The ids of the quizzes that belong to a module (cached with the content)."""
    return caching.cached_content(
        ("module-quiz-ids",),
        lambda: sorted(
            ModulePage.objects.exclude(quiz=None).values_list("quiz_id", flat=True)
        ),
    )


def schedule_boosters(user, quiz, passed_at):
    """Add the boosters that passing `quiz` at `passed_at` brings (none for a quiz
    of no module, e.g. a renewal quiz): one insert, which adds nothing for boosters
    already there (a second pass, the signal twice)."""
    if quiz.pk not in module_quiz_ids():
        return
    Booster.objects.bulk_create(
        [
            Booster(user=user, quiz=quiz, step=step, passed_at=passed_at, due_at=due)
            for step, due in schedule.due_dates(passed_at)
        ],
        ignore_conflicts=True,
    )
    forget(user.pk)


def due(user, now=None):
    """The participant's boosters due now and not answered, soonest first."""
    now = now or timezone.now()
    return Booster.objects.filter(
        user=user, answered_at=None, due_at__lte=now
    ).order_by("due_at", "pk")


def earliest_open(user):
    """When the participant's earliest booster not answered is (was) due, or None."""
    return (
        Booster.objects.filter(user=user, answered_at=None)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )


def forget(user_id):
    """The dashboard card's cached state of this participant is out of date."""
    caching.bump_stamp(f"boosters:{user_id}")


def next_due(user, now=None):
    """The next booster to come due (not answered, later than now), or None."""
    now = now or timezone.now()
    return (
        Booster.objects.filter(user=user, answered_at=None, due_at__gt=now)
        .order_by("due_at")
        .first()
    )


# --- A booster round ------------------------------------------------------------


def candidates(user, quiz_ids):
    """Every question of these quizzes, with the participant's last answer to it
    (in a quiz attempt or a booster): schedule.Candidate, and the question."""
    quizzes = quiz_questions(quiz_ids)
    last = {}
    for quiz_id, key, correct, certainty, at in (
        Answer.objects.filter(attempt__user=user, attempt__quiz_id__in=quiz_ids)
        .order_by("attempt__submitted_at")
        .values_list(
            "attempt__quiz_id",
            "question_key",
            "correct",
            "certainty",
            "attempt__submitted_at",
        )
    ):
        last[(quiz_id, key)] = (correct, certainty, at)
    for quiz_id, key, correct, certainty, at in (
        BoosterAnswer.objects.filter(user=user, quiz_id__in=quiz_ids)
        .order_by("answered_at")
        .values_list("quiz_id", "question_key", "correct", "certainty", "answered_at")
    ):
        if (quiz_id, key) not in last or last[(quiz_id, key)][2] <= at:
            last[(quiz_id, key)] = (correct, certainty, at)
    result = {}
    for quiz_id, questions in quizzes.items():
        for question in questions.values():
            correct, certainty, at = last.get((quiz_id, question.key), (None,) * 3)
            candidate = schedule.Candidate(
                quiz_id, question.key, correct, certainty, at
            )
            result[candidate] = question
    return result


def finished_quiz_ids(user):
    """The module quizzes the participant passed (those with boosters)."""
    return set(
        Booster.objects.filter(user=user).values_list("quiz_id", flat=True).distinct()
    )


def open_round(user, now=None):
    """(round, its questions) to answer now: the one opened before and not sent,
    or a new one with fresh questions. Raises NoBoosterDue when none is due.

    A round opened and not sent is the usual page view (a reload, the form shown
    again): one query then. Boosters due when it was opened stay due until a round
    is answered."""
    now = now or timezone.now()
    pending = (
        BoosterRound.objects.filter(user=user, answered_at=None)
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        if pending.created_at > now - ROUND_KEPT:
            questions = questions_of(pending)
            if questions is not None:
                return pending, questions
        # Opened long ago (more may have come due since) or a question is gone: a
        # new booster instead of this unanswered one.
        BoosterRound.objects.filter(pk=pending.pk, answered_at=None).delete()
    boosters = list(due(user, now))
    if not boosters:
        raise NoBoosterDue
    due_quizzes = list(dict.fromkeys(booster.quiz_id for booster in boosters))
    pool = candidates(user, finished_quiz_ids(user))
    submission = secrets.token_urlsafe(24)
    chosen = schedule.choose(list(pool), due_quizzes, seed=submission)
    if not chosen:
        raise NoBoosterDue  # the quizzes have no questions any more
    booster_round = BoosterRound.objects.create(
        user=user,
        submission=submission,
        questions=[[c.quiz_id, c.key] for c in chosen],
        created_at=now,
    )
    return booster_round, questions_of(booster_round)


def quiz_questions(quiz_ids, language=None):
    """{quiz id: {question key: scoring.Question}} of these (source) quizzes as
    they are live, worded as their translation in `language` (the active one; the
    keys are the same), from the content cache (kept until content is published
    again): one query for those not cached, none when all are."""
    result, missing = {}, {}
    for quiz_id in quiz_ids:
        shown = translations.translation_id(Quiz, quiz_id, language)
        key = caching.content_key("quiz-questions", shown)
        found = caching.get(key)
        if found is None:
            missing[shown] = (quiz_id, key)
        else:
            result[quiz_id] = found
    if missing:
        for quiz in Quiz.objects.filter(pk__in=missing):
            quiz_id, key = missing[quiz.pk]
            result[quiz_id] = {q.key: q for q in quiz.question_data()}
            caching.set(key, result[quiz_id])
    return result


def questions_of(booster_round):
    """The round's questions (scoring.Question, with their quiz id), as the
    quizzes are now; None when one of them is gone (the round is then replaced)."""
    by_quiz = quiz_questions({quiz_id for quiz_id, _key in booster_round.questions})
    result = []
    for quiz_id, key in booster_round.questions:
        question = by_quiz.get(quiz_id, {}).get(key)
        if question is None:
            return None
        # Keys are unique within a quiz: in a booster they carry the quiz too.
        result.append((quiz_id, replace(question, key=f"{quiz_id}:{key}")))
    return result


def original_key(key):
    return key.split(":", 1)[1]


def answer(user, submission, answers, certainty, now=None):
    """Score and store the answers of the round `submission` names; returns
    (round, created). The same form sent again returns the round it answered.
    Raises BoosterRound.DoesNotExist (not this participant's) and
    scoring.InvalidAnswer (answers that do not fit its questions)."""
    now = now or timezone.now()
    booster_round = BoosterRound.objects.get(user=user, submission=submission)
    if booster_round.answered_at is not None:
        return booster_round, False
    questions = questions_of(booster_round)
    if questions is None:
        raise scoring.InvalidAnswer("a question of this booster is gone")
    result = scoring.score([q for _quiz, q in questions], answers, 0, certainty)
    quiz_of = {question.key: quiz_id for quiz_id, question in questions}
    passed = dict(
        Booster.objects.filter(user=user, quiz_id__in=set(quiz_of.values()))
        .order_by("quiz_id", "step")
        .values_list("quiz_id", "passed_at")
        .distinct()
    )
    try:
        with transaction.atomic():
            # One request answers the round: the second finds it answered.
            claimed = BoosterRound.objects.filter(
                pk=booster_round.pk, answered_at=None
            ).update(answered_at=now)
            if not claimed:
                raise IntegrityError("answered by another request")
            BoosterAnswer.objects.bulk_create(
                BoosterAnswer(
                    round=booster_round,
                    user=user,
                    quiz_id=quiz_of[item.question.key],
                    position=position,
                    question_key=original_key(item.question.key),
                    question=snapshot(item.question),
                    selected=sorted(item.selected),
                    correct=item.correct,
                    certainty=item.certainty,
                    answered_at=now,
                    days_since_pass=max(
                        0, (now - passed.get(quiz_of[item.question.key], now)).days
                    ),
                )
                for position, item in enumerate(result.questions)
            )
            Booster.objects.filter(
                user=user, answered_at=None, due_at__lte=booster_round.created_at
            ).update(answered_at=now, round=booster_round)
    except IntegrityError:
        booster_round.refresh_from_db()
        return booster_round, False
    forget(user.pk)
    booster_round.answered_at = now
    return booster_round, True


def result_of(booster_round):
    """The round's scoring.Result, from its own copy of the questions."""
    return scoring.Result(
        tuple(
            scoring.QuestionResult(
                from_snapshot(a.question_key, a.question),
                frozenset(a.selected),
                a.correct,
                a.certainty,
            )
            for a in booster_round.answers.all()
        ),
        0,
    )


# --- Emails ---------------------------------------------------------------------

UNSUBSCRIBE_SALT = "boosters.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_from_token(token):
    """The user id in an unsubscribe token, or None when it is not ours."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def emails_on(user_id):
    return not BoosterSettings.objects.filter(user_id=user_id, emails=False).exists()


def set_emails(user_id, on):
    """Switch the booster emails on or off; a deleted account has none."""
    if get_user_model().objects.filter(pk=user_id).exists():
        BoosterSettings.objects.update_or_create(
            user_id=user_id, defaults={"emails": on}
        )


def to_email(now, after=0, limit=1000):
    """The next `limit` participants (by id, after `after`) to email about a booster
    due now: a booster due and not answered that no email told them of yet, emails
    on, the account active. One query per batch, from the open boosters' index:
    (user id, email, name, language, boosters due)."""
    off = BoosterSettings.objects.filter(user=OuterRef("user_id"), emails=False)
    return list(
        Booster.objects.filter(
            answered_at=None,
            emailed_at=None,
            due_at__lte=now,
            user_id__gt=after,
            user__is_active=True,
        )
        .exclude(Exists(off))
        .values("user_id")
        .annotate(due_count=Count("pk"))
        .order_by("user_id")
        .values_list(
            "user_id", "user__email", "user__full_name", "user__language", "due_count"
        )[:limit]
    )


def mark_emailed(user_ids, now):
    """The due boosters of these participants were told of (one UPDATE)."""
    return Booster.objects.filter(
        user_id__in=user_ids, answered_at=None, emailed_at=None, due_at__lte=now
    ).update(emailed_at=now)


# --- Figures for trainers ---------------------------------------------------------


def remembering(quiz_ids=None, exclude_users=()):
    """{quiz id: {END|WEEK|MONTH: schedule.Figure}}: the share of answers right at
    the end of the workshop (each participant's passing attempt), and in the
    boosters about a week and about a month after the pass. Three grouped queries,
    whatever the number of participants."""
    figures = {}

    def put(quiz_id, name, right, answers, participants):
        figures.setdefault(quiz_id, {})[name] = schedule.Figure(
            right or 0, answers or 0, participants or 0
        )

    answers = Answer.objects.filter(attempt__passed=True).exclude(
        attempt__user_id__in=exclude_users
    )
    if quiz_ids is not None:
        answers = answers.filter(attempt__quiz_id__in=quiz_ids)
    for quiz_id, right, count, people in _end_rows(answers):
        put(quiz_id, schedule.END, right, count, people)
    for name, (low, high) in schedule.WINDOWS.items():
        rows = BoosterAnswer.objects.filter(
            days_since_pass__gte=low, days_since_pass__lte=high
        ).exclude(user_id__in=exclude_users)
        if quiz_ids is not None:
            rows = rows.filter(quiz_id__in=quiz_ids)
        for quiz_id, right, count, people in (
            rows.order_by()
            .values("quiz_id")
            .annotate(
                right=Count("pk", filter=Q(correct=True)),
                count=Count("pk"),
                people=Count("user_id", distinct=True),
            )
            .values_list("quiz_id", "right", "count", "people")
        ):
            put(quiz_id, name, right, count, people)
    empty = schedule.Figure(0, 0, 0)
    return {
        quiz_id: {
            name: by_name.get(name, empty)
            for name in (schedule.END, schedule.WEEK, schedule.MONTH)
        }
        for quiz_id, by_name in figures.items()
    }


def _end_rows(answers):
    return (
        answers.order_by()
        .values("attempt__quiz_id")
        .annotate(
            right=Count("pk", filter=Q(correct=True)),
            count=Count("pk"),
            people=Count("attempt__user_id", distinct=True),
        )
        .values_list("attempt__quiz_id", "right", "count", "people")
    )


# --- The participant's data -----------------------------------------------------


def export_boosters(user):
    return {
        "email_when_due": emails_on(user.pk),
        "boosters": [
            {
                "quiz": booster.quiz.title,
                "step": booster.step,
                "due_at": booster.due_at.isoformat(),
                "answered_at": booster.answered_at.isoformat()
                if booster.answered_at
                else None,
                "emailed_at": booster.emailed_at.isoformat()
                if booster.emailed_at
                else None,
            }
            for booster in Booster.objects.filter(user=user).select_related("quiz")
        ],
        "rounds": [
            {
                "opened_at": r.created_at.isoformat(),
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                "answers": [
                    {
                        "question": a.question["text"],
                        "selected": [
                            o["text"]
                            for o in a.question["options"]
                            if o["key"] in a.selected
                        ],
                        "correct": a.correct,
                        "certainty": a.certainty,
                    }
                    for a in r.answers.all()
                ],
            }
            for r in BoosterRound.objects.filter(user=user).prefetch_related("answers")
        ],
    }


def first_pass(user, quiz):
    """When `user` first passed `quiz` (None if never)."""
    return (
        Attempt.objects.filter(user=user, quiz=quiz, passed=True)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )


def recent_rounds(user, limit=10):
    return BoosterRound.objects.filter(user=user).exclude(answered_at=None)[:limit]
