"""Running counts of the attempts, so a quiz's statistics read a few hundred rows
instead of every answer (issue 16: a quiz with 100,000 attempts in ≤ 500 ms).

What is counted (models.Tally), per quiz, first attempt or not, and score:
attempts and passes; per question, answers and right answers; per option, how often
it was chosen. That is all statistics.py needs: the summary per scope, and per
question the thirds by score (the attempts of one score are one bucket; a third's
edge bucket counts for a fraction, see statistics.thirds).

Kept exact, in the transaction that changes the attempts:
- submitting (attempts.submit): one upsert of all the attempt's rows, in the
  constraint's key order (so two submissions lock shared rows in the same order and
  cannot deadlock), in the transaction that stores the attempt: both or neither;
- deleting, by any ORM path (a participant deleting the account or their data, which
  cascades; a queryset's delete()): pre_delete reads each attempt's answers while
  they are still there, and the first post_delete of that deletion subtracts them all
  in one upsert (key order again), only for attempts that are really gone;
- keys are the question and option keys stored with each answer, so attempts on an
  older version of the quiz, and questions or options edited since, count the way
  statistics.py counts them from the raw attempts (per the quiz's current keys);
- trainers' and administrators' attempts are counted too, and subtracted when the
  statistics are read (there are few, and who is staff can change at any time).

Anything that writes attempts around the ORM (bulk_create, COPY, SQL) calls
recount() afterwards: a set-based recount from the attempts, under a lock that makes
concurrent submissions wait for it (`manage.py recount_quiz_statistics`).
tests/quizzes/test_tallies.py proves the counts give exactly the statistics of the
raw attempts after random submissions, duplicates, deletions and edits.
"""

import threading
from collections import defaultdict

from django.db import connections, router, transaction
from django.db.models import Count, F, Q, Sum

from academy.base.trainers import staff_user_ids

from .models import Answer, Attempt, Tally
from .scoring import CONFIDENT
from .statistics import (
    ALL,
    ScoreCounts,
    question_stats_from_counts,
    summary_from_counts,
)

KEY = ("quiz_id", "question_key", "option_key", "first", "score")
# The option key of a question's "confidently wrong" count (wrong while very sure,
# certainty-based marking): no option key looks like it.
CONFIDENTLY_WRONG = "~sure-wrong"


def rows(quiz_id, number, score, passed, answers):
    """{key: [count, extra]} of one attempt; answers: (question key, selected option
    keys, right?[, certainty]) for each answer."""
    first = number == 1
    result = {(quiz_id, "", "", first, score): [1, int(bool(passed))]}
    for question_key, selected, correct, *certainty in answers:
        result[(quiz_id, question_key, "", first, score)] = [1, int(bool(correct))]
        for option_key in set(selected):
            result[(quiz_id, question_key, option_key, first, score)] = [1, 0]
        if not correct and certainty and certainty[0] == CONFIDENT:
            result[(quiz_id, question_key, CONFIDENTLY_WRONG, first, score)] = [1, 0]
    return result


def _merge(into, more, sign=1):
    for key, (count, extra) in more.items():
        counts = into.setdefault(key, [0, 0])
        counts[0] += sign * count
        counts[1] += sign * extra
    return into


def _upsert(using, deltas):
    """Add {key: [count, extra]} to the tallies: one statement, rows in key order."""
    deltas = {key: value for key, value in deltas.items() if value != [0, 0]}
    if not deltas:
        return
    table = connections[using].ops.quote_name(Tally._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(deltas))
    params = []
    for key in sorted(deltas):
        params.extend([*key, *deltas[key]])
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} "  # noqa: S608 - the table name is ours
            f"(quiz_id, question_key, option_key, first, score, count, extra) "
            f"VALUES {values} "
            f"ON CONFLICT (quiz_id, question_key, option_key, first, score) "
            f"DO UPDATE SET count = {table}.count + excluded.count, "
            f"extra = {table}.extra + excluded.extra",
            params,
        )


def add(attempt, result, using="default"):
    """Count a new attempt (call inside the transaction that stores it); `result`
    is its scoring.Result."""
    _upsert(
        using,
        rows(
            attempt.quiz_id,
            attempt.number,
            attempt.score,
            attempt.passed,
            [
                (r.question.key, r.selected, r.correct, r.certainty)
                for r in result.questions
            ],
        ),
    )


# Attempts being deleted, per thread and database: {alias: {attempt id: rows}}.
_pending = threading.local()


def _pending_for(using):
    if not hasattr(_pending, "by_alias"):
        _pending.by_alias = defaultdict(dict)
    return _pending.by_alias[using]


def before_delete(sender, instance, using, **kwargs):
    """pre_delete of an Attempt: read its answers while they are still there."""
    answers = Answer.objects.using(using).filter(attempt_id=instance.pk)
    _pending_for(using)[instance.pk] = rows(
        instance.quiz_id,
        instance.number,
        instance.score,
        instance.passed,
        answers.values_list("question_key", "selected", "correct", "certainty"),
    )


def after_delete(sender, instance, using, **kwargs):
    """post_delete of an Attempt: every attempt of this deletion is gone now (one
    batch); subtract those that are really gone in one upsert, and forget the rest
    (left over from a deletion that failed and rolled back)."""
    pending = _pending_for(using)
    if instance.pk not in pending:
        return
    ids = list(pending)
    still_there = set(
        Attempt.objects.using(using).filter(pk__in=ids).values_list("pk", flat=True)
    )
    deltas = {}
    for attempt_id in ids:
        if attempt_id not in still_there:
            _merge(deltas, pending[attempt_id], sign=-1)
    pending.clear()
    _upsert(using, deltas)


def connect():
    from django.db.models.signals import post_delete, pre_delete

    pre_delete.connect(before_delete, sender=Attempt, dispatch_uid="quiz-tallies-pre")
    post_delete.connect(after_delete, sender=Attempt, dispatch_uid="quiz-tallies-post")


# The recount, set-based: a SELECT per kind of row, grouped.
RECOUNT = """
INSERT INTO {tally} (quiz_id, question_key, option_key, first, score, count, extra)
SELECT quiz_id, '', '', number = 1, score, COUNT(*),
       SUM(CASE WHEN passed THEN 1 ELSE 0 END)
  FROM {attempt} t {where}
 GROUP BY quiz_id, number = 1, score
UNION ALL
SELECT t.quiz_id, a.question_key, '', t.number = 1, t.score, COUNT(*),
       SUM(CASE WHEN a.correct THEN 1 ELSE 0 END)
  FROM {answer} a JOIN {attempt} t ON t.id = a.attempt_id {where}
 GROUP BY t.quiz_id, a.question_key, t.number = 1, t.score
UNION ALL
SELECT t.quiz_id, a.question_key, o.value, t.number = 1, t.score, COUNT(*), 0
  FROM {answer} a JOIN {attempt} t ON t.id = a.attempt_id
  CROSS JOIN {options} o {where}
 GROUP BY t.quiz_id, a.question_key, o.value, t.number = 1, t.score
UNION ALL
SELECT t.quiz_id, a.question_key, '{confidently_wrong}', t.number = 1, t.score,
       COUNT(*), 0
  FROM {answer} a JOIN {attempt} t ON t.id = a.attempt_id
 WHERE a.certainty = {confident} AND NOT a.correct {and_where}
 GROUP BY t.quiz_id, a.question_key, t.number = 1, t.score
"""


def recount_tables(connection, tally, attempt, answer, quiz_id=None, certainty=True):
    """Recount the tallies (of one quiz, or all) from the attempts and answers in
    these tables; used by recount() and by the migration that made the tallies
    (before answers had a certainty: `certainty` False)."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        options = "jsonb_array_elements_text(a.selected)"
    else:
        options = "json_each(a.selected)"
    where = "" if quiz_id is None else "WHERE t.quiz_id = %s"
    recount = RECOUNT if certainty else RECOUNT.split("UNION ALL")[:3]
    if not certainty:
        recount = "UNION ALL".join(recount)
    sql = recount.format(
        tally=quote(tally),
        attempt=quote(attempt),
        answer=quote(answer),
        options=options,
        where=where,
        and_where="" if quiz_id is None else "AND t.quiz_id = %s",
        confidently_wrong=CONFIDENTLY_WRONG,
        confident=int(CONFIDENT),
    )
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Submissions and deletions wait until the recount is in: what they
            # committed before is in it, what they commit after adds to it.
            cursor.execute(f"LOCK TABLE {quote(tally)} IN EXCLUSIVE MODE")
        if quiz_id is None:
            cursor.execute(f"DELETE FROM {quote(tally)}")  # noqa: S608
            cursor.execute(sql)
        else:
            cursor.execute(
                f"DELETE FROM {quote(tally)} WHERE quiz_id = %s",  # noqa: S608
                [quiz_id],
            )
            cursor.execute(sql, [quiz_id] * (4 if certainty else 3))


def recount(quiz=None, using=None):
    """Recount the statistics' tallies of `quiz` (a Quiz or its id), or of every
    quiz, from the attempts: after anything wrote attempts around the ORM (a bulk
    load), or to repair. Set-based; returns the number of tally rows."""
    using = using or router.db_for_write(Tally)
    quiz_id = getattr(quiz, "pk", quiz)
    recount_tables(
        connections[using],
        Tally._meta.db_table,
        Attempt._meta.db_table,
        Answer._meta.db_table,
        quiz_id,
    )
    tallies = Tally.objects.using(using)
    return (tallies if quiz_id is None else tallies.filter(quiz_id=quiz_id)).count()


def staff_ids():
    """The ids of the trainers and administrators (one query), as a list: a handful,
    so the queries below find their attempts by the (user, quiz) index. Never empty
    (0 is nobody), so every page makes the same queries."""
    return [*staff_user_ids(), 0]


def _staff_rows(quiz, staff):
    """{key: [count, extra]} of the trainers' and administrators' attempts at
    `quiz` (two queries), to subtract."""
    attempts = (
        Attempt.objects.filter(user_id__in=staff, quiz=quiz)
        .order_by()
        .values_list("pk", "number", "score", "passed")
    )
    answers = defaultdict(list)
    for attempt_id, key, selected, correct, certainty in (
        Answer.objects.filter(attempt__user_id__in=staff, attempt__quiz=quiz)
        .order_by()
        .values_list("attempt_id", "question_key", "selected", "correct", "certainty")
    ):
        answers[attempt_id].append((key, selected, correct, certainty))
    total = {}
    for pk, number, score, passed in attempts:
        _merge(total, rows(quiz.pk, number, score, passed, answers[pk]))
    return total


def counts(quiz, staff):
    """{key: [count, extra]} of the participants' attempts at `quiz` (3 queries)."""
    total = {
        (quiz.pk, *key): [count, extra]
        for *key, count, extra in Tally.objects.filter(quiz=quiz).values_list(
            "question_key", "option_key", "first", "score", "count", "extra"
        )
    }
    return _merge(total, _staff_rows(quiz, staff), sign=-1)


def participants(quiz, staff):
    """How many participants made any attempt at `quiz` (one index-only count)."""
    return (
        Attempt.objects.filter(quiz=quiz)
        .exclude(user_id__in=staff)
        .order_by()
        .values("user_id")
        .distinct()
        .count()
    )


def quiz_statistics(quiz, questions, scope):
    """statistics.quiz_statistics(questions, attempt_records(quiz), scope), from
    the tallies: 4 queries, and one more for the participants of all attempts."""
    staff = staff_ids()
    attempts = passed = score_sum = 0
    by_question = defaultdict(lambda: defaultdict(ScoreCounts))
    for (_quiz, question_key, option_key, first, score), (
        count,
        extra,
    ) in counts(quiz, staff).items():
        if scope != ALL and not first:
            continue
        if not question_key:
            attempts += count
            passed += extra
            score_sum += score * count
        elif not option_key:
            bucket = by_question[question_key][score]
            bucket.answered += count
            bucket.right += extra
        elif option_key == CONFIDENTLY_WRONG:
            by_question[question_key][score].confidently_wrong += count
        else:
            by_question[question_key][score].chosen[option_key] += count
    # Every participant has one first attempt at most (one_attempt_per_number).
    people = participants(quiz, staff) if scope == ALL else attempts
    return summary_from_counts(attempts, passed, score_sum, people), [
        question_stats_from_counts(q, by_question.get(q.key, {})) for q in questions
    ]


def quiz_figures():
    """{quiz id: (attempts, passed, sum of scores)} of the participants' attempts,
    for every quiz with any (three queries)."""
    figures = {}
    for quiz_id, attempts, passed, score_sum in (
        Tally.objects.filter(question_key="", option_key="")
        .order_by()
        .values("quiz_id")
        .annotate(
            attempts=Sum("count"),
            passed=Sum("extra"),
            score_sum=Sum(F("score") * F("count")),
        )
        .values_list("quiz_id", "attempts", "passed", "score_sum")
    ):
        figures[quiz_id] = (attempts, passed, score_sum)
    for quiz_id, attempts, passed, score_sum in (
        Attempt.objects.filter(user_id__in=staff_ids())
        .order_by()
        .values("quiz_id")
        .annotate(
            attempts=Count("pk"),
            passed=Count("pk", filter=Q(passed=True)),
            score_sum=Sum("score"),
        )
        .values_list("quiz_id", "attempts", "passed", "score_sum")
    ):
        if quiz_id in figures:
            a, p, s = figures[quiz_id]
            figures[quiz_id] = (a - attempts, p - passed, s - score_sum)
    return {key: value for key, value in figures.items() if value[0]}
