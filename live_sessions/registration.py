"""Live sessions: registering, the waiting list, cancelling, attendance, check-in.

Plain functions without request objects. Registering, cancelling and a trainer's
change lock the session (SELECT ... FOR UPDATE on PostgreSQL; SQLite runs its
transactions IMMEDIATE), so two people can never both get the last seat, and nobody
gets a seat ahead of the waiting list. Whoever moves up from the waiting list, and
everyone whose session a trainer moves or cancels, is emailed after the commit
(emails.py).
"""

from types import SimpleNamespace

from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import Page

from academy.base import translations
from courses.participation import check_finished, touch

from . import emails
from .models import Registration, WorkshopSession

Status = Registration.Status
# A salt of its own: the fixed codes of before (salt "courses.session-check-in") no
# longer check anyone in.
CHECK_IN_SALT = "live_sessions.check-in-code"
CHECK_IN_EARLY = timezone.timedelta(minutes=30)
# The code in the room changes every minute and is taken for three minutes at most
# (at least two after it was replaced): long enough to scan it and press the button,
# too short for a photo of it to check anyone in from home.
CHECK_IN_CODE_SECONDS = 60
CHECK_IN_CODE_STEPS = 3


class AlreadyCancelled(Exception):
    """The registration was cancelled before (a second click, another tab)."""


class SessionClosed(Exception):
    """Registration or cancellation is no longer possible for this session."""


class CheckInCodeExpired(signing.BadSignature):
    """A genuine check-in code of this session, but no longer the one in the room."""


def with_seats(sessions):
    """Annotate sessions with `taken` (registered) and `waiting` counts."""
    return sessions.annotate(
        taken=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


def upcoming(workshop, now=None):
    """The sessions participants can still register for (cancelled ones are not)."""
    now = now or timezone.now()
    return with_seats(
        WorkshopSession.objects.filter(
            page=workshop, starts_at__gt=now, cancelled=False
        )
    ).order_by("starts_at")


def my_upcoming(user, now=None):
    """The participant's registrations (or places on a waiting list) for sessions
    that have not ended yet, soonest first, as light rows for the dashboard: only
    the fields it shows, read in one query without building model objects."""
    now = now or timezone.now()
    rows = (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
            session__ends_at__gte=now,
        )
        .order_by("session__starts_at", "pk")
        .values_list(
            "pk",
            "status",
            "session__starts_at",
            "session__location",
            "session__cancelled",
            "session__page_id",
            "session__page__title",
        )
    )
    return [
        SimpleNamespace(
            pk=pk,
            status=status,
            session=SimpleNamespace(
                starts_at=starts_at,
                location=location,
                cancelled=cancelled,
                # the workshop's title in the language read
                page=SimpleNamespace(
                    pk=page_id,
                    title=translations.shown_title(Page, page_id, title),
                ),
            ),
        )
        for pk, status, starts_at, location, cancelled, page_id, title in rows
    ]


def fill_free_seats(session, now):
    """Give the free seats to the waiting list, first come first served, and email
    each of them after the commit. The caller holds the session's lock. Returns the
    registrations that got a seat."""
    if session.cancelled:
        return []
    taken = Registration.objects.filter(
        session=session, status=Status.REGISTERED
    ).count()
    free = session.seats - taken
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(session=session, status=Status.WAITING)
        .select_related("user", "session__page")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status, registration.changed_at = Status.REGISTERED, now
        registration.sequence += 1
        registration.save(update_fields=["status", "changed_at", "sequence"])
    emails.send_after_commit(promoted, "promoted")
    return promoted


def register(user, session, now=None):
    """A seat, or a place on the waiting list; (registration, changed). Nobody gets
    a seat while someone waits for one: free seats go to the waiting list first."""
    now = now or timezone.now()
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
        if (
            session.cancelled
            or now >= session.registration_deadline
            or now >= session.starts_at
        ):
            raise SessionClosed
        existing = Registration.objects.filter(session=session, user=user).first()
        if existing and existing.status != Status.CANCELLED:
            return existing, False
        fill_free_seats(session, now)
        taken = Registration.objects.filter(
            session=session, status=Status.REGISTERED
        ).count()
        status = Status.REGISTERED if taken < session.seats else Status.WAITING
        if existing:
            existing.status, existing.changed_at = status, now
            existing.created_at = now  # back of the queue
            existing.sequence += 1
            existing.save()
            registration = existing
        else:
            registration = Registration.objects.create(
                session=session,
                user=user,
                status=status,
                created_at=now,
                changed_at=now,
            )
        touch(user, session.page)
    return registration, True


def cancel(registration, now=None):
    """Cancel before the deadline (leaving the waiting list is possible later).
    Returns the registrations that got a seat because of it (emailed after the
    commit); raises AlreadyCancelled when it was cancelled before (checked under
    the session's lock, so of two clicks at once only one cancels)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update().get(
            pk=registration.session_id
        )
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED:
            raise AlreadyCancelled
        had_seat = registration.status == Status.REGISTERED
        if had_seat and now >= session.registration_deadline:
            raise SessionClosed
        registration.status, registration.changed_at = Status.CANCELLED, now
        registration.sequence += 1
        registration.save()
        if not had_seat:
            return []
        return fill_free_seats(session, now)


# What a trainer may change about a session that its participants must hear about.
ANNOUNCED_FIELDS = (
    "starts_at",
    "ends_at",
    "location",
    "meeting_link",
    "cancelled",
    "seats",
)


def to_the_minute(value):
    return value.replace(second=0, microsecond=0) if value else value


def session_changed(session, before, now=None):
    """A trainer saved `session` (published its workshop page); `before` holds the
    stored values of ANNOUNCED_FIELDS. Raised seats go to the waiting list in order;
    a new time or place, a cancellation or its undoing goes to every participant
    (registered and waiting), with an updated invitation (same UID, higher
    SEQUENCE) or a cancellation for those with a seat. Emails leave after the
    commit; nothing changed, nothing sent."""
    now = now or timezone.now()
    if before["ends_at"] < now and session.ends_at < now:
        return  # a correction to a session that is over: nobody plans by it
    moved_in_time = any(
        to_the_minute(before[name]) != to_the_minute(getattr(session, name))
        for name in ("starts_at", "ends_at")
    )
    moved_place = before["location"] != session.location
    new_link = before["meeting_link"] != session.meeting_link
    cancelled = session.cancelled and not before["cancelled"]
    reinstated = before["cancelled"] and not session.cancelled
    more_seats = session.seats > before["seats"]
    if cancelled:
        kind, statuses = "session_cancelled", [Status.REGISTERED, Status.WAITING]
    elif reinstated:
        kind, statuses = "reinstated", [Status.REGISTERED, Status.WAITING]
    elif moved_in_time or moved_place:
        kind, statuses = "changed", [Status.REGISTERED, Status.WAITING]
    elif new_link:  # only those with a seat know the link
        kind, statuses = "changed", [Status.REGISTERED]
    else:
        kind, statuses = None, []
    if kind is None and not more_seats:
        return
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
        promoted = fill_free_seats(session, now) if more_seats or reinstated else []
        if kind is None:
            return
        told = list(
            Registration.objects.filter(session=session, status__in=statuses)
            .exclude(pk__in=[registration.pk for registration in promoted])
            .select_related("user", "session__page")
            .order_by("created_at", "pk")
        )
        with_seat = [r for r in told if r.status == Status.REGISTERED]
        Registration.objects.filter(pk__in=[r.pk for r in with_seat]).update(
            sequence=F("sequence") + 1
        )
        for registration in with_seat:
            registration.sequence += 1
        emails.send_after_commit(told, kind)


def keep_sessions_with_registrations(page):
    """Put back, in the page's unsaved list of sessions, every stored session that
    participants registered for: a draft from before they did, published later,
    must not take their records with it. Returns the sessions put back."""
    related = getattr(page, "_cluster_related_objects", None) or {}
    if page.pk is None or "sessions" not in related:
        return []  # the sessions are read from (and stay in) the database
    present = {session.pk for session in related["sessions"] if session.pk}
    missing = list(
        WorkshopSession.objects.filter(page_id=page.pk, registrations__isnull=False)
        .exclude(pk__in=present)
        .distinct()
    )
    if missing:
        page.sessions.add(*missing)
    return missing


def set_attendance(session, attended_user_ids):
    """The trainer's list: exactly these registered participants attended."""
    attended_user_ids = set(attended_user_ids)
    registrations = list(
        Registration.objects.filter(
            session=session, status=Status.REGISTERED
        ).select_related("user", "session__page")
    )
    for registration in registrations:
        attended = registration.user_id in attended_user_ids
        if registration.attended != attended:
            registration.attended = attended
            registration.save(update_fields=["attended"])
            if attended:
                check_finished(registration.user, session.page)
    return registrations


def check_in_step(now):
    """The number of the minute the code in the room belongs to."""
    return int(now.timestamp()) // CHECK_IN_CODE_SECONDS


def check_in_token(session, now=None):
    """A signed token for the QR code in the room: it names its session and its
    minute, so the code changes every minute (and is the same on every screen)."""
    now = now or timezone.now()
    return signing.Signer(salt=CHECK_IN_SALT).sign_object(
        {"session": session.pk, "step": check_in_step(now)}
    )


def check_in(user, session, token, now=None):
    """Check a registered participant in with the room's QR code. Returns the
    registration, or raises signing.BadSignature (CheckInCodeExpired for a code
    that was in the room but is too old) / SessionClosed / LookupError."""
    now = now or timezone.now()
    data = signing.Signer(salt=CHECK_IN_SALT).unsign_object(token)
    if not isinstance(data, dict) or data.get("session") != session.pk:
        raise signing.BadSignature("token of another session")
    step = data.get("step")
    if not isinstance(step, int) or not (
        0 <= check_in_step(now) - step < CHECK_IN_CODE_STEPS
    ):
        raise CheckInCodeExpired("an old check-in code")
    if session.cancelled or not (
        session.starts_at - CHECK_IN_EARLY <= now <= session.ends_at
    ):
        raise SessionClosed
    registration = Registration.objects.filter(
        session=session, user=user, status=Status.REGISTERED
    ).first()
    if registration is None:
        raise LookupError("not registered")
    if not registration.attended:
        registration.attended = True
        registration.checked_in_at = now
        registration.save(update_fields=["attended", "checked_in_at"])
        check_finished(user, session.page)
    return registration
