"""Trainers and administrators try their own quizzes; those attempts are no part of
the quiz statistics, which are about participants."""

import csv
import io

import pytest

from quizzes import attempts
from quizzes.statistics import ALL
from tests.factories import make_quiz, make_user

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def quiz_with_attempts(participant, trainer, admin_user):
    """Sanne answers everything right; a trainer, an administrator and a staff
    member (not a superuser) each try the quiz and get everything wrong."""
    quiz = make_quiz(questions=3)
    questions = quiz.question_data()
    right = {q.key: q.correct_keys for q in questions}
    wrong = {
        q.key: {next(o.key for o in q.options if not o.correct)} for q in questions
    }
    attempts.submit(participant, quiz, right, "participant-form-1")
    staff = make_user("staf@example.com", is_staff=True)
    for number, user in enumerate((trainer, admin_user, staff)):
        attempts.submit(user, quiz, wrong, f"staff-form-{number}-xxxxxxxx")
    return quiz


def test_the_statistics_count_only_participants_attempts(
    trainer_client, quiz_with_attempts
):
    quiz = quiz_with_attempts
    records = attempts.attempt_records(quiz)
    assert len(records) == 1

    rows = read_csv(trainer_client.get("/admin/reports/quiz-statistics/?export=csv"))
    assert rows[1][:4] == [quiz.title, "1", "100.0", "100.0"]

    html = trainer_client.get(
        f"/admin/reports/quiz-statistics/{quiz.pk}/", {"scope": ALL}
    ).content.decode()
    assert "1 pogingen door 1 deelnemers" in html
    url = f"/admin/reports/quiz-statistics/{quiz.pk}/"
    rows = read_csv(trainer_client.get(url, {"scope": ALL, "export": "csv"}))
    assert [row[2:4] for row in rows[1:]] == [["1", "100.0"]] * 3
