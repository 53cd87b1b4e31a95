"""Live sessions: registering, the waiting list, cancelling, attendance, check-in.

Plain functions without request objects. Registering and cancelling lock the session
(SELECT ... FOR UPDATE on PostgreSQL; SQLite runs its transactions IMMEDIATE), so two
people can never both get the last seat.
"""

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from courses.participation import check_finished, touch

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
    now = now or timezone.now()
    return with_seats(
        WorkshopSession.objects.filter(page=workshop, starts_at__gt=now)
    ).order_by("starts_at")


def register(user, session, now=None):
    """A seat, or a place on the waiting list; (registration, changed)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
        if now >= session.registration_deadline or now >= session.starts_at:
            raise SessionClosed
        existing = Registration.objects.filter(session=session, user=user).first()
        if existing and existing.status != Status.CANCELLED:
            return existing, False
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
    """Cancel before the deadline; returns the registration that got the seat."""
    now = now or timezone.now()
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update().get(
            pk=registration.session_id
        )
        registration.refresh_from_db()
        if registration.status == Status.CANCELLED:
            return None
        had_seat = registration.status == Status.REGISTERED
        if had_seat and now >= session.registration_deadline:
            raise SessionClosed
        registration.status, registration.changed_at = Status.CANCELLED, now
        registration.sequence += 1
        registration.save()
        if not had_seat:
            return None
        first_waiting = (
            Registration.objects.filter(session=session, status=Status.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if first_waiting:
            first_waiting.status, first_waiting.changed_at = Status.REGISTERED, now
            first_waiting.sequence += 1
            first_waiting.save()
        return first_waiting


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
    if not (session.starts_at - CHECK_IN_EARLY <= now <= session.ends_at):
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
