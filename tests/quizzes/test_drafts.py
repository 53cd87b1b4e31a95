"""A quiz has drafts, a preview and a history, like a page.

Participants take the published version only; a draft waits until a trainer
publishes it. Only publishing, unpublishing and deleting a quiz start a new content
version (academy/base/caching.py, connect_draft_model): a draft save or a preview
keeps every cached page and quiz.
"""

import json

import pytest

from academy.base.caching import content_version
from academy.base.models import SiteSettings
from courses.models import ModulePage
from quizzes import attempts
from quizzes.models import Attempt, Quiz
from tests.factories import make_quiz, make_workshop

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/quizzes/quiz"


def editor_form(quiz, first_question=None, **fields):
    """What the quiz editor sends for `quiz` (its questions as they are, the text
    of the first one replaced by `first_question`)."""
    data = {
        "title": quiz.title,
        "introduction": quiz.introduction,
        "pass_mark": str(quiz.pass_mark),
        "max_attempts": str(quiz.max_attempts or ""),
        "go_live_at": "",
        "expire_at": "",
        **({"shuffle_options": "on"} if quiz.shuffle_options else {}),
        **({"shuffle_questions": "on"} if quiz.shuffle_questions else {}),
        **fields,
    }
    blocks = quiz.questions.raw_data
    data["questions-count"] = str(len(blocks))
    for number, block in enumerate(blocks):
        prefix = f"questions-{number}"
        value = block["value"]
        text = value["text"]
        if number == 0 and first_question:
            text = first_question
        data.update(
            {
                f"{prefix}-type": block["type"],
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(number),
                f"{prefix}-id": block["id"],
                f"{prefix}-value-text": text,
                f"{prefix}-value-explanation": value["explanation"],
                f"{prefix}-value-options-count": str(len(value["options"])),
            }
        )
        for position, option in enumerate(value["options"]):
            option_prefix = f"{prefix}-value-options-{position}"
            data.update(
                {
                    f"{option_prefix}-deleted": "",
                    f"{option_prefix}-order": str(position),
                    f"{option_prefix}-id": option["id"],
                    f"{option_prefix}-value-text": option["value"]["text"],
                    f"{option_prefix}-value-feedback": option["value"]["feedback"],
                }
            )
            if option["value"]["correct"]:
                data[f"{option_prefix}-value-correct"] = "on"
    return data


@pytest.fixture
def module(db):
    """A module with a published quiz."""
    SiteSettings.load()  # created on first use; that would start a new version
    make_workshop(modules=2)
    page = ModulePage.objects.get(slug="module-1")
    quiz = make_quiz(questions=3)
    quiz.save_revision().publish()
    page.quiz = quiz
    page.save_revision().publish()
    return ModulePage.objects.get(pk=page.pk)


@pytest.fixture
def editor(client, trainer):
    editor = client.__class__()
    editor.force_login(trainer)
    return editor


def quiz_page(client, module):
    return client.get(f"/modules/{module.pk}/quiz/")


def test_a_draft_save_is_not_seen_by_participants(participant_client, editor, module):
    assert "Vraag 1" in quiz_page(participant_client, module).content.decode()
    before = content_version()
    quiz = module.quiz

    response = editor.post(
        f"{ADMIN}/edit/{quiz.pk}/", editor_form(quiz, "Een concept van vraag 1")
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    quiz.refresh_from_db()
    assert quiz.live and quiz.has_unpublished_changes
    assert content_version() == before  # every cached page and quiz stays
    html = quiz_page(participant_client, module).content.decode()
    assert "Vraag 1" in html and "Een concept van vraag 1" not in html
    assert quiz.question_data()[0].text == "Vraag 1"
    # The draft is in the editor, for the trainer.
    assert (
        "Een concept van vraag 1"
        in editor.get(f"{ADMIN}/edit/{quiz.pk}/").content.decode()
    )


def test_publishing_shows_the_new_version(participant_client, editor, module):
    quiz_page(participant_client, module)
    before = content_version()
    quiz = module.quiz
    data = editor_form(quiz, "Nu gepubliceerd")
    data["action-publish"] = "action-publish"

    response = editor.post(f"{ADMIN}/edit/{quiz.pk}/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert content_version() != before
    html = quiz_page(participant_client, module).content.decode()
    assert "Nu gepubliceerd" in html


def test_unpublishing_takes_the_quiz_away_from_participants(
    participant_client, editor, module
):
    assert "Doe de quiz" in participant_client.get(module.url).content.decode()
    before = content_version()

    response = editor.post(f"{ADMIN}/unpublish/{module.quiz.pk}/")

    assert response.status_code == 302
    assert not Quiz.objects.get().live
    assert content_version() != before
    assert quiz_page(participant_client, module).status_code == 404
    html = participant_client.get(module.url).content.decode()
    assert "Doe de quiz" not in html and "Markeer als klaar" in html


def test_a_quiz_never_published_is_not_seen(participant_client, editor):
    make_workshop(modules=1)
    module = ModulePage.objects.get(slug="module-1")
    draft = make_quiz(questions=1, title="Nog niet af")
    data = editor_form(draft, "Een vraag in wording", title="Nieuwe quiz")
    draft.delete()

    response = editor.post(f"{ADMIN}/add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    quiz = Quiz.objects.get(title="Nieuwe quiz")
    assert not quiz.live
    module.quiz = quiz
    module.save_revision().publish()
    assert quiz_page(participant_client, module).status_code == 404
    assert "Doe de quiz" not in participant_client.get(module.url).content.decode()

    publish = editor_form(quiz, "Een vraag in wording")
    publish["action-publish"] = "action-publish"
    assert editor.post(f"{ADMIN}/edit/{quiz.pk}/", publish).status_code == 302
    assert (
        "Een vraag in wording" in quiz_page(participant_client, module).content.decode()
    )


def test_the_preview_shows_the_quiz_as_a_participant_sees_it(
    participant_client, editor, module
):
    quiz = module.quiz
    before = content_version()
    url = f"{ADMIN}/preview/{quiz.pk}/"

    posted = editor.post(url, editor_form(quiz, "Alleen in het voorbeeld"))
    shown = editor.get(url, {"mode": ""})

    assert posted.status_code == 200 and json.loads(posted.content)["is_valid"]
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Alleen in het voorbeeld" in html and "Antwoord 3b" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html
    for secret in ("correct", "Uitleg 1", "A en B samen", "Over Antwoord"):
        assert secret not in html
    assert content_version() == before
    page = quiz_page(participant_client, module).content.decode()
    assert "Alleen in het voorbeeld" not in page


def test_the_history_keeps_every_version(editor, module):
    quiz = module.quiz
    editor.post(f"{ADMIN}/edit/{quiz.pk}/", editor_form(quiz, "Versie twee"))
    data = editor_form(quiz, "Versie drie")
    data["action-publish"] = "action-publish"
    editor.post(f"{ADMIN}/edit/{quiz.pk}/", data)

    assert quiz.revisions.count() == 3
    history = editor.get(f"{ADMIN}/history/{quiz.pk}/")
    assert history.status_code == 200


def test_an_attempt_keeps_the_version_it_was_taken_on(participant, module):
    quiz = Quiz.objects.get()
    first_version = quiz.live_revision
    answers = {q.key: q.correct_keys for q in quiz.question_data()}
    attempt, _created = attempts.submit(
        participant, quiz, {**answers, "q1": {"q1-a"}}, "form-one-xxxxxxxxxx"
    )

    quiz.questions.raw_data[0]["value"]["text"] = "Herschreven"
    quiz.save_revision().publish()
    quiz = Quiz.objects.get()
    second, _created = attempts.submit(participant, quiz, answers, "form-two-xxxxxxxxx")

    assert Attempt.objects.get(pk=attempt.pk).revision == first_version
    assert second.revision == quiz.live_revision != first_version
    assert first_version.as_object().question_data()[0].text == "Vraag 1"


def test_drafts_saved_by_code_keep_the_cache_and_a_script_save_does_not(module):
    quiz = Quiz.objects.get()
    before = content_version()
    quiz.introduction = "Een concept"
    quiz.save_revision()
    assert content_version() == before

    quiz = Quiz.objects.get()
    quiz.pass_mark = 80
    quiz.save()  # a live quiz changed outside the editor: what is shown changed
    assert content_version() != before


def test_a_result_of_an_unpublished_quiz_links_nowhere_dead(
    participant_client, participant, editor, module
):
    quiz = module.quiz
    answers = {q.key: {q.options[0].key} for q in quiz.question_data()}
    attempt, _ = attempts.submit(participant, quiz, answers, submission="s")
    editor.post(f"{ADMIN}/unpublish/{quiz.pk}/")
    url = f"/modules/{module.pk}/quiz/attempts/{attempt.pk}/"

    html = participant_client.get(url).content.decode()

    assert f'href="/modules/{module.pk}/quiz/"' not in html
    assert quiz.title in html


def test_a_module_completed_by_passing_stays_done_while_its_quiz_is_unpublished(
    participant_client, participant, editor, module
):
    """Unpublished, the quiz no longer completes the module: the participant who
    passed it cannot undo that completion (a passed quiz cannot be taken again)."""
    from courses.models import ModuleCompletion

    quiz = module.quiz
    answers = {q.key: q.correct_keys for q in quiz.question_data()}
    attempts.submit(participant, quiz, answers, submission="s-pass")
    assert ModuleCompletion.objects.filter(user=participant, module=module).exists()
    editor.post(f"{ADMIN}/unpublish/{quiz.pk}/")

    html = participant_client.get(module.url).content.decode()
    response = participant_client.post(f"/progress/modules/{module.pk}/reopen/")

    assert "Toch nog niet klaar" not in html
    assert response.status_code == 400
    assert ModuleCompletion.objects.filter(user=participant, module=module).exists()


def test_purging_old_versions_keeps_the_version_an_attempt_was_taken_on(
    participant, editor, module
):
    from django.core.management import call_command

    quiz = module.quiz
    answers = {q.key: {q.options[0].key} for q in quiz.question_data()}
    attempt, _ = attempts.submit(participant, quiz, answers, submission="s-old")
    taken_on = attempt.revision_id
    assert taken_on
    publish = editor_form(quiz, "Een nieuwe versie")
    publish["action-publish"] = "action-publish"
    editor.post(f"{ADMIN}/edit/{quiz.pk}/", publish)

    call_command("purge_revisions", days=0, verbosity=0)

    attempt.refresh_from_db()
    assert attempt.revision_id == taken_on
