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
CHECK_IN_SALT = "courses.session-check-in"  # kept: codes on screens stay valid
CHECK_IN_EARLY = timezone.timedelta(minutes=30)


class SessionClosed(Exception):
    """Registration or cancellation is no longer possible for this session."""


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


def check_in_token(session):
    """A signed token for the QR code in the room; it names its session."""
    return signing.dumps({"session": session.pk}, salt=CHECK_IN_SALT)


def check_in(user, session, token, now=None):
    """Check a registered participant in with the room's QR code. Returns the
    registration, or raises signing.BadSignature / SessionClosed / LookupError."""
    now = now or timezone.now()
    data = signing.loads(token, salt=CHECK_IN_SALT)
    if not isinstance(data, dict) or data.get("session") != session.pk:
        raise signing.BadSignature("token of another session")
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
