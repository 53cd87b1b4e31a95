"""Deleting content never deletes a participant's records: a quiz that has attempts
cannot be deleted (in the admin, nor in code); the trainer is told how many
participants it concerns and to unpublish it or take it off its module instead."""

import pytest
from django.db.models import ProtectedError

from quizzes import attempts
from quizzes.models import Answer, Attempt, Quiz
from tests.factories import make_quiz, make_user

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/quizzes/quiz"


@pytest.fixture
def taken(participant):
    """A quiz two participants have taken (three attempts)."""
    quiz = make_quiz(questions=1, title="Gemaakte quiz")
    (question,) = quiz.question_data()
    other = make_user("piet@example.com")
    attempts.submit(participant, quiz, {question.key: {"q1-a"}}, "form-sanne-1-xxxxx")
    attempts.submit(participant, quiz, {question.key: {"q1-b"}}, "form-sanne-2-xxxxx")
    attempts.submit(other, quiz, {question.key: {"q1-b"}}, "form-piet-1-xxxxxxx")
    return quiz


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_admin_refuses_to_delete_a_quiz_with_attempts(trainer_client, taken):
    url = f"{ADMIN}/delete/{taken.pk}/"

    asked = trainer_client.get(url, follow=True)
    posted = trainer_client.post(url, follow=True)

    for response in (asked, posted):
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == f"{ADMIN}/edit/{taken.pk}/"
        [message] = messages_of(response)
        assert "Gemaakte quiz" in message and "2 deelnemers" in message
        assert "Publicatie intrekken" in message and "module" in message
    assert Quiz.objects.filter(pk=taken.pk).exists()
    assert Attempt.objects.filter(quiz=taken).count() == 3
    assert Answer.objects.count() == 3


def test_bulk_delete_refuses_quizzes_with_attempts(trainer_client, taken):
    untaken = make_quiz(questions=1, title="Nooit gemaakt")
    response = trainer_client.post(
        f"/admin/bulk/quizzes/quiz/delete/?id={taken.pk}&id={untaken.pk}", follow=True
    )
    assert response.status_code == 200
    assert any("Gemaakte quiz" in message for message in messages_of(response))
    assert Quiz.objects.count() == 2
    assert Attempt.objects.count() == 3


def test_a_quiz_without_attempts_can_still_be_deleted(trainer_client):
    quiz = make_quiz(questions=1)
    response = trainer_client.post(f"{ADMIN}/delete/{quiz.pk}/")
    assert response.status_code == 302
    assert not Quiz.objects.exists()


def test_the_database_keeps_the_attempts_of_a_quiz_deleted_in_code(taken):
    with pytest.raises(ProtectedError):
        taken.delete()
    with pytest.raises(ProtectedError):
        Quiz.objects.filter(pk=taken.pk).delete()
    assert Attempt.objects.filter(quiz=taken).count() == 3
