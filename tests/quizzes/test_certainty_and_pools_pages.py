"""Certainty-based marking and question pools as a participant and a trainer see
them: the quiz page, the result, the statistics, retakes and bad forms."""

import re

import pytest
from django.test import Client

from courses.models import ModulePage
from quizzes import attempts, tallies
from quizzes.models import Answer, Attempt
from quizzes.statistics import ALL
from quizzes.statistics import quiz_statistics as reference_statistics
from tests.factories import make_quiz, make_user, make_workshop, right_answers

pytestmark = pytest.mark.django_db


def module_with(quiz):
    workshop = make_workshop(modules=1, slug=f"w{quiz.pk}", title=f"W{quiz.pk}")
    module = ModulePage.objects.child_of(workshop).get()
    module.quiz = quiz
    module.save_revision().publish()
    return module


def form_of(client, module):
    html = client.get(f"/modules/{module.pk}/quiz/").content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    drawn = re.search(r'name="drawn" value="([^"]+)"', html)
    keys = re.findall(r'name="q-([^"]+)"', html)
    return html, token, drawn.group(1) if drawn else None, list(dict.fromkeys(keys))


def test_a_certainty_quiz_asks_how_sure_and_scores_beside_the_plain_score(
    participant_client, participant
):
    quiz = make_quiz(questions=3, certainty_marking=True, pass_mark=60)
    module = module_with(quiz)
    html, token, _drawn, keys = form_of(participant_client, module)
    assert html.count("Hoe zeker ben je?") == 3
    assert 'name="c-q1"' in html and "Heel zeker" in html
    answers = right_answers(quiz)
    answers["q-q3"] = ["q3-a"]  # wrong
    url = f"/modules/{module.pk}/quiz/"
    # Without saying how sure: the form again, nothing stored.
    response = participant_client.post(url, {**answers, "submission": token})
    assert response.status_code == 200
    assert "Geef aan hoe zeker je bent." in response.content.decode()
    assert not Attempt.objects.exists()
    certainty = {"c-q1": "3", "c-m": "1", "c-q3": "3"}
    response = participant_client.post(
        url, {**answers, **certainty, "submission": token}
    )
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    # 2 of 3 right: 66%, passed on the plain score; certainty 3 + 1 - 6 = -2.
    assert attempt.score == 66 and attempt.passed
    assert attempt.certainty_points == -2
    assert sorted(Answer.objects.values_list("question_key", "certainty")) == [
        ("m", 1),
        ("q1", 3),
        ("q3", 3),
    ]
    result = participant_client.get(response["Location"]).content.decode()
    assert "Zekerheidsscore: -2" in result
    assert "Je was heel zeker, maar dit was niet goed" in result
    # A certainty that is not one of the three levels is refused.
    other = Client()
    other.force_login(make_user("o@example.com", full_name="O"))
    _html, token, _drawn, _keys = form_of(other, module)
    response = other.post(
        url, {**answers, **certainty, "c-q1": "9", "submission": token}
    )
    assert response.status_code == 200 and Attempt.objects.count() == 1


def test_confidently_wrong_in_the_statistics_from_the_tallies_and_the_answers(
    trainer,
):
    quiz = make_quiz(questions=3, certainty_marking=True, max_attempts=3)
    questions = quiz.question_data()
    for n in range(7):
        user = make_user(f"u{n}@example.com", full_name=f"U {n}")
        answers = {q.key: sorted(q.correct_keys) for q in questions}
        if n % 2:
            answers["q1"] = ["q1-a"]
        level = 3 if n < 5 else 1
        attempts.submit(
            user, quiz, answers, f"form-{n}-xxxxxxxxxxxx",
            certainty={q.key: level for q in questions},
        )  # fmt: skip
    summary, stats = tallies.quiz_statistics(quiz, questions, ALL)
    by_key = {s.key: s for s in stats}
    # Wrong on q1: users 1, 3, 5; very sure: 1 and 3.
    assert by_key["q1"].confidently_wrong == 2
    assert by_key["m"].confidently_wrong == 0
    _summary, reference = reference_statistics(
        questions, attempts.attempt_records(quiz), ALL
    )
    assert stats == reference
    tallies.recount(quiz)
    assert tallies.quiz_statistics(quiz, questions, ALL)[1] == reference
    client = Client()
    client.force_login(trainer)
    page = client.get(f"/admin/reports/quiz-statistics/{quiz.pk}/").content.decode()
    assert "Zeker en toch fout" in page and "<strong>2</strong>" in page


def test_a_pool_asks_some_questions_and_a_retake_prefers_the_unseen(
    participant_client, participant
):
    quiz = make_quiz(questions=6, draw_count=3, max_attempts=3, pass_mark=100)
    module = module_with(quiz)
    url = f"/modules/{module.pk}/quiz/"
    _html, token, drawn, first_keys = form_of(participant_client, module)
    assert drawn and len(first_keys) == 3
    wrong = {f"q-{k}": [f"{k}-a"] if k != "m" else ["m-c"] for k in first_keys}
    response = participant_client.post(
        url, {**wrong, "submission": token, "drawn": drawn}
    )
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    assert attempt.max_points == 3 and attempt.score == 0
    assert sorted(attempt.answers.values_list("question_key", flat=True)) == sorted(
        first_keys
    )
    _html, token, drawn, second_keys = form_of(participant_client, module)
    assert set(second_keys).isdisjoint(first_keys)  # the three not seen
    # A draw token of another form, or a changed one: refused, nothing stored.
    response = participant_client.post(
        url, {**wrong, "submission": token, "drawn": drawn + "x"}
    )
    assert response.status_code == 400
    response = participant_client.post(url, {**wrong, "submission": token})
    assert response.status_code == 400
    assert Attempt.objects.count() == 1
    # Answers for questions that were not drawn do not fit.
    response = participant_client.post(
        url, {**wrong, "submission": token, "drawn": drawn}
    )
    assert response.status_code == 200 and Attempt.objects.count() == 1
    right = {
        f"q-{q.key}": sorted(q.correct_keys)
        for q in quiz.question_data()
        if q.key in second_keys
    }
    response = participant_client.post(
        url, {**right, "submission": token, "drawn": drawn}
    )
    assert response.status_code == 302
    assert Attempt.objects.get(number=2).score == 100


def test_a_pool_form_shown_again_keeps_its_questions(participant_client):
    quiz = make_quiz(questions=6, draw_count=2)
    module = module_with(quiz)
    _html, token, drawn, keys = form_of(participant_client, module)
    response = participant_client.post(
        f"/modules/{module.pk}/quiz/", {"submission": token, "drawn": drawn}
    )
    assert response.status_code == 200
    again = list(
        dict.fromkeys(re.findall(r'name="q-([^"]+)"', response.content.decode()))
    )
    assert again == keys or sorted(again) == sorted(keys)
