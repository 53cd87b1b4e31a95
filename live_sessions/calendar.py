"""iCalendar (RFC 5545) invitations and cancellations for session registrations.

Written with the icalendar library, which escapes text, quotes parameter values (a
participant called "de Vries, Anna") and folds long lines."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
)

from .models import Registration

TIME_ZONE = "Europe/Amsterdam"
PRODID = "-//Office Manager 2.0 Academy//Sessions//NL"


def amsterdam_timezone():
    """The Europe/Amsterdam rules (CET/CEST), so calendar programs need no lookup."""
    zone = Timezone()
    zone.add("tzid", TIME_ZONE)
    for part, name, offset_from, offset_to, start, month in (
        (TimezoneDaylight(), "CEST", 1, 2, datetime(1970, 3, 29, 2), 3),
        (TimezoneStandard(), "CET", 2, 1, datetime(1970, 10, 25, 3), 10),
    ):
        part.add("tzoffsetfrom", timedelta(hours=offset_from))
        part.add("tzoffsetto", timedelta(hours=offset_to))
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def is_cancellation(registration):
    """A cancelled registration, or a cancelled session, takes the event away."""
    return (
        registration.status == Registration.Status.CANCELLED
        or registration.session.cancelled
    )


def session_ics(registration, domain, organiser_email, now=None, workshop=None):
    """An invitation (METHOD:REQUEST) or, for a cancelled registration or session, a
    cancellation (METHOD:CANCEL) with the same UID, as text. `workshop`: the
    session's workshop as the participant reads it (its own by default)."""
    now = now or timezone.now()
    session = registration.session
    workshop = workshop or session.page
    cancelled = is_cancellation(registration)
    has_seat = registration.status == Registration.Status.REGISTERED
    where = session.location or (session.meeting_link if has_seat else "Online")
    description = workshop.summary
    if session.meeting_link and has_seat:
        description += f"\n\n{session.meeting_link}"
    amsterdam = ZoneInfo(TIME_ZONE)

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(amsterdam_timezone())

    event = Event()
    event.add("uid", f"session-{session.pk}-registration-{registration.pk}@{domain}")
    event.add("dtstamp", now.astimezone(UTC).replace(microsecond=0))
    event.add("sequence", registration.sequence)
    event.add("dtstart", session.starts_at.astimezone(amsterdam).replace(microsecond=0))
    event.add("dtend", session.ends_at.astimezone(amsterdam).replace(microsecond=0))
    event.add("summary", workshop.title)
    event.add("location", where)
    event.add("description", description)
    event.add("organizer", vCalAddress(f"mailto:{organiser_email}"))
    attendee = vCalAddress(f"mailto:{registration.user.email}")
    attendee.params["CN"] = registration.user.get_full_name()
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    event.add("attendee", attendee)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
