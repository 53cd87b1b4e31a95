"""Taking a quiz as a participant: the form, scoring on the server, results, history."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from courses.models import ModuleCompletion, ModulePage
from quizzes.models import Answer, Attempt
from tests.factories import make_quiz, make_user, make_workshop, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    make_workshop(modules=2)
    page = ModulePage.objects.get(slug="module-1")
    page.quiz = make_quiz(questions=3, pass_mark=70)
    page.save_revision().publish()
    return ModulePage.objects.get(pk=page.pk)


def quiz_url(module):
    return f"/modules/{module.pk}/quiz/"


def open_form(client, module):
    html = client.get(quiz_url(module)).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    return html, token


def submit(client, module, answers, token=None):
    if token is None:
        _html, token = open_form(client, module)
    return client.post(quiz_url(module), {**answers, "submission": token})


def wrong_answers(quiz):
    return {"q-q1": "q1-a", "q-m": ["m-a"], "q-q3": "q3-b"}  # 1 of 3 right


def test_module_with_a_quiz_is_completed_by_passing_it(participant_client, module):
    html = participant_client.get(module.url).content.decode()
    assert "Doe de quiz" in html
    assert "Markeer als klaar" not in html
    response = participant_client.post(f"/progress/modules/{module.pk}/done/")
    assert response.status_code == 400
    assert not ModuleCompletion.objects.exists()


def test_the_form_sends_no_correct_answers_or_explanations(participant_client, module):
    html, _token = open_form(participant_client, module)
    assert "<fieldset" in html and "<legend>" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert "Antwoord 1a" in html
    for secret in ("correct", "Uitleg 1", "A en B samen", "Over Antwoord"):
        assert secret not in html


def test_quiz_needs_login_and_comes_back(client, module):
    response = client.get(quiz_url(module))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=/modules/{module.pk}/quiz/"


def test_failing_shows_feedback_and_allows_a_retry(
    participant_client, participant, module
):
    response = submit(participant_client, module, wrong_answers(module.quiz))
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    assert (attempt.score, attempt.passed, attempt.number) == (33, False, 1)

    html = participant_client.get(response.url).content.decode()
    assert "33%" in html and "1 van 3 vragen goed" in html
    assert "Nog niet gehaald" in html
    assert "Over Antwoord 1a" in html  # feedback on the option chosen
    assert "Over Antwoord 1b" not in html  # not on options not chosen
    assert "Uitleg 1" in html  # the explanation
    assert "Opnieuw proberen" in html
    assert not ModuleCompletion.objects.exists()


def test_a_retry_after_an_earlier_attempt_was_deleted(participant_client, module):
    """The next attempt's number follows the last one, not the count: with attempt 1
    of 2 gone, a new attempt is number 3 (it was refused before: number 2 was
    taken)."""
    for _ in range(2):
        submit(participant_client, module, wrong_answers(module.quiz))
    Attempt.objects.get(number=1).delete()
    response = submit(participant_client, module, wrong_answers(module.quiz))
    assert response.status_code == 302
    assert "/quiz/attempts/" in response.url
    assert sorted(Attempt.objects.values_list("number", flat=True)) == [2, 3]


def test_passing_completes_the_module_and_the_dashboard_shows_it(
    participant_client, participant, module
):
    submit(participant_client, module, wrong_answers(module.quiz))
    response = submit(participant_client, module, right_answers(module.quiz))

    attempt = Attempt.objects.get(number=2)
    assert attempt.passed and attempt.score == 100
    assert ModuleCompletion.objects.filter(user=participant, module=module).exists()
    html = participant_client.get(response.url).content.decode()
    assert "Je hebt de quiz gehaald" in html
    dashboard = participant_client.get("/dashboard/").content.decode()
    assert "1 van 2 modules klaar" in dashboard


def test_no_attempts_after_passing(participant_client, module):
    submit(participant_client, module, right_answers(module.quiz))
    html = participant_client.get(quiz_url(module)).content.decode()
    assert 'name="submission"' not in html
    assert "Je hebt deze quiz gehaald" in html


def test_the_attempt_limit_holds(participant_client, module):
    module.quiz.max_attempts = 2
    module.quiz.save()
    submit(participant_client, module, wrong_answers(module.quiz))
    _html, token = open_form(participant_client, module)  # form for attempt 2
    submit(participant_client, module, wrong_answers(module.quiz), token)
    html = participant_client.get(quiz_url(module)).content.decode()
    assert 'name="submission"' not in html
    assert "al je pogingen" in html

    # A form opened earlier cannot sneak in a third attempt.
    response = submit(
        participant_client, module, right_answers(module.quiz), token="x" * 32
    )
    assert response.status_code == 302
    assert Attempt.objects.count() == 2


def test_a_double_submit_stores_one_attempt(participant_client, module):
    _html, token = open_form(participant_client, module)
    first = submit(participant_client, module, wrong_answers(module.quiz), token)
    second = submit(participant_client, module, wrong_answers(module.quiz), token)
    assert first.url == second.url
    assert Attempt.objects.count() == 1
    assert Answer.objects.count() == 3


def test_unanswered_questions_are_shown_as_form_errors(participant_client, module):
    response = submit(participant_client, module, {"q-q1": "q1-b"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een antwoord op deze vraag" in html
    assert "Kies een of meer antwoorden" in html
    assert 'value="q1-b" id="id_q-q1_1" checked' in html  # the answer given is kept
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    "answers",
    [
        {"q-q1": "q2-b", "q-m": ["m-a"], "q-q3": "q3-b"},  # option of another question
        {"q-q1": "nonsense", "q-m": ["m-a"], "q-q3": "q3-b"},
        {"q-q1": ["q1-a", "q1-b"], "q-m": ["m-a"], "q-q3": "q3-b"},  # repeated field
        {"q-q1": "q1-b", "q-m": ["m-a", "m-x"], "q-q3": "q3-b"},
    ],
)
def test_answers_that_are_not_options_store_nothing(
    participant_client, module, answers
):
    response = submit(participant_client, module, answers)
    assert response.status_code == 200
    assert 'class="message message--error"' in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_tampered_form_token_is_a_400(participant_client, module):
    response = participant_client.post(
        quiz_url(module), {**right_answers(module.quiz), "submission": "<script>"}
    )
    assert response.status_code == 400
    assert not Attempt.objects.exists()


def test_quiz_of_an_unpublished_or_unknown_module_is_404(participant_client, module):
    assert participant_client.get("/modules/999999/quiz/").status_code == 404
    other = ModulePage.objects.get(slug="module-2")  # has no quiz
    assert participant_client.get(f"/modules/{other.pk}/quiz/").status_code == 404
    module.unpublish()
    assert participant_client.get(quiz_url(module)).status_code == 404
    assert submit_without_form(participant_client, module).status_code == 404


def submit_without_form(client, module):
    return client.post(quiz_url(module), {"submission": "y" * 32})


def test_results_and_history_are_the_participants_own(client, participant, module):
    client.force_login(participant)
    submit(client, module, wrong_answers(module.quiz))
    attempt = Attempt.objects.get()
    result_url = f"/modules/{module.pk}/quiz/attempts/{attempt.pk}/"
    history_url = f"/modules/{module.pk}/quiz/attempts/"
    assert client.get(result_url).status_code == 200
    assert "Poging 1" in client.get(history_url).content.decode()

    client.force_login(make_user("ander@example.com"))
    assert client.get(result_url).status_code == 404
    assert "Poging 1" not in client.get(history_url).content.decode()
    other_module = ModulePage.objects.get(slug="module-2")
    assert (
        client.get(
            f"/modules/{other_module.pk}/quiz/attempts/{attempt.pk}/"
        ).status_code
        == 404
    )


def test_editing_the_quiz_keeps_past_attempts_as_they_were(participant_client, module):
    submit(participant_client, module, wrong_answers(module.quiz))
    attempt = Attempt.objects.get()

    quiz = module.quiz
    quiz.questions = quiz.questions.raw_data[:1]  # the trainer removes two questions
    quiz.questions.raw_data[0]["value"]["text"] = "Herschreven vraag"
    quiz.save()

    html = participant_client.get(
        f"/modules/{module.pk}/quiz/attempts/{attempt.pk}/"
    ).content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 33 and attempt.max_points == 3
    assert "Vraag 1" in html and "Welke twee zijn juist?" in html
    assert "Herschreven vraag" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor == 'sqlite'", reason="needs PostgreSQL")
def test_parallel_submissions_never_exceed_the_attempt_limit():
    make_workshop(modules=1)
    module = ModulePage.objects.get(slug="module-1")
    module.quiz = make_quiz(questions=3, max_attempts=2)
    module.save_revision().publish()
    user = make_user("snel@example.com")
    barrier = threading.Barrier(6)
    codes = []

    def attempt(number):
        client = Client()
        client.force_login(user)
        answers = {"q-q1": "q1-a", "q-m": ["m-a"], "q-q3": "q3-a"}
        barrier.wait()
        response = client.post(
            f"/modules/{module.pk}/quiz/",
            {**answers, "submission": f"parallel-form-{number:02d}-xxxxxx"},
        )
        codes.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Attempt.objects.filter(user=user).count() == 2
    assert sorted(Attempt.objects.values_list("number", flat=True)) == [1, 2]
    assert all(code in (200, 302) for code in codes)
