"""Calendar files (RFC 5545) of session registrations, read back with icalendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from live_sessions import registration as sessions
from live_sessions.calendar import session_ics
from live_sessions.models import Registration
from tests.factories import make_user, make_workshop
from tests.live_sessions.test_sessions import make_session

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def only_event(text):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_a_name_with_a_comma_semicolon_and_colon_survives_the_calendar_file():
    name = 'de Vries, Anna; "Ank": office manager'
    user = make_user("anna@example.com", full_name=name)
    session = make_session(make_workshop(modules=1))
    registration, _changed = sessions.register(user, session)

    text = session_ics(registration, "academy.example.com", "noreply@example.com")

    _calendar, event = only_event(text)
    attendee = event["ATTENDEE"]
    assert attendee.params["CN"] == name
    assert str(attendee) == "mailto:anna@example.com"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_the_invitation_keeps_everything_a_calendar_needs(participant):
    workshop = make_workshop(modules=1)
    start = datetime(2031, 7, 3, 9, 30, tzinfo=AMSTERDAM)  # summer time: +02:00
    session = make_session(
        workshop,
        starts_at=start,
        ends_at=start.replace(hour=12),
        registration_deadline=start.replace(day=1),
        location="De Schakel, Utrecht",
    )
    registration, _changed = sessions.register(participant, session)
    registration.sequence = 3

    calendar, event = only_event(
        session_ics(registration, "academy.example.com", "noreply@example.com")
    )

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Amsterdam"
    assert {c.name for c in timezone.subcomponents} == {"DAYLIGHT", "STANDARD"}
    assert (
        event["UID"]
        == f"session-{session.pk}-registration-{registration.pk}@academy.example.com"
    )
    assert event["SEQUENCE"] == 3
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTSTART"].dt == start
    assert event["DTEND"].dt == start.replace(hour=12)
    assert event["DTSTART"].to_ical() == b"20310703T093000"
    assert str(event["LOCATION"]) == "De Schakel, Utrecht"
    assert str(event["SUMMARY"]) == "LinkedIn"
    assert str(event["ORGANIZER"]) == "mailto:noreply@example.com"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTAMP"].dt.utcoffset().total_seconds() == 0


def test_online_sessions_carry_the_link_only_for_a_seat(participant):
    session = make_session(make_workshop(modules=1), seats=1, online=True)
    registration, _changed = sessions.register(participant, session)
    waiting, _changed = sessions.register(make_user("wacht@example.com"), session)
    assert waiting.status == Registration.Status.WAITING

    _calendar, event = only_event(session_ics(registration, "a.example", "n@a.example"))
    assert str(event["LOCATION"]) == "https://meet.example.com/om"
    assert "https://meet.example.com/om" in str(event["DESCRIPTION"])
    waiting_text = session_ics(waiting, "a.example", "n@a.example")
    assert "meet.example.com" not in waiting_text


def test_a_cancelled_registration_gives_a_cancellation_with_the_same_uid(participant):
    session = make_session(make_workshop(modules=1))
    registration, _changed = sessions.register(participant, session)
    _calendar, invitation = only_event(session_ics(registration, "a.example", "n@a"))
    sessions.cancel(registration)
    registration.refresh_from_db()

    calendar, cancellation = only_event(session_ics(registration, "a.example", "n@a"))

    assert calendar["METHOD"] == "CANCEL"
    assert str(cancellation["STATUS"]) == "CANCELLED"
    assert cancellation["UID"] == invitation["UID"]
    assert cancellation["SEQUENCE"] > invitation["SEQUENCE"]
