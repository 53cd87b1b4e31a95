"""iCalendar (RFC 5545) invitations and cancellations for session registrations."""

from django.utils import timezone

from .models import Registration

TIME_ZONE = "Europe/Amsterdam"
# The Europe/Amsterdam rules (CET/CEST), so calendar programs need no lookup.
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TIME_ZONE}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text):
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def utc(value):
    return timezone.localtime(value, timezone.get_fixed_timezone(0)).strftime(
        "%Y%m%dT%H%M%SZ"
    )


def amsterdam(value):
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(TIME_ZONE)).strftime("%Y%m%dT%H%M%S")


def session_ics(registration, domain, organiser_email, now=None):
    """An invitation (METHOD:REQUEST) or, for a cancelled registration, a
    cancellation (METHOD:CANCEL) with the same UID, as text."""
    now = now or timezone.now()
    session = registration.session
    cancelled = registration.status == Registration.Status.CANCELLED
    has_seat = registration.status == Registration.Status.REGISTERED
    where = session.location or (session.meeting_link if has_seat else "Online")
    description = session.page.summary
    if session.meeting_link and has_seat:
        description += f"\n\n{session.meeting_link}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Office Manager 2.0 Academy//Sessions//NL",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}-registration-{registration.pk}@{domain}",
        f"DTSTAMP:{utc(now)}",
        f"SEQUENCE:{registration.sequence}",
        f"DTSTART;TZID={TIME_ZONE}:{amsterdam(session.starts_at)}",
        f"DTEND;TZID={TIME_ZONE}:{amsterdam(session.ends_at)}",
        f"SUMMARY:{escape(session.page.title)}",
        f"LOCATION:{escape(where)}",
        f"DESCRIPTION:{escape(description)}",
        f"ORGANIZER:mailto:{organiser_email}",
        f"ATTENDEE;CN={escape(registration.user.get_full_name())};ROLE=REQ-PARTICIPANT"
        f":mailto:{registration.user.email}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
