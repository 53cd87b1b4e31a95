"""A participant who used every attempt is not stuck: a trainer grants them extra
attempts for one quiz, from the participant's page in the reports. The grant is
logged, the participant gets an email, and the attempt limit counts it."""

import json
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from courses.models import ModulePage
from quizzes import attempts, extra_attempts
from quizzes.models import Attempt, ExtraAttempts
from tests.factories import make_quiz, make_user, make_workshop

pytestmark = pytest.mark.django_db


def wrong(quiz):
    return {
        q.key: {next(o.key for o in q.options if not o.correct)}
        for q in quiz.question_data()
    }


@pytest.fixture
def module():
    make_workshop(modules=1)
    page = ModulePage.objects.get(slug="module-1")
    page.quiz = make_quiz(questions=3, max_attempts=2, title="Profielquiz")
    page.save_revision().publish()
    return ModulePage.objects.get(pk=page.pk)


@pytest.fixture
def stuck(participant, module):
    """Sanne used both attempts and did not pass."""
    for number in (1, 2):
        attempts.submit(
            participant, module.quiz, wrong(module.quiz), f"form-{number}-xxxxxxxxxxx"
        )
    assert not attempts.status(participant, module.quiz).may_attempt
    return participant


def page_url(user):
    return f"/admin/reports/participants/{user.pk}/"


def grant_url(user):
    return f"/admin/reports/participants/{user.pk}/extra-attempts/"


def test_the_limit_counts_extra_attempts(stuck, trainer, module):
    quiz = module.quiz
    with pytest.raises(attempts.AttemptNotAllowed):
        attempts.submit(stuck, quiz, wrong(quiz), "form-3-xxxxxxxxxxx")

    extra_attempts.grant(stuck, quiz, 1, granted_by=trainer, reason="Ziek geweest")

    status = attempts.status(stuck, quiz)
    assert status.may_attempt and status.attempts_left == 1
    assert (status.max_attempts, status.extra_attempts) == (3, 1)
    third, created = attempts.submit(stuck, quiz, wrong(quiz), "form-3-xxxxxxxxxxx")
    assert created and third.number == 3
    with pytest.raises(attempts.AttemptNotAllowed):
        attempts.submit(stuck, quiz, wrong(quiz), "form-4-xxxxxxxxxxx")
    # Only for this participant and this quiz.
    other = make_user("ander@example.com")
    assert attempts.status(other, quiz).max_attempts == 2


def test_a_trainer_grants_extra_attempts_from_the_participant_page(
    client, trainer, stuck, module
):
    client.force_login(stuck)
    html = client.get(f"/modules/{module.pk}/quiz/").content.decode()
    assert "al je pogingen" in html and 'name="submission"' not in html

    editor = Client()
    editor.force_login(trainer)
    page = editor.get(page_url(stuck)).content.decode()
    assert "Profielquiz" in page and "2 van 2" in page
    assert f'action="{grant_url(stuck)}"' in page and "csrfmiddlewaretoken" in page

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        response = editor.post(
            grant_url(stuck),
            {"quiz": module.quiz.pk, "count": "2", "reason": "Ziek geweest"},
        )

    assert response.status_code == 302 and response.url == page_url(stuck)
    extra = ExtraAttempts.objects.get()
    assert (extra.user, extra.quiz, extra.count) == (stuck, module.quiz, 2)
    assert extra.granted_by == trainer and extra.reason == "Ziek geweest"
    page = editor.get(page_url(stuck)).content.decode()
    assert "2 extra pogingen" in page and "Ziek geweest" in page
    assert "Marieke van Dijk" in page and "2 van 4" in page

    [email] = mail.outbox
    assert email.to == ["sanne@example.com"]
    assert "Profielquiz" in email.subject and "opnieuw" in email.subject
    assert "2 extra pogingen" in email.body and "Ziek geweest" in email.body
    assert f"http://testserver/modules/{module.pk}/quiz/" in email.body
    assert email.content_subtype == "plain"

    html = client.get(f"/modules/{module.pk}/quiz/").content.decode()
    assert 'name="submission"' in html and "Nog 2 pogingen over" in html


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_only_trainers_and_admins_grant(client, stuck, module, who):
    if who == "participant":
        client.force_login(stuck)
    response = client.post(grant_url(stuck), {"quiz": module.quiz.pk, "count": "1"})
    assert response.status_code in (302, 403)
    assert not ExtraAttempts.objects.exists()


def test_a_grant_needs_the_csrf_token(trainer, stuck, module):
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(trainer)
    response = editor.post(grant_url(stuck), {"quiz": module.quiz.pk, "count": "1"})
    assert response.status_code == 403
    assert not ExtraAttempts.objects.exists()


def test_bad_requests_are_refused_clearly(trainer_client, stuck, module, participant):
    untaken = make_quiz(questions=1, max_attempts=1, title="Niet gemaakt")
    unlimited = make_quiz(questions=1, title="Zonder limiet")
    (question,) = unlimited.question_data()
    attempts.submit(stuck, unlimited, {question.key: {"q1-a"}}, "form-u-xxxxxxxxxxx")
    quiz = module.quiz.pk
    assert trainer_client.get(grant_url(stuck)).status_code == 405
    assert (
        trainer_client.post(
            "/admin/reports/participants/999999/extra-attempts/",
            {"quiz": quiz, "count": "1"},
        ).status_code
        == 404
    )
    for data in (
        {},
        {"quiz": "abc", "count": "1"},
        {"quiz": "999999", "count": "1"},
        {"quiz": untaken.pk, "count": "1"},  # not taken by this participant
        {"quiz": unlimited.pk, "count": "1"},  # no limit to lift
        {"quiz": quiz, "count": "0"},
        {"quiz": quiz, "count": "11"},
        {"quiz": quiz, "count": "veel"},
        {"quiz": quiz, "count": "1", "reason": "x" * 501},
    ):
        response = trainer_client.post(grant_url(stuck), data)
        assert response.status_code == 400, (data, response.status_code)
    assert not ExtraAttempts.objects.exists()
    assert not mail.outbox


def test_no_grant_after_a_pass(trainer, participant, module):
    quiz = module.quiz
    answers = {q.key: q.correct_keys for q in quiz.question_data()}
    attempts.submit(participant, quiz, answers, "form-pass-xxxxxxxxx")
    with pytest.raises(extra_attempts.GrantNotAllowed):
        extra_attempts.grant(participant, quiz, 1, granted_by=trainer)


def test_a_mail_server_that_is_down_does_not_undo_the_grant(
    trainer_client, stuck, module, settings
):
    settings.EMAIL_BACKEND = "tests.quizzes.test_extra_attempts.BrokenBackend"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        response = trainer_client.post(
            grant_url(stuck), {"quiz": module.quiz.pk, "count": "1"}
        )
    assert response.status_code == 302
    assert ExtraAttempts.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_the_data_download_holds_the_grants(client, trainer, stuck, module):
    extra_attempts.grant(stuck, module.quiz, 1, granted_by=trainer, reason="Ziek")
    client.force_login(stuck)
    data = json.loads(client.get("/accounts/data/").content)
    [grant] = data["quiz_extra_attempts"]
    assert (grant["quiz"], grant["count"], grant["reason"]) == (
        "Profielquiz",
        1,
        "Ziek",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor == 'sqlite'", reason="needs PostgreSQL")
def test_parallel_submissions_never_exceed_the_limit_with_extra_attempts():
    make_workshop(modules=1)
    module = ModulePage.objects.get(slug="module-1")
    module.quiz = make_quiz(questions=3, max_attempts=1)
    module.save_revision().publish()
    user = make_user("snel@example.com")
    trainer = make_user("trainer@example.com")
    attempts.submit(user, module.quiz, wrong(module.quiz), "first-form-xxxxxxxxx")
    extra_attempts.grant(user, module.quiz, 2, granted_by=trainer)
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
    assert sorted(
        Attempt.objects.filter(user=user).values_list("number", flat=True)
    ) == [1, 2, 3]
    assert all(code in (200, 302) for code in codes)


def test_the_participant_page_form_names_match_the_view(trainer_client, stuck, module):
    html = trainer_client.get(page_url(stuck)).content.decode()
    form = re.search(
        r'<form method="post" action="[^"]+extra-attempts/".*?</form>', html, re.S
    ).group(0)
    names = set(re.findall(r'name="([^"]+)"', form))
    assert names == {"csrfmiddlewaretoken", "quiz", "count", "reason", "granted_before"}


def test_a_double_click_grants_once(
    trainer_client, stuck, module, mailoutbox, django_capture_on_commit_callbacks
):
    """The page's form says how many grants the trainer saw: the second click of
    a double click finds one more and grants nothing again."""
    from quizzes.models import ExtraAttempts

    data = {"quiz": module.quiz.pk, "count": "1", "granted_before": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        first = trainer_client.post(grant_url(stuck), data)
        second = trainer_client.post(grant_url(stuck), data)

    assert first.status_code == 302 and second.status_code == 302
    assert ExtraAttempts.objects.filter(user=stuck).count() == 1
    assert len(mailoutbox) == 1
    page = trainer_client.get(second.url).content.decode()
    assert 'name="granted_before" value="1"' in page


def test_seeing_the_reports_is_not_enough_to_grant(client, stuck, module):
    from django.contrib.auth.models import Permission

    from quizzes.models import ExtraAttempts

    reader = make_user("lezer@example.com", is_staff=True)
    for codename in ("access_admin", "view_enrolment"):
        reader.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(reader)

    response = client.post(grant_url(stuck), {"quiz": module.quiz.pk, "count": "1"})

    assert response.status_code in (302, 403)
    assert not ExtraAttempts.objects.exists()


def test_the_grant_email_and_its_link_are_in_the_participants_language(
    trainer, stuck, module
):
    from django.core import mail

    stuck.language = "en"
    stuck.save(update_fields=["language"])
    editor = Client()
    editor.force_login(trainer)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda f, *a, **k: f())
        # The trainer works in Dutch; the participant reads English.
        response = editor.post(grant_url(stuck), {"quiz": module.quiz.pk, "count": "1"})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.subject.startswith("You can take the quiz")
    assert f"Take the quiz: http://testserver/en/modules/{module.pk}/quiz/" in (
        email.body
    )
