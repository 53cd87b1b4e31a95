"""The ten golden tips as a practice: self-assessment, plan, check-ins, reminders."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
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
        logic.week_of(now.date()),
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
