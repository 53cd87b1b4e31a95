"""The check-in code shown in the room changes every minute: a photo of it is
useless a few minutes later."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from live_sessions import registration as sessions
from live_sessions.models import Registration, WorkshopSession
from tests.factories import make_workshop
from tests.live_sessions.test_sessions import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_session(participant):
    """A session that started ten minutes ago, with the participant registered."""
    session = make_session(make_workshop(modules=1))
    WorkshopSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        registration_deadline=timezone.now() - timedelta(days=1),
    )
    session.refresh_from_db()
    Registration.objects.create(session=session, user=participant)
    return session


def test_a_photo_of_the_code_is_refused_a_few_minutes_later(
    participant, running_session
):
    shown_at = running_session.starts_at + timedelta(minutes=1)
    photo = sessions.check_in_token(running_session, now=shown_at)

    with pytest.raises(sessions.CheckInCodeExpired):
        sessions.check_in(
            participant, running_session, photo, now=shown_at + timedelta(minutes=4)
        )
    assert not Registration.objects.get().attended

    later = shown_at + timedelta(minutes=4)
    current = sessions.check_in_token(running_session, now=later)
    assert current != photo
    sessions.check_in(participant, running_session, current, now=later)
    assert Registration.objects.get().attended


def test_a_code_stays_valid_long_enough_to_scan_it(participant, running_session):
    minute = running_session.starts_at.replace(second=0, microsecond=0)
    shown_at = minute + timedelta(seconds=59)
    token = sessions.check_in_token(running_session, now=shown_at)
    # The same code all minute long, for every screen in the room.
    assert token == sessions.check_in_token(running_session, now=minute)
    sessions.check_in(
        participant, running_session, token, now=shown_at + timedelta(minutes=2)
    )
    assert Registration.objects.get().attended


def test_a_code_without_a_time_is_refused(participant, running_session):
    """The old, fixed code of a session no longer checks anyone in."""
    fixed = signing.dumps(
        {"session": running_session.pk}, salt="courses.session-check-in"
    )
    with pytest.raises(signing.BadSignature):
        sessions.check_in(participant, running_session, fixed)
    assert not Registration.objects.get().attended


def test_an_expired_code_tells_the_participant_to_scan_again(
    participant_client, running_session
):
    old = sessions.check_in_token(
        running_session, now=timezone.now() - timedelta(minutes=5)
    )
    response = participant_client.post(
        f"/sessions/{running_session.pk}/check-in/", {"token": old}
    )
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()  # "expired"
    assert not Registration.objects.get().attended


def test_the_attendance_page_renews_its_code(
    trainer_client, participant, running_session
):
    url = f"/sessions/{running_session.pk}/attendance/"
    html = trainer_client.get(url).content.decode()
    assert "<svg" in html
    # Renewed by a script file of the site (the CSP allows no inline script).
    assert re.search(r'<script src="/static/live_sessions/[\w.-]+\.js"', html)
    assert "<script>" not in html
    refresh = re.search(r'data-check-in-code="([^"]+)"', html)[1]

    renewed = trainer_client.get(refresh)

    assert renewed.status_code == 200
    assert renewed["Cache-Control"].startswith("max-age=0")
    data = json.loads(renewed.content)
    assert data["svg"].startswith("<svg") and "/check-in/?token=" in data["url"]
    scanner = Client()
    scanner.force_login(participant)
    response = scanner.post(data["url"].split("testserver")[1])
    assert response.status_code == 302
    assert Registration.objects.get().attended


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_only_trainers_get_the_code(client, participant, running_session, who):
    if who == "participant":
        client.force_login(participant)
    response = client.get(f"/sessions/{running_session.pk}/attendance/code/")
    assert response.status_code in (302, 403)
    assert b"token" not in response.content
