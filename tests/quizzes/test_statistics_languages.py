"""Quiz statistics combine both languages' attempts per question (a translation has
the same question keys), and can be split by language (issue 20)."""

import csv
import io

import pytest

from quizzes import attempts
from quizzes.models import Quiz
from tests.factories import make_quiz, make_user, translate_quiz

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def quiz():
    """Three attempts in English (all right), two in Dutch (all wrong)."""
    quiz = make_quiz(questions=3)
    english = translate_quiz(quiz)
    questions = quiz.question_data()
    right = {q.key: q.correct_keys for q in questions}
    wrong = {
        q.key: {next(o.key for o in q.options if not o.correct)} for q in questions
    }
    for number in range(3):
        user = make_user(f"en{number}@example.com", language="en")
        attempts.submit(user, english, right, f"english-form-{number}-xxxxxxxx")
    for number in range(2):
        user = make_user(f"nl{number}@example.com")
        attempts.submit(user, quiz, wrong, f"dutch-form-{number}-xxxxxxxxxx")
    return quiz


def test_attempts_in_both_languages_count_for_the_one_quiz(quiz):
    assert {a.quiz_id for a in quiz.attempts.all()} == {quiz.pk}
    assert sorted(quiz.attempts.values_list("language", flat=True)) == [
        "en", "en", "en", "nl", "nl"
    ]  # fmt: skip
    assert len(attempts.attempt_records(quiz)) == 5
    assert len(attempts.attempt_records(quiz, "en")) == 3


def test_the_statistics_combine_the_languages_and_split_them(trainer_client, quiz):
    url = f"/admin/reports/quiz-statistics/{quiz.pk}/"
    both = trainer_client.get(url).content.decode()
    assert "5 pogingen door 5 deelnemers" in both
    english = trainer_client.get(url, {"language": "en"}).content.decode()
    assert "3 pogingen door 3 deelnemers" in english
    dutch = trainer_client.get(url, {"language": "nl"}).content.decode()
    assert "2 pogingen door 2 deelnemers" in dutch

    # Facility per question: 3 of 5 right together, all in English, none in Dutch.
    rows = read_csv(trainer_client.get(url, {"export": "csv"}))
    assert [row[3] for row in rows[1:]] == ["60.0"] * 3
    rows = read_csv(trainer_client.get(url, {"export": "csv", "language": "en"}))
    assert [row[3] for row in rows[1:]] == ["100.0"] * 3
    rows = read_csv(trainer_client.get(url, {"export": "csv", "language": "nl"}))
    assert [row[3] for row in rows[1:]] == ["0.0"] * 3


def test_the_translations_statistics_are_the_sources(trainer_client, quiz):
    english = Quiz.objects.get(locale__language_code="en")
    html = trainer_client.get(
        f"/admin/reports/quiz-statistics/{english.pk}/"
    ).content.decode()
    assert "5 pogingen door 5 deelnemers" in html


def test_an_unknown_language_shows_both(trainer_client, quiz):
    url = f"/admin/reports/quiz-statistics/{quiz.pk}/"
    html = trainer_client.get(url, {"language": "xx<"}).content.decode()
    assert "5 pogingen door 5 deelnemers" in html


def test_the_quiz_list_shows_each_quiz_once(trainer_client, quiz):
    rows = read_csv(trainer_client.get("/admin/reports/quiz-statistics/?export=csv"))
    assert [row[0] for row in rows[1:]] == [quiz.title]
    assert rows[1][1] == "5"
