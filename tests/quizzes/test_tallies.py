"""The statistics' running counts (quizzes/tallies.py) give exactly the statistics of
the raw attempts (statistics.py, the reference), whatever happened to the attempts."""

import contextlib
import random
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from academy.base import privacy
from quizzes import attempts, tallies
from quizzes.models import Attempt, Quiz, Tally
from quizzes.scoring import InvalidAnswer, Option, Question
from quizzes.statistics import (
    ALL,
    FIRST,
    AttemptRecord,
    ScoreCounts,
    question_stats,
    question_stats_from_counts,
    quiz_statistics,
)
from tests.factories import make_quiz, make_user

Q = Question(
    "q",
    "single",
    "Wat doe je eerst?",
    (Option("a", "Luisteren", True), Option("b", "Reageren", False)),
)


def record(score, choice, user=1, number=1):
    return AttemptRecord(
        user, number, score, score >= 70, {"q": ({choice}, choice == "a")}
    )


def by_score(records, question):
    counts = {}
    for r in records:
        if question.key not in r.answers:
            continue
        selected, right = r.answers[question.key]
        bucket = counts.setdefault(r.score, ScoreCounts())
        bucket.answered += 1
        bucket.right += int(right)
        bucket.chosen.update(selected)
    return counts


def test_a_tie_at_the_edge_of_a_third_is_shared_not_decided_by_row_order():
    # Six attempts, thirds of two. Three share score 50 at the edge of the top
    # third (one place left): each counts for a third, whatever their order.
    attempts = [
        record(90, "a"),
        record(50, "a"),
        record(50, "b"),
        record(50, "b"),
        record(20, "b"),
        record(10, "b"),
    ]
    results = {
        question_stats(Q, order).discrimination
        for order in (attempts, attempts[::-1], attempts[1:] + attempts[:1])
    }
    # Top: 1 (the 90) + 1/3 (the 50s: one of three right) = 4/3 of 2; bottom: 0.
    assert len(results) == 1 and results.pop() == pytest.approx(2 / 3)
    a = question_stats(Q, attempts).options[0]
    assert a.top_share == pytest.approx(2 / 3) and a.bottom_share == 0.0


def test_counts_per_score_give_the_same_figures_as_the_attempts():
    generator = random.Random(16)
    question = Question(
        "q",
        "multiple",
        "?",
        tuple(Option(key, key, key in "ab") for key in "abcd"),
    )
    for _case in range(300):
        records = []
        for _n in range(generator.randint(0, 40)):
            chosen = frozenset(generator.sample("abcd", generator.randint(1, 3)))
            score = generator.choice([0, 33, 50, 66, 100, generator.randint(0, 100)])
            answers = {"q": (chosen, chosen == {"a", "b"})}
            if generator.random() < 0.1:
                answers = {"other": (chosen, False)}  # an older version's question
            records.append(AttemptRecord(1, 1, score, score > 50, answers))
        # Exactly equal: the same floats, from the same exact fractions.
        assert question_stats_from_counts(question, by_score(records, question)) == (
            question_stats(question, records)
        )


# --- The tallies in the database, against the reference over raw attempts.

pytestmark = pytest.mark.django_db


def answers_for(generator, questions, fail=False):
    """Random answers; `fail`: the first question wrong (the attempt never passes)."""
    result = {}
    for question in questions:
        if fail and not result:
            result[question.key] = {
                next(o.key for o in question.options if not o.correct)
            }
            continue
        keys = [option.key for option in question.options]
        if question.allows_several:
            result[question.key] = set(generator.sample(keys, generator.randint(1, 2)))
        else:
            result[question.key] = {generator.choice(keys)}
    return result


def assert_tallies_match(quiz):
    quiz = Quiz.objects.get(pk=quiz.pk)
    questions = quiz.question_data()
    records = attempts.attempt_records(quiz)
    for scope in (FIRST, ALL):
        assert tallies.quiz_statistics(quiz, questions, scope) == quiz_statistics(
            questions, records, scope
        ), scope
    everyone = list(records)
    expected = (
        (len(everyone), sum(r.passed for r in everyone), sum(r.score for r in everyone))
        if everyone
        else None
    )
    assert tallies.quiz_figures().get(quiz.pk) == expected


def tally_rows():
    return {
        row[:5]: row[5:]
        for row in Tally.objects.exclude(count=0, extra=0).values_list(
            "quiz_id", "question_key", "option_key", "first", "score", "count", "extra"
        )
    }


def edit_questions(generator, quiz):
    """The trainer edits the quiz: drops a question, adds one, or drops an option."""
    blocks = list(quiz.questions.raw_data)
    change = generator.choice(["drop", "add", "option"])
    if change == "drop" and len(blocks) > 2:
        blocks.pop(generator.randrange(len(blocks)))
    elif change == "option":
        block = generator.choice([b for b in blocks if b["type"] == "single"] or blocks)
        if block["type"] != "true_false" and len(block["value"]["options"]) > 2:
            block["value"]["options"] = [
                o for o in block["value"]["options"] if not o["value"]["correct"]
            ][:1] + [o for o in block["value"]["options"] if o["value"]["correct"]]
    else:
        key = f"new{generator.randrange(10**6)}"
        blocks.append(
            {
                "type": "single",
                "id": key,
                "value": {
                    "text": f"Nieuw {key}",
                    "options": [
                        {
                            "type": "item",
                            "id": f"{key}-{letter}",
                            "value": {
                                "text": letter,
                                "correct": letter == "x",
                                "feedback": "",
                            },
                        }
                        for letter in "xyz"
                    ],
                    "explanation": "",
                },
            }
        )
    quiz.questions = blocks
    quiz.save()


def test_random_submissions_deletions_and_edits_keep_the_tallies_exact():
    generator = random.Random(2026)
    quiz, other = make_quiz(questions=4), make_quiz(questions=3, title="Andere quiz")
    trainers = Group.objects.get(name="Trainers")
    users = [make_user(f"p{n}@example.com") for n in range(14)]
    staff = make_user("staf@example.com", is_staff=True)
    users.append(staff)
    forms = []  # (user, quiz, answers, submission) sent before
    for step in range(160):
        action = generator.random()
        if action < 0.55:
            user, target = generator.choice(users), generator.choice([quiz, other])
            target.refresh_from_db()
            answers = answers_for(generator, target.question_data())
            forms.append((user, target, answers, f"form-{step:04d}-xxxxxxxxxx"))
            with contextlib.suppress(attempts.AttemptNotAllowed):  # passed before
                attempts.submit(*forms[-1])
        elif action < 0.65 and forms:
            # The same form again (a refresh, a double click): no second count.
            user, target, answers, submission = generator.choice(forms)
            if user.pk is not None:  # not deleted since
                # (unless passed since, or the quiz changed since)
                with contextlib.suppress(attempts.AttemptNotAllowed, InvalidAnswer):
                    attempts.submit(user, target, answers, submission)
        elif action < 0.72:
            Attempt.objects.filter(
                pk__in=list(
                    Attempt.objects.order_by("?").values_list("pk", flat=True)[:3]
                )
            ).delete()  # a queryset's delete, several at once
        elif action < 0.76:
            user = users.pop(generator.randrange(len(users) - 1))
            privacy.delete_account(user)  # the participant deletes everything
            users.insert(0, make_user(f"new{step}@example.com"))
        elif action < 0.85:
            edit_questions(generator, generator.choice([quiz, other]))
        elif action < 0.9:
            # Somebody becomes a trainer, or stops being one.
            user = generator.choice(users)
            if user.groups.filter(pk=trainers.pk).exists():
                user.groups.remove(trainers)
            else:
                user.groups.add(trainers)
        if step % 20 == 19:
            assert_tallies_match(quiz)
            assert_tallies_match(other)
    assert Attempt.objects.filter(quiz=quiz).count() > 20
    assert Attempt.objects.exclude(number=1).exists()
    assert_tallies_match(quiz)
    assert_tallies_match(other)
    # And the recount from scratch finds exactly the running counts.
    kept = tally_rows()
    call_command("recount_quiz_statistics")
    assert tally_rows() == kept
    Tally.objects.all().delete()
    tallies.recount(quiz)
    tallies.recount(other.pk)
    assert tally_rows() == kept


def test_recount_fills_the_tallies_of_attempts_stored_around_them(participant):
    quiz = make_quiz(questions=3)
    questions = quiz.question_data()
    attempts.submit(participant, quiz, {q.key: q.correct_keys for q in questions}, "f")
    Tally.objects.all().delete()  # as after a bulk load
    empty = tallies.quiz_statistics(quiz, questions, ALL)[0]
    assert empty.attempts == 0
    call_command("recount_quiz_statistics", quiz=quiz.pk)
    summary = tallies.quiz_statistics(quiz, questions, ALL)[0]
    assert (summary.attempts, summary.participants, summary.mean_score) == (1, 1, 100)


def test_the_statistics_page_reads_the_tallies_not_the_answers(
    trainer_client, participant
):
    quiz = make_quiz(questions=3)
    questions = quiz.question_data()
    attempts.submit(participant, quiz, {q.key: q.correct_keys for q in questions}, "f")
    Tally.objects.all().delete()  # the counts are what the page shows
    html = trainer_client.get(f"/admin/reports/quiz-statistics/{quiz.pk}/").content
    assert "0 pogingen door 0 deelnemers" in html.decode()
    tallies.recount()
    html = trainer_client.get(f"/admin/reports/quiz-statistics/{quiz.pk}/").content
    assert "1 pogingen door 1 deelnemers" in html.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor == 'sqlite'", reason="needs PostgreSQL")
def test_parallel_submissions_and_deletions_count_once_and_never_deadlock():
    quiz = make_quiz(questions=4)
    questions = quiz.question_data()
    users = [make_user(f"snel{n}@example.com") for n in range(8)]
    barrier = threading.Barrier(len(users))
    errors = []

    def work(number):
        generator = random.Random(number)
        try:
            barrier.wait()
            for round_ in range(6):
                answers = answers_for(generator, questions, fail=True)
                form = f"parallel-{number}-{round_}-xxxxxxxx"
                attempts.submit(users[number], quiz, answers, form)
                attempts.submit(users[number], quiz, answers, form)  # sent twice
                if round_ == 3:
                    # (the last one: numbers follow the count of attempts)
                    Attempt.objects.filter(user=users[number], number=4).delete()
            if number % 3 == 0:
                privacy.delete_account(users[number])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Attempt.objects.filter(quiz=quiz).count() == 5 * 5
    assert_tallies_match(quiz)
    kept = tally_rows()
    tallies.recount()
    assert tally_rows() == kept


def count_queries(client, url):
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_statistics_pages_cost_the_same_queries_whatever_the_data(trainer_client):
    quiz = make_quiz(questions=3)
    pages = [
        "/admin/reports/quiz-statistics/",
        f"/admin/reports/quiz-statistics/{quiz.pk}/",
        f"/admin/reports/quiz-statistics/{quiz.pk}/?scope=all",
        f"/admin/reports/quiz-statistics/{quiz.pk}/?scope=all&export=csv",
    ]
    empty = [count_queries(trainer_client, url) for url in pages]
    generator = random.Random(3)
    for number in range(12):
        user = make_user(f"veel{number}@example.com")
        for attempt in range(3):
            answers = answers_for(generator, quiz.question_data(), fail=True)
            attempts.submit(user, quiz, answers, f"f-{number}-{attempt}")
    make_quiz(questions=5, title="Nog een quiz")
    busy = [count_queries(trainer_client, url) for url in pages]
    assert busy == empty
    # The page itself: quiz, tallies, staff, their attempts and answers (and the
    # participants of all attempts); the rest is the admin's (session, user, menu).
    assert busy[1] <= 15 and busy[2] == busy[1] + 1, busy
