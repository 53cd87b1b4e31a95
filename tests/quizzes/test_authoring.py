"""Trainers write quizzes in the Wagtail admin; nobody else but admins may."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import ModulePage
from quizzes.blocks import MultipleResponseBlock, SingleChoiceBlock
from quizzes.models import Quiz
from tests.factories import make_quiz, make_workshop

pytestmark = pytest.mark.django_db


def option(text, correct):
    return {"text": text, "correct": correct, "feedback": ""}


def test_single_choice_needs_exactly_one_correct_answer():
    block = SingleChoiceBlock()
    for options in (
        [option("a", False), option("b", False)],
        [option("a", True), option("b", True)],
    ):
        value = block.to_python({"text": "?", "options": options, "explanation": ""})
        with pytest.raises(ValidationError):
            block.clean(value)
    good = block.to_python(
        {
            "text": "?",
            "options": [option("a", True), option("b", False)],
            "explanation": "",
        }
    )
    block.clean(good)


def test_multiple_response_needs_a_correct_answer():
    block = MultipleResponseBlock()
    value = block.to_python(
        {
            "text": "?",
            "options": [option("a", False), option("b", False)],
            "explanation": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


def test_question_data_has_every_type_with_stable_keys():
    quiz = make_quiz(questions=3)
    questions = quiz.question_data()
    assert [q.key for q in questions] == ["q1", "m", "q3"]
    assert [q.kind for q in questions] == ["single", "multiple", "single"]
    assert questions[1].correct_keys == {"m-a", "m-b"}
    assert questions[0].options[1].feedback == "Over Antwoord 1b"


def test_true_false_questions_become_two_options():
    quiz = Quiz.objects.create(
        title="Waar of niet",
        questions=[
            (
                "true_false",
                {
                    "text": "X is Twitter",
                    "correct_answer": "true",
                    "feedback_true": "Klopt",
                    "feedback_false": "Toch wel",
                    "explanation": "Sinds 2023.",
                },
            )
        ],
    )
    (question,) = quiz.question_data()
    assert [o.key for o in question.options] == ["true", "false"]
    assert question.correct_keys == {"true"}
    assert question.options[1].feedback == "Toch wel"


def test_trainer_can_list_add_and_edit_quizzes(trainer_client):
    quiz = make_quiz()
    assert trainer_client.get("/admin/snippets/quizzes/quiz/").status_code == 200
    assert trainer_client.get("/admin/snippets/quizzes/quiz/add/").status_code == 200
    edit = f"/admin/snippets/quizzes/quiz/edit/{quiz.pk}/"
    assert trainer_client.get(edit).status_code == 200
    delete = f"/admin/snippets/quizzes/quiz/delete/{quiz.pk}/"
    assert trainer_client.post(delete).status_code == 302
    assert not Quiz.objects.exists()


def test_trainer_creates_a_quiz_in_the_admin(trainer_client):
    data = {
        "title": "Nieuwe quiz",
        "introduction": "",
        "pass_mark": "80",
        "max_attempts": "3",
        "shuffle_options": "on",
        "questions-count": "1",
        "questions-0-type": "single",
        "questions-0-deleted": "",
        "questions-0-order": "0",
        "questions-0-id": "",
        "questions-0-value-text": "Een klant klaagt op X. Wat doe je eerst?",
        "questions-0-value-explanation": "Eerst luisteren.",
        "questions-0-value-options-count": "2",
    }
    for number, (text, correct) in enumerate([("Reageren", True), ("Negeren", False)]):
        prefix = f"questions-0-value-options-{number}"
        data.update(
            {
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(number),
                f"{prefix}-id": "",
                f"{prefix}-value-text": text,
                f"{prefix}-value-feedback": "",
            }
        )
        if correct:
            data[f"{prefix}-value-correct"] = "on"
    response = trainer_client.post("/admin/snippets/quizzes/quiz/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = Quiz.objects.get()
    assert (quiz.title, quiz.pass_mark, quiz.max_attempts) == ("Nieuwe quiz", 80, 3)
    (question,) = quiz.question_data()
    assert question.correct_keys == {question.options[0].key}


@pytest.mark.parametrize("who", ["participant", "anonymous"])
def test_others_cannot_reach_quizzes_in_the_admin(client, participant, who):
    quiz = make_quiz()
    if who == "participant":
        client.force_login(participant)
    for url in (
        "/admin/snippets/quizzes/quiz/",
        f"/admin/snippets/quizzes/quiz/edit/{quiz.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
    assert client.post(
        f"/admin/snippets/quizzes/quiz/delete/{quiz.pk}/"
    ).status_code in (
        302,
        403,
    )
    assert Quiz.objects.exists()


def test_a_quiz_belongs_to_one_module_at_most():
    make_workshop(modules=2)
    quiz = make_quiz()
    first, second = ModulePage.objects.order_by("path")
    first.quiz = quiz
    first.save()
    second.quiz = quiz
    with pytest.raises(ValidationError):
        second.full_clean()
