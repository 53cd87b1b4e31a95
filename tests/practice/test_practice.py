"""The ten golden tips as a practice: self-assessment, plan, check-ins, reminders."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from courses import participation
from practice import logic
from practice.models import CheckIn, PlanItem, Rating
from tests.factories import make_tips_page, make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def tips():
    return list(make_tips_page(tips=4).tips.order_by("sort_order"))


def assessment_data(tips, rating=2):
    return {f"rating-{tip.pk}": str(rating) for tip in tips} | {
        f"note-{tips[0].pk}": "Alleen voor mij"
    }


def plan_data(tips, count=2):
    data = {}
    for tip in tips[:count]:
        data[f"chosen-{tip.pk}"] = "on"
        data[f"action-{tip.pk}"] = f"Actie voor {tip.title}"
    return data


def test_week_of_is_monday():
    assert logic.week_of(date(2026, 11, 27)) == date(2026, 11, 23)  # a Friday


def test_tips_page_invites_to_log_in_or_to_start(client, participant, tips):
    assert "Inloggen om te beginnen" in client.get("/tips/").content.decode()
    client.force_login(participant)
    assert "/practice/assessment/" in client.get("/tips/").content.decode()


def test_self_assessment_plan_and_check_in(participant_client, participant, tips):
    response = participant_client.post("/practice/assessment/", assessment_data(tips))
    assert response.status_code == 302 and response.url == "/practice/plan/"
    assert Rating.objects.filter(user=participant).count() == 4

    form = participant_client.get("/practice/plan/").content.decode()
    assert 'value="Actie 1"' in form  # the tip's "try this week" is suggested
    participant_client.post("/practice/plan/", plan_data(tips))
    assert PlanItem.objects.filter(user=participant).count() == 2

    html = participant_client.get("/dashboard/").content.decode()
    assert "2 van 2 stappen klaar" in html and "Je check-in voor deze week" in html

    week = logic.week_of(timezone.localdate())
    data = {"week": week.isoformat()}
    for tip in tips[:2]:
        data[f"did-{tip.pk}"] = "1"
        data[f"reflection-{tip.pk}"] = "Ging goed"
        data[f"rating-{tip.pk}"] = "4"
    response = participant_client.post("/practice/check-in/", data)
    assert response.status_code == 302
    assert CheckIn.objects.filter(user=participant).count() == 1

    html = participant_client.get("/dashboard/").content.decode()
    assert "1 check-in gedaan" in html and "(+2)" in html  # 2 -> 4
    assert "rating-chart" in html


def test_the_dashboard_card_follows_every_step_and_is_personal(
    participant_client, participant, tips, client
):
    """The card is cached per participant; each step makes a new one."""
    assert (
        "0 van 2 stappen klaar"
        in participant_client.get("/dashboard/").content.decode()
    )
    participant_client.post("/practice/assessment/", assessment_data(tips))
    assert (
        "1 van 2 stappen klaar"
        in participant_client.get("/dashboard/").content.decode()
    )
    participant_client.post("/practice/plan/", plan_data(tips))
    assert (
        "2 van 2 stappen klaar"
        in participant_client.get("/dashboard/").content.decode()
    )

    other = make_user("kees@example.com")
    client.force_login(other)
    assert "0 van 2 stappen klaar" in client.get("/dashboard/").content.decode()


def test_a_rating_out_of_range_stores_nothing(participant_client, tips):
    data = assessment_data(tips)
    data[f"rating-{tips[0].pk}"] = "9"
    response = participant_client.post("/practice/assessment/", data)
    assert response.status_code == 200
    assert not Rating.objects.exists()


def test_a_fourth_tip_is_refused(participant_client, tips):
    response = participant_client.post("/practice/plan/", plan_data(tips, count=4))
    assert response.status_code == 200
    assert "hoogstens drie" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_check_in_once_a_week_and_not_ahead(participant_client, participant, tips):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    week = logic.week_of(timezone.localdate())
    answers = {f"did-{tips[0].pk}": "0"}
    future = participant_client.post(
        "/practice/check-in/",
        {"week": (week + timedelta(days=7)).isoformat(), **answers},
    )
    assert future.status_code == 400 and not CheckIn.objects.exists()
    participant_client.post(
        "/practice/check-in/", {"week": week.isoformat(), **answers}
    )
    again = participant_client.post(
        "/practice/check-in/", {"week": week.isoformat(), **answers}
    )
    assert again.status_code in (200, 400)
    assert CheckIn.objects.count() == 1


def test_the_plan_is_the_participants_own(client, participant, tips):
    logic.save_plan(participant, {tips[0].pk: "Sannes eigen actie"})
    other = make_user("ander@example.com")
    client.force_login(other)
    html = client.get("/practice/plan/").content.decode()
    assert "Sannes eigen actie" not in html
    client.post("/practice/plan/", plan_data(tips, count=1))
    assert PlanItem.objects.get(user=participant).action == "Sannes eigen actie"


def test_practice_pages_need_login(client):
    for url in ("/practice/assessment/", "/practice/plan/", "/practice/check-in/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_reminders_once_a_week_with_a_working_unsubscribe(
    client, participant, tips, mailoutbox
):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    made_plan_days_ago(participant, 7)
    call_command("send_checkin_reminders", stdout=io.StringIO())
    call_command("send_checkin_reminders", stdout=io.StringIO())  # same day
    assert len(mailoutbox) == 1
    link = re.search(
        r"http://testserver(/practice/unsubscribe/\S+/)", mailoutbox[0].body
    )
    assert client.get(link.group(1)).status_code == 200  # no login needed
    client.post(link.group(1))

    participant_settings = logic.due_for_reminder(
        timezone.localdate() + timedelta(days=8)
    )
    assert participant not in list(participant_settings)
    assert client.get("/practice/unsubscribe/forged-token/").status_code == 400


def test_no_reminder_after_this_weeks_check_in(participant, tips, mailoutbox):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    logic.save_check_in(
        participant,
        logic.week_of(timezone.localdate()),
        {tips[0].pk: (True, "")},
        {},
        timezone.now(),
    )
    call_command("send_checkin_reminders", stdout=io.StringIO())
    assert mailoutbox == []


def test_cohort_report_without_private_notes(trainer_client, participant, tips):
    workshop = make_workshop(modules=1)
    participation.enrol(participant, workshop)
    now = timezone.now()
    logic.save_assessment(
        participant, {t.pk: (2, "GEHEIM") for t in tips}, now - timedelta(days=8)
    )
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    logic.save_check_in(
        participant,
        logic.week_of(timezone.localdate(now)),
        {tips[0].pk: (True, "")},
        {tips[0].pk: 5},
        now,
    )
    response = trainer_client.get("/admin/reports/tips-practice/")
    html = response.content.decode()
    assert "GEHEIM" not in html
    response = trainer_client.get("/admin/reports/tips-practice/", {"export": "csv"})
    rows = b"".join(response.streaming_content).decode().splitlines()
    first = rows[1].split(",")
    assert first[:4] == ["LinkedIn", "1", "1", "1"]  # participants, plan, checking in
    assert first[-1] == "3.0"  # 2 -> 5 for the first tip


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_cohort_report_is_for_trainers_only(client, participant, who):
    if who == "participant":
        client.force_login(participant)
    for url in (
        "/admin/reports/tips-practice/",
        "/admin/reports/tips-practice/?export=csv",
    ):
        assert client.get(url).status_code in (302, 403)


def test_unsubscribing_a_deleted_account_is_harmless(client, participant):
    token = logic.unsubscribe_token(participant)
    participant.delete()
    response = client.post(f"/practice/unsubscribe/{token}/")
    assert response.status_code == 200


def test_check_in_early_on_monday_counts_for_the_new_week(participant, tips, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    logic.save_plan(participant, {tips[0].pk: "Doen"})
    monday_night = datetime(2026, 11, 30, 0, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    check_in = logic.save_check_in(
        participant, date(2026, 11, 30), {tips[0].pk: (True, "")}, {}, monday_night
    )
    assert check_in.week == date(2026, 11, 30)


def made_plan_days_ago(user, days):
    PlanItem.objects.filter(user=user).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def send_reminders():
    call_command("send_checkin_reminders", stdout=io.StringIO())


def test_the_first_reminder_comes_a_week_after_the_plan(participant, tips, mailoutbox):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    send_reminders()  # the day the plan is made: the participant knows already
    assert mailoutbox == []
    made_plan_days_ago(participant, 6)
    send_reminders()
    assert mailoutbox == []
    made_plan_days_ago(participant, 7)
    send_reminders()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [participant.email]


def test_a_new_plan_keeps_the_weekly_reminders_of_someone_who_checks_in(
    participant, tips, mailoutbox
):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    last_week = logic.week_of(timezone.localdate()) - timedelta(days=7)
    CheckIn.objects.create(user=participant, week=last_week)
    logic.save_plan(participant, {tips[1].pk: "Iets nieuws"})  # a new tip, today
    assert participant in logic.due_for_reminder(timezone.localdate())


def test_an_unsubscribed_participant_turns_reminders_on_again(
    client, participant, tips
):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    made_plan_days_ago(participant, 7)
    today = timezone.localdate()
    logic.unsubscribe(participant.pk)
    assert participant not in logic.due_for_reminder(today)

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(participant)
    html = csrf_client.get("/dashboard/").content.decode()
    assert "Je krijgt geen herinneringen" in html  # the card says they are off
    form = re.search(
        r'<form method="post" action="(/practice/reminders/)"[^>]*>(.*?)</form>',
        html,
        re.S,
    )
    assert form and 'name="reminders" value="on"' in form.group(2)
    assert csrf_client.post(form.group(1), {"reminders": "on"}).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2))
    response = csrf_client.post(
        form.group(1), {"reminders": "on", "csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 302
    assert participant in logic.due_for_reminder(today)
    html = csrf_client.get(response.url).content.decode()
    assert "Je krijgt elke week een herinnering" in html
    assert 'name="reminders" value="off"' in html  # and can turn them off here too


def test_reminders_turn_on_again_from_the_unsubscribe_page(client, participant, tips):
    logic.save_plan(participant, {tips[0].pk: "Doen"})
    made_plan_days_ago(participant, 7)
    url = f"/practice/unsubscribe/{logic.unsubscribe_token(participant)}/"
    html = client.post(url).content.decode()
    assert participant not in logic.due_for_reminder(timezone.localdate())
    assert 'name="reminders" value="on"' in html  # changed their mind?
    assert "Je krijgt geen herinneringen" in client.get(url).content.decode()
    html = client.post(url, {"reminders": "on"}).content.decode()
    assert participant in logic.due_for_reminder(timezone.localdate())
    assert "Je krijgt elke week een herinnering" in html
    html = client.get(url).content.decode()
    assert "Stoppen met de wekelijkse herinneringen?" in html  # on: ask again


def test_the_reminders_switch_needs_login_and_post(participant_client):
    response = Client().post("/practice/reminders/", {"reminders": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert participant_client.get("/practice/reminders/").status_code == 405
    response = participant_client.post("/practice/reminders/", {"reminders": "x"})
    assert response.status_code == 400


def test_two_reminder_runs_at_the_same_moment_send_one_reminder(
    participant, tips, mailoutbox, monkeypatch
):
    """Both runs find the participant due before either has marked them reminded
    (two beats, or a run and a manual one): the email's key (participant, week)
    sends it once. Before the outbox, both sent."""
    from practice import reminders

    logic.save_plan(participant, {tips[0].pk: "Doen"})
    made_plan_days_ago(participant, 7)
    monkeypatch.setattr(logic, "mark_reminded", lambda user, today: None)
    assert reminders.send_due() == 1
    assert reminders.send_due() == 0
    assert len(mailoutbox) == 1


def test_the_reminder_is_in_each_participants_language(participant, tips, mailoutbox):
    english = make_user("pat@example.com", full_name="Pat Smith", language="en")
    for user in (participant, english):
        logic.save_plan(user, {tips[0].pk: "Doen"})
        made_plan_days_ago(user, 7)
    call_command("send_checkin_reminders", stdout=io.StringIO())
    sent = {message.to[0]: message for message in mailoutbox}
    assert sent["pat@example.com"].subject == (
        "Your weekly check-in on the ten golden tips"
    )
    assert "/en/practice/check-in/" in sent["pat@example.com"].body
    dutch = sent[participant.email]
    assert dutch.subject != sent["pat@example.com"].subject
    assert "/en/" not in dutch.body
