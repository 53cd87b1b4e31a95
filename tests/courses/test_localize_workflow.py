"""A trainer translates with wagtail-localize (issue 20): "Translate" on a page and
on a quiz makes the English version, linked to its Dutch source, so that it counts
as the same course; then it shows up as translated in the status report."""

import pytest
from wagtail.models import Locale

from academy.base import translation_status
from courses.models import ModulePage, WorkshopPage
from quizzes.models import Quiz
from tests.factories import make_quiz, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def test_a_trainer_translates_a_workshop_and_its_modules(trainer_client, english):
    workshop = make_workshop(modules=2)
    module = ModulePage.objects.get(slug="module-1")
    module.quiz = make_quiz(title="Toets")
    module.save_revision().publish()

    # The parent first (the index), as wagtail-localize asks.
    index = workshop.get_parent()
    response = trainer_client.post(
        f"/admin/localize/submit/page/{index.pk}/", {"locales": [english.pk]}
    )
    assert response.status_code == 302
    response = trainer_client.post(
        f"/admin/localize/submit/page/{workshop.pk}/",
        {"locales": [english.pk], "include_subtree": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    translated = WorkshopPage.objects.get(locale=english)
    assert translated.translation_key == workshop.translation_key
    modules = ModulePage.objects.filter(locale=english)
    assert modules.count() == 2
    assert {m.translation_key for m in modules} == {
        m.translation_key for m in ModulePage.objects.filter(locale__language_code="nl")
    }

    # The module's quiz is translated with it (a related translatable snippet),
    # and its English module points at the English quiz.
    quiz = Quiz.objects.get(locale__language_code="nl")
    english_module = ModulePage.objects.get(
        locale=english, translation_key=module.translation_key
    )
    english_quiz = Quiz.objects.get(locale=english)
    assert english_quiz.translation_key == quiz.translation_key
    assert english_module.quiz_id == english_quiz.pk
    assert [q.key for q in english_quiz.question_data()] == [
        q.key for q in quiz.question_data()
    ]

    statuses = {
        (row["title"], row["status"]) for row in translation_status.translation_rows()
    }
    # wagtail-localize makes drafts, published once translated.
    assert ("LinkedIn", "draft") in statuses or ("LinkedIn", "up_to_date") in statuses
    assert ("Toets", "missing") not in statuses


def test_a_trainer_translates_a_quiz_of_its_own(trainer_client, english):
    quiz = make_quiz(title="Herhalingstoets")
    response = trainer_client.post(
        f"/admin/localize/submit/snippet/quizzes/quiz/{quiz.pk}/",
        {"locales": [english.pk]},
    )
    assert response.status_code == 302
    english_quiz = Quiz.objects.get(locale=english)
    assert english_quiz.translation_key == quiz.translation_key
    assert [q.key for q in english_quiz.question_data()] == [
        q.key for q in quiz.question_data()
    ]


def test_a_participant_may_not_submit_translations(participant_client, english):
    quiz = make_quiz(title="Toets")
    response = participant_client.post(
        f"/admin/localize/submit/snippet/quizzes/quiz/{quiz.pk}/",
        {"locales": [english.pk]},
    )
    assert response.status_code in (302, 403)
    assert not Quiz.objects.filter(locale=english).exists()
