"""What live sessions add to the apps below: the attendance requirement for
finishing a workshop, the session columns of the progress report, their part of the
data export, and the cache versions their changes start. Connected in apps.py."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from academy.base import caching, privacy
from academy.base.caching import bump_seats_version
from courses import (
    dependent_records,
    page_extensions,
    progress_store,
    report_columns,
    requirements,
)
from courses.models import WorkshopPage

from .models import Registration, WorkshopSession
from .registration import (
    ANNOUNCED_FIELDS,
    keep_sessions_with_registrations,
    session_changed,
    upcoming,
)

ATTENDANCE = "attendance"


def attendance_applies(workshop):
    return bool(getattr(workshop, "require_attendance", False))


def attended_workshops(user, workshop_ids):
    """Of these workshops, those where `user` attended a session (one query)."""
    return set(
        Registration.objects.filter(
            user=user, attended=True, session__page__in=workshop_ids
        ).values_list("session__page_id", flat=True)
    )


def attended_expression():
    return Exists(
        Registration.objects.filter(
            user=OuterRef("user"), session__page=OuterRef("workshop"), attended=True
        )
    )


def attended_column():
    """The report's "Attended" column: a scalar subquery, probed through the user
    index for each row of the page (as an EXISTS in the select list PostgreSQL reads
    every registration into a hash instead, found by `make bench-explain`)."""
    from django.db.models import BooleanField, Subquery, Value
    from django.db.models.functions import Coalesce

    return Coalesce(
        Subquery(
            Registration.objects.filter(
                user=OuterRef("user"), session__page=OuterRef("workshop"), attended=True
            ).values("attended")[:1]
        ),
        Value(False),
        output_field=BooleanField(),
    )


def attendance_met_expression():
    """For the reports: the workshop asks for no attendance, or it happened."""
    return Q(workshop__require_attendance=False) | Q(attended_expression())


def session_starts_column():
    from django.db.models import Subquery

    return Subquery(
        Registration.objects.filter(
            user=OuterRef("user"),
            session__page=OuterRef("workshop"),
            status=Registration.Status.REGISTERED,
        )
        .order_by("-session__starts_at")
        .values("session__starts_at")[:1]
    )


def show_time(value):
    return date_format(localtime(value), "j M Y H:i") if value else "—"


def export_registrations(user):
    return [
        {
            "workshop": r.session.page.title,
            "starts_at": r.session.starts_at.isoformat(),
            "ends_at": r.session.ends_at.isoformat(),
            "place": r.session.location or "online",
            "status": r.status,
            "registered_at": r.created_at.isoformat(),
            "changed_at": r.changed_at.isoformat(),
            "attended": r.attended,
            "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
        }
        for r in Registration.objects.filter(user=user)
        .select_related("session__page")
        .order_by("session__starts_at")
    ]


def sessions_panel(request, workshop, progress):
    """The upcoming sessions with seats left, and the visitor's own registration."""
    sessions = list(upcoming(workshop))
    mine = {}
    if request.user.is_authenticated and sessions:
        mine = {
            r.session_id: r
            for r in Registration.objects.filter(
                user=request.user, session__in=sessions
            )
        }
    for session in sessions:
        session.seats_left = max(session.seats - session.taken, 0)
        session.my_registration = mine.get(session.pk)
    return {"sessions": sessions}


def remember_stored_session(sender, instance, raw=False, **kwargs):
    """Before a session is saved: what participants were told so far."""
    if raw or instance.pk is None:
        return
    instance._announced_before = (
        WorkshopSession.objects.filter(pk=instance.pk).values(*ANNOUNCED_FIELDS).first()
    )


def announce_session_changes(sender, instance, created, raw=False, **kwargs):
    """After a session is saved (its workshop page published): raised seats go to
    the waiting list, a new time or place or a cancellation to the participants."""
    before = instance.__dict__.pop("_announced_before", None)
    if raw or created or before is None:
        return
    session_changed(instance, before)


def keep_registered_sessions(sender, instance, raw=False, **kwargs):
    """A workshop page saved (published) without a session that participants
    registered for keeps that session: records are never deleted with content."""
    if not raw:
        keep_sessions_with_registrations(instance)


def attendance_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    """An attendance recorded, taken back or deleted: the participant's stored
    progress (finished or not) follows (courses.progress_store)."""
    if raw or (update_fields is not None and "attended" not in update_fields):
        return
    progress_store.requirement_changed(instance.user_id)


def registered_users(page_ids):
    """Who has a registration (any status) on a session of these workshops."""
    return Registration.objects.filter(session__page_id__in=page_ids).values_list(
        "user_id", flat=True
    )


def connect():
    # A workshop with registrations is not deleted (its sessions PROTECT them).
    dependent_records.register(
        dependent_records.PAGES,
        "session_registrations",
        _("session registrations"),
        registered_users,
    )
    page_extensions.register(
        page_extensions.WorkshopPanel(
            slot="main",
            template="live_sessions/includes/sessions.html",
            context=sessions_panel,
        )
    )
    requirements.register(
        requirements.Requirement(
            key=ATTENDANCE,
            applies=attendance_applies,
            met=attended_workshops,
            met_expression=attendance_met_expression,
        )
    )
    for column in (
        report_columns.ReportColumn(
            name="session_starts_at",
            heading=_("Session"),
            annotation=session_starts_column,
            display=show_time,  # exported as a local time, like every report's times
            order=10,
        ),
        report_columns.ReportColumn(
            name="attended_session",
            heading=_("Attended"),
            annotation=attended_column,
            display=lambda attended: "✓" if attended else "—",
            order=20,
        ),
    ):
        report_columns.register(column)
    privacy.register(
        "session_registrations", export_registrations, ["live_sessions.Registration"]
    )
    pre_save.connect(
        remember_stored_session,
        sender=WorkshopSession,
        dispatch_uid="live-sessions-remember-stored",
    )
    post_save.connect(
        announce_session_changes,
        sender=WorkshopSession,
        dispatch_uid="live-sessions-announce-changes",
    )
    pre_save.connect(
        keep_registered_sessions,
        sender=WorkshopPage,
        dispatch_uid="live-sessions-keep-registered-sessions",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            attendance_changed,
            sender=Registration,
            dispatch_uid=f"live-sessions-progress-{id(signal)}",
        )
    # Sessions are shown on the workshop pages; seats on the session lists.
    caching.connect_model(WorkshopSession)
    for signal in (post_save, post_delete):
        signal.connect(
            bump_seats_version,
            sender=Registration,
            dispatch_uid=f"live-sessions-seats-{id(signal)}",
        )
