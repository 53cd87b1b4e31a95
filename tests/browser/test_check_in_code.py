"""The check-in QR code on the trainer's attendance page renews itself in Chromium
(a script file of the site, under its Content Security Policy), and only the current
code checks a participant in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from live_sessions import registration
from live_sessions.models import Registration, WorkshopSession
from tests.factories import PASSWORD, make_workshop

from .helpers import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_attendance_page_keeps_showing_the_current_code(
    trainer, participant, new_context, monkeypatch
):
    start = timezone.now() - timedelta(minutes=5)
    session = WorkshopSession.objects.create(
        page=make_workshop(modules=1),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="De Schakel, Utrecht",
        seats=10,
        registration_deadline=start - timedelta(days=1),
    )
    Registration.objects.create(session=session, user=participant)
    minute = {"now": 1_000}  # the code's minute, moved on by the test
    monkeypatch.setattr(registration, "check_in_step", lambda now: minute["now"])

    room = new_context().new_page()
    room.clock.install()
    log_in(
        room, trainer.email, PASSWORD, next_url=f"/sessions/{session.pk}/attendance/"
    )
    link = room.locator("[data-check-in-link]")
    first_link = link.get_attribute("href")
    first_code = room.locator(".check-in-qr__code").inner_html()

    minute["now"] += 5
    room.clock.fast_forward(25_000)

    expect(link).not_to_have_attribute("href", first_link)
    assert room.locator(".check-in-qr__code svg").count() == 1
    assert room.locator(".check-in-qr__code").inner_html() != first_code

    phone = new_context().new_page()
    log_in(phone, participant.email, PASSWORD)
    phone.goto(first_link)  # a photo of the code from five minutes ago
    phone.get_by_role("button", name="Ik ben er").click()
    expect(phone.get_by_role("alert")).to_contain_text("verlopen")
    assert not Registration.objects.get().attended

    phone.goto(link.get_attribute("href"))
    phone.get_by_role("button", name="Ik ben er").click()
    expect(phone.get_by_text("Je bent ingecheckt")).to_be_visible()
    assert Registration.objects.get().attended
