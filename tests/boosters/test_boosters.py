"""Boosters end to end: a participant passes module quizzes, the clock moves, the
boosters come due on the right days and are answered; the trainer's figures are
exactly what the answers give. And the rules around it: nothing changes in quiz
results or certificates, double submits, other people's boosters, the email."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.base.models import OutgoingEmail
from academy.base.privacy import export_user_data
from boosters import emails, logic
from boosters.models import Booster, BoosterAnswer, BoosterRound
from certificates.models import Certificate
from courses.models import Enrolment, ModulePage
from quizzes.models import Attempt
from tests.factories import make_quiz, make_user, make_workshop, right_answers

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def move(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() as the test says (what code calls at run time)."""
    moving = Clock()
    monkeypatch.setattr(timezone, "now", moving)
    return moving


@pytest.fixture
def modules(db):
    workshop = make_workshop(modules=2, slug="boost", title="Boost")
    result = []
    for number, module in enumerate(
        ModulePage.objects.child_of(workshop).order_by("path"), 1
    ):
        module.quiz = make_quiz(questions=3, title=f"Quiz {number}", pass_mark=60)
        # Question keys are unique per quiz; in a booster they carry the quiz too.
        module.save_revision().publish()
        result.append(module)
    return result


def pass_quiz(client, module, wrong=()):
    url = f"/modules/{module.pk}/quiz/"
    html = client.get(url).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    answers = right_answers(module.quiz)
    for key in wrong:
        answers[f"q-{key}"] = [f"{key}-a"]
    response = client.post(url, {**answers, "submission": token})
    assert response.status_code == 302
    return Attempt.objects.filter(quiz=module.quiz).latest("pk")


def open_booster(client):
    response = client.get("/boosters/now/")
    assert response.status_code == 200, response
    html = response.content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    booster_round = BoosterRound.objects.get(submission=token)
    return html, booster_round


def booster_answers(booster_round, right=True, certainty=3):
    """POST data for a round: every question right (or wrong), at `certainty`."""
    data = {"submission": booster_round.submission}
    for _quiz_id, question in logic.questions_of(booster_round):
        if right:
            data[f"q-{question.key}"] = sorted(question.correct_keys)
        else:
            wrong = [o.key for o in question.options if not o.correct]
            data[f"q-{question.key}"] = wrong[:1]
        data[f"c-{question.key}"] = str(certainty)
    return data


def test_boosters_come_due_on_the_right_days_and_the_figures_follow(
    clock, modules, participant_client, participant, trainer
):
    first, second = modules
    pass_quiz(participant_client, first)
    passed = Attempt.objects.get(quiz=first.quiz, passed=True).submitted_at
    assert list(
        Booster.objects.filter(user=participant).values_list("step", "due_at")
    ) == [
        (1, passed + timedelta(days=2)),
        (2, passed + timedelta(days=7)),
        (3, passed + timedelta(days=30)),
    ]
    # A second workshop module passed the same day.
    pass_quiz(participant_client, second, wrong=["q1"])
    assert Booster.objects.filter(user=participant).count() == 6

    clock.move(days=1)
    assert not logic.due(participant).exists()
    assert participant_client.get("/boosters/now/").status_code == 302
    assert (
        "Je volgende opfrisser"
        in participant_client.get("/dashboard/").content.decode()
    )

    clock.move(days=1, minutes=1)  # two days after: the first boosters
    assert logic.due(participant).count() == 2
    dashboard = participant_client.get("/dashboard/").content.decode()
    assert "/boosters/now/" in dashboard
    html, booster_round = open_booster(participant_client)
    # Both due modules are in it, with the question answered wrong (q1 of quiz 2).
    quizzes = [quiz_id for quiz_id, _key in booster_round.questions]
    assert set(quizzes) == {first.quiz_id, second.quiz_id} and len(quizzes) == 3
    assert [second.quiz_id, "q1"] in booster_round.questions
    # No answer in the page: only the options' keys and texts.
    assert "correct" not in html and "Over Antwoord" not in html
    # Reloading shows the same booster.
    assert open_booster(participant_client)[1] == booster_round

    response = participant_client.post(
        "/boosters/now/", booster_answers(booster_round, right=True)
    )
    assert response.status_code == 302
    result = participant_client.get(response["Location"]).content.decode()
    assert "3 van 3 vragen goed" in result and "Uitleg" in result
    assert not logic.due(participant).exists()

    clock.move(days=5)  # seven days after: the second boosters, answered wrong
    _html, booster_round = open_booster(participant_client)
    participant_client.post(
        "/boosters/now/", booster_answers(booster_round, right=False, certainty=3)
    )
    clock.move(days=24)  # 31 days after: the last, answered right
    _html, booster_round = open_booster(participant_client)
    participant_client.post("/boosters/now/", booster_answers(booster_round))
    assert not Booster.objects.filter(user=participant, answered_at=None).exists()
    assert participant_client.get("/boosters/now/").status_code == 302

    # What the trainer sees is exactly what the answers give.
    figures = logic.remembering()
    by_age = {}
    for answer in BoosterAnswer.objects.all():
        by_age.setdefault((answer.quiz_id, answer.days_since_pass), []).append(
            answer.correct
        )
    week_of_first = by_age[(first.quiz_id, 7)]
    assert figures[first.quiz_id]["week"].answers == len(week_of_first)
    assert figures[first.quiz_id]["week"].right == 0
    assert (
        figures[first.quiz_id]["month"].right == figures[first.quiz_id]["month"].answers
    )
    assert figures[first.quiz_id]["month"].participants == 1
    # At the end: quiz 1 all right (3 of 3), quiz 2 two of three.
    assert figures[first.quiz_id]["end"].percent == 100
    assert figures[second.quiz_id]["end"].percent == 67
    trainer_client = Client()
    trainer_client.force_login(trainer)
    report = trainer_client.get("/admin/reports/remembering/").content.decode()
    assert "Module 1 van Boost" in report and "Module 2 van Boost" in report
    assert "67%" in report and "100%" in report


def test_booster_answers_change_no_result_progress_or_certificate(
    clock, modules, participant_client, participant
):
    for module in modules:
        pass_quiz(participant_client, module)
    before = (
        list(Attempt.objects.values_list("pk", "score", "passed")),
        list(Enrolment.objects.values_list("percent", "modules_done")),
        list(Certificate.objects.values_list("code", "credential_id")),
    )
    clock.move(days=2, minutes=1)
    _html, booster_round = open_booster(participant_client)
    participant_client.post(
        "/boosters/now/", booster_answers(booster_round, right=False)
    )
    assert BoosterAnswer.objects.count() == 3
    after = (
        list(Attempt.objects.values_list("pk", "score", "passed")),
        list(Enrolment.objects.values_list("percent", "modules_done")),
        list(Certificate.objects.values_list("code", "credential_id")),
    )
    assert after == before


def test_a_second_pass_or_a_quiz_of_no_module_schedules_nothing(
    clock, modules, participant_client, participant
):
    first = modules[0]
    attempt = pass_quiz(participant_client, first)
    logic.schedule_boosters(participant, first.quiz, attempt.submitted_at)
    assert Booster.objects.filter(user=participant).count() == 3
    loose = make_quiz(title="Renewal")
    logic.schedule_boosters(participant, loose, timezone.now())
    assert Booster.objects.filter(user=participant).count() == 3


def test_a_booster_sent_twice_is_answered_once(
    clock, modules, participant_client, participant
):
    pass_quiz(participant_client, modules[0])
    clock.move(days=2, minutes=1)
    _html, booster_round = open_booster(participant_client)
    data = booster_answers(booster_round)
    first = participant_client.post("/boosters/now/", data)
    again = participant_client.post("/boosters/now/", data)
    assert first["Location"] == again["Location"]
    assert BoosterAnswer.objects.count() == 3
    # The same call again (a concurrent request that lost) stores nothing.
    answered, created = logic.answer(
        participant,
        booster_round.submission,
        {f"{q}": [] for q in ()},
        None,
    )
    assert not created and answered.pk == booster_round.pk


def test_bad_booster_forms_give_a_clear_answer(
    clock, modules, participant_client, participant
):
    pass_quiz(participant_client, modules[0])
    clock.move(days=2, minutes=1)
    _html, booster_round = open_booster(participant_client)
    # Nothing answered: the form again with its errors, nothing stored.
    response = participant_client.post(
        "/boosters/now/", {"submission": booster_round.submission}
    )
    assert response.status_code == 200
    assert "Kies een antwoord" in response.content.decode()
    # Without how sure: asked for.
    data = booster_answers(booster_round)
    for name in [k for k in data if k.startswith("c-")]:
        del data[name]
    response = participant_client.post("/boosters/now/", data)
    assert response.status_code == 200 and "hoe zeker" in response.content.decode()
    # An option that is not one: a form error.
    data = booster_answers(booster_round)
    first = next(k for k in data if k.startswith("q-"))
    data[first] = ["nonsense"]
    assert participant_client.post("/boosters/now/", data).status_code == 200
    # A form that is not ours: 400.
    assert (
        participant_client.post("/boosters/now/", {"submission": "x" * 30}).status_code
        == 400
    )
    assert BoosterAnswer.objects.count() == 0


def test_another_participants_booster_is_not_yours(
    clock, modules, participant_client, participant, client
):
    pass_quiz(participant_client, modules[0])
    clock.move(days=2, minutes=1)
    _html, booster_round = open_booster(participant_client)
    participant_client.post("/boosters/now/", booster_answers(booster_round))
    other = make_user("other@example.com", full_name="Iemand Anders")
    client.force_login(other)
    assert client.get(f"/boosters/{booster_round.pk}/").status_code == 404
    assert client.get("/boosters/999999/").status_code == 404
    response = client.post("/boosters/now/", booster_answers(booster_round))
    assert response.status_code == 400


def test_booster_pages_need_login(client):
    for url in ("/boosters/", "/boosters/now/", "/boosters/1/"):
        assert client.get(url).status_code == 302


# The email


def test_one_email_a_day_with_an_unsubscribe_link_that_works_without_login(
    clock, modules, participant_client, participant, client
):
    pass_quiz(participant_client, modules[0])
    pass_quiz(participant_client, modules[1])
    mail.outbox.clear()
    assert emails.send_due() == 0  # nothing due yet
    clock.move(days=2, minutes=1)
    assert emails.send_due() == 1
    assert emails.send_due() == 0  # the job again: nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@example.com"]
    assert "/boosters/now/" in message.body
    unsubscribe = re.search(r"http\S+/boosters/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    path = urlparse(unsubscribe).path
    client.logout()
    page = client.get(path).content.decode()
    assert "Stoppen met de e-mails over opfrissers?" in page
    client.post(path, {"emails": "off"})
    assert not logic.emails_on(participant.pk)
    clock.move(days=5)
    assert emails.send_due() == 0
    client.post(path, {"emails": "on"})
    assert logic.emails_on(participant.pk)
    assert emails.send_due() == 1 and len(mail.outbox) == 2
    # A one-click unsubscribe from a mail client (no CSRF token) works too.
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not logic.emails_on(participant.pk)
    assert client.get("/boosters/unsubscribe/not-a-token/").status_code == 400


def test_the_email_switch_on_the_profile(participant_client, participant):
    profile = participant_client.get("/accounts/profile/").content.decode()
    assert "/boosters/email/" in profile
    participant_client.post("/boosters/email/", {"emails": "off", "next": "profile"})
    assert not logic.emails_on(participant.pk)
    participant_client.post("/boosters/email/", {"emails": "on"})
    assert logic.emails_on(participant.pk)
    assert participant_client.get("/boosters/email/").status_code == 405


def test_finding_whom_to_email_does_not_grow_with_the_participants(clock, modules):
    from quizzes.models import Quiz

    quiz = Quiz.objects.get(title="Quiz 1")

    def participants(count, offset):
        for n in range(count):
            user = make_user(f"p{offset + n}@example.com", full_name=f"P {n}")
            logic.schedule_boosters(user, quiz, timezone.now())

    participants(3, 0)
    clock.move(days=2, minutes=1)
    with CaptureQueriesContext(connection) as few:
        assert emails.send_due() == 3
    clock.move(days=1)
    participants(30, 100)
    clock.move(days=2, minutes=1)
    OutgoingEmail.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        sent = emails.send_due()
    assert sent == 30
    # Finding, marking and queuing: the same queries for 3 and 30 (the emails
    # themselves are sent by one task each: claim, read, mark sent).
    per_email = 3
    assert len(few) - 3 * per_email == len(many) - 30 * per_email


def test_the_boosters_are_in_the_data_export(
    clock, modules, participant_client, participant
):
    pass_quiz(participant_client, modules[0])
    clock.move(days=2, minutes=1)
    _html, booster_round = open_booster(participant_client)
    participant_client.post("/boosters/now/", booster_answers(booster_round))
    data = export_user_data(participant)["boosters"]
    assert len(data["boosters"]) == 3 and data["email_when_due"] is True
    assert len(data["rounds"]) == 1 and len(data["rounds"][0]["answers"]) == 3


def test_the_report_is_for_trainers_only(client, participant):
    client.force_login(participant)
    response = client.get("/admin/reports/remembering/")
    assert response.status_code in (302, 403)


def test_two_booster_email_runs_at_the_same_moment_send_one(
    clock, modules, participant_client, participant, monkeypatch
):
    pass_quiz(participant_client, modules[0])
    clock.move(days=2, minutes=1)
    mail.outbox.clear()
    # Both runs read the participant before either marked the boosters emailed.
    monkeypatch.setattr(logic, "mark_emailed", lambda user_ids, now: 0)
    assert emails.send_due() == 1
    assert emails.send_due() == 0
    assert len(mail.outbox) == 1


def test_a_quiz_with_boosters_only_is_not_deleted(
    clock, modules, participant_client, participant, admin_user
):
    from quizzes.records import participants_with_records

    pass_quiz(participant_client, modules[0])
    quiz = modules[0].quiz
    Attempt.objects.filter(quiz=quiz).delete()  # the attempts gone, boosters kept
    assert participants_with_records([quiz]) == {quiz.pk: 1}
    client = Client()
    client.force_login(admin_user)
    response = client.post(f"/admin/snippets/quizzes/quiz/delete/{quiz.pk}/")
    assert response.status_code == 302
    assert type(quiz).objects.filter(pk=quiz.pk).exists()


def test_a_booster_opened_long_ago_makes_way_for_one_with_what_came_due_since(
    clock, modules, participant_client, participant
):
    pass_quiz(participant_client, modules[0])
    clock.move(days=2, minutes=1)
    _html, first = open_booster(participant_client)
    clock.move(days=5)  # not sent; the 7-day booster came due meanwhile
    _html, second = open_booster(participant_client)
    assert second.pk != first.pk
    assert not BoosterRound.objects.filter(pk=first.pk).exists()
    participant_client.post("/boosters/now/", booster_answers(second))
    assert not logic.due(participant).exists()  # both answered by it


def test_the_booster_email_is_in_the_participants_language(
    clock, modules, participant_client, participant
):
    participant.language = "en"
    participant.save(update_fields=["language"])
    pass_quiz(participant_client, modules[0])
    mail.outbox.clear()
    clock.move(days=2, minutes=1)
    assert emails.send_due() == 1
    (message,) = mail.outbox
    assert message.subject == "A booster is waiting: three questions, two minutes"
    assert "/en/boosters/" in message.body
