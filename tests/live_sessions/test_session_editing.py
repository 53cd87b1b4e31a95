"""A trainer changes the sessions of a workshop in its page editor: participants'
records stay, and participants hear about every change that concerns them."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.models import WorkshopPage
from live_sessions import registration as sessions
from live_sessions.emails import calendar_text
from live_sessions.models import Registration, WorkshopSession
from tests.factories import make_user, make_workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2031, 3, 4, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def workshop():
    return make_workshop(modules=1)


@pytest.fixture
def editor(trainer):
    client = Client()
    client.force_login(trainer)
    return client


def add_session(workshop, seats=2, start=START, **fields):
    values = {
        "page": workshop,
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "location": "De Schakel, Utrecht",
        "trainer_name": "Marieke van Dijk",
        "seats": seats,
        "registration_deadline": start - timedelta(days=1),
    }
    return WorkshopSession.objects.create(**{**values, **fields})


def people(count, prefix="p"):
    return [
        make_user(f"{prefix}{n}@example.com", full_name=f"Deelnemer {n}")
        for n in range(count)
    ]


def local(value):
    return timezone.localtime(value, AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def session_fields(session, **changes):
    """One session as the editor's InlinePanel sends it."""
    values = {
        "id": str(session.pk),
        "starts_at": local(session.starts_at),
        "ends_at": local(session.ends_at),
        "location": session.location,
        "meeting_link": session.meeting_link,
        "trainer_name": session.trainer_name,
        "seats": str(session.seats),
        "registration_deadline": local(session.registration_deadline),
    }
    if session.cancelled:
        values["cancelled"] = "on"
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def edit(editor, page, session_forms, action="publish"):
    """Post the workshop page editor with these sessions (publish or save)."""
    page = WorkshopPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "learning_goals": streamfield([]),
            "audience": page.audience,
            "duration_minutes": page.duration_minutes,
            "trainer_name": page.trainer_name,
            "trainer_bio": "",
            "sessions": inline_formset(
                session_forms,
                initial=sum(1 for form in session_forms if form.get("id")),
            ),
            "comments": inline_formset([]),
        }
    )
    if action == "publish":
        data["action-publish"] = "action-publish"
    return editor.post(f"/admin/pages/{page.pk}/edit/", data)


def calendar_of(email):
    (attachment,) = email.attachments
    _name, content, mimetype = attachment
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, mimetype


def emails_to(mailoutbox, address):
    return [email for email in mailoutbox if email.to == [address]]


# 5. Removing a session never deletes its participants' records.


def test_removing_a_session_with_participants_is_refused_in_the_editor(
    editor, workshop
):
    session = add_session(workshop, seats=2)
    first, second, third = people(3)
    for user in (first, second, third):  # two seats, one on the waiting list
        sessions.register(user, session, now=START - timedelta(days=10))
    sessions.set_attendance(session, {first.pk})

    response = edit(editor, workshop, [session_fields(session, DELETE="1")])

    assert response.status_code == 200  # the editor again, with the problem
    html = response.content.decode()
    assert "3 deelnemers" in html  # how many participants it concerns
    assert "Geannuleerd" in html  # ... and what to do instead
    # The session is shown again (not hidden as removed), with the message on it.
    assert not re.search(r'name="sessions-0-DELETE"[^>]*value="1"', html)
    assert WorkshopSession.objects.filter(pk=session.pk).exists()
    assert Registration.objects.filter(session=session).count() == 3
    assert Registration.objects.get(user=first).attended


def test_a_session_without_participants_can_still_be_removed(editor, workshop):
    keep, remove = (
        add_session(workshop),
        add_session(workshop, start=START.replace(day=5)),
    )
    sessions.register(make_user("een@example.com"), keep, now=START - timedelta(days=9))

    response = edit(
        editor,
        workshop,
        [session_fields(keep), session_fields(remove, DELETE="1")],
    )

    assert response.status_code == 302
    assert list(WorkshopSession.objects.all()) == [keep]


def test_the_database_refuses_to_delete_registrations_with_a_session(workshop):
    session = add_session(workshop)
    sessions.register(
        make_user("een@example.com"), session, now=START - timedelta(days=9)
    )
    with pytest.raises(ProtectedError):
        session.delete()
    assert Registration.objects.count() == 1


def test_a_draft_from_before_the_registrations_keeps_the_session(
    editor, workshop, django_capture_on_commit_callbacks
):
    """A draft without the session, saved while nobody had registered, is
    published after people did: the session and their registrations stay."""
    session = add_session(workshop)
    removed = [session_fields(session, DELETE="1")]
    assert edit(editor, workshop, removed, action="save").status_code == 302
    draft = WorkshopPage.objects.get(pk=workshop.pk).get_latest_revision_as_object()
    assert list(draft.sessions.all()) == []
    sessions.register(
        make_user("een@example.com"), session, now=START - timedelta(days=9)
    )

    html = editor.get(f"/admin/pages/{workshop.pk}/edit/").content.decode()
    assert 'name="sessions-0-id"' in html  # the editor shows it again
    with django_capture_on_commit_callbacks(execute=True):
        WorkshopPage.objects.get(pk=workshop.pk).get_latest_revision().publish()

    assert WorkshopSession.objects.filter(pk=session.pk).exists()
    assert Registration.objects.get().session_id == session.pk


# 6. A changed, cancelled or bigger session is announced.


def test_a_new_time_sends_an_updated_invitation(
    editor, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, seats=1)
    seated, waiting = people(2)
    for user in (seated, waiting):
        sessions.register(user, session, now=START - timedelta(days=10))
    # What the participant got when registering.
    invitation = calendar_text(Registration.objects.get(user=seated))
    (before,) = Calendar.from_ical(invitation).walk("VEVENT")
    mailoutbox.clear()
    later = START + timedelta(days=1, hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(
            editor,
            workshop,
            [
                session_fields(
                    session,
                    starts_at=local(later),
                    ends_at=local(later + timedelta(hours=3)),
                )
            ],
        )

    assert response.status_code == 302
    (update,) = emails_to(mailoutbox, seated.email)
    calendar, event, mimetype = calendar_of(update)
    assert calendar["METHOD"] == "REQUEST" and "method=REQUEST" in mimetype
    assert event["UID"] == before["UID"]
    assert event["SEQUENCE"] > before["SEQUENCE"]
    assert event["DTSTART"].dt == later
    assert "gewijzigd" in update.subject
    assert "woensdag 5 maart 2031, 12:00" in update.body
    (notice,) = emails_to(mailoutbox, waiting.email)
    assert "gewijzigd" in notice.subject and "wachtlijst" in notice.body
    assert notice.attachments == []  # no seat, nothing for the calendar
    assert len(mailoutbox) == 2


def test_a_new_place_saved_outside_the_editor_is_announced_too(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop)
    (user,) = people(1)
    sessions.register(user, session, now=START - timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        session.location = "Het Forum, Amersfoort"
        session.save()
    (update,) = mailoutbox
    _calendar, event, _type = calendar_of(update)
    assert str(event["LOCATION"]) == "Het Forum, Amersfoort"
    assert event["SEQUENCE"] == 1


def test_publishing_an_unchanged_page_sends_nothing(
    editor, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, seats=1)
    for user in people(2):
        sessions.register(user, session, now=START - timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(editor, workshop, [session_fields(session)]).status_code == 302
        assert edit(editor, workshop, [session_fields(session)]).status_code == 302
        WorkshopPage.objects.get(pk=workshop.pk).save_revision().publish()
        session.refresh_from_db()
        session.trainer_name = "Iemand anders"  # not what participants plan by
        session.save()
    assert mailoutbox == []
    assert set(Registration.objects.values_list("sequence", flat=True)) == {0}


def test_cancelling_a_session_tells_everyone_and_keeps_the_records(
    editor, client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, seats=1, start=timezone.now() + timedelta(days=9))
    seated, waiting = people(2)
    for user in (seated, waiting):
        sessions.register(user, session)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(editor, workshop, [session_fields(session, cancelled="on")])

    assert response.status_code == 302
    (cancellation,) = emails_to(mailoutbox, seated.email)
    calendar, event, mimetype = calendar_of(cancellation)
    assert calendar["METHOD"] == "CANCEL" and "method=CANCEL" in mimetype
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    assert "gaat niet door" in cancellation.subject
    (notice,) = emails_to(mailoutbox, waiting.email)
    assert "gaat niet door" in notice.subject and notice.attachments == []
    # The records stay as they were; the session takes no more registrations.
    statuses = dict(Registration.objects.values_list("user__email", "status"))
    assert statuses == {seated.email: Status.REGISTERED, waiting.email: Status.WAITING}
    assert (
        'class="panel session"'
        not in client.get("/workshops/linkedin/").content.decode()
    )
    with pytest.raises(sessions.SessionClosed):
        sessions.register(make_user("nieuw@example.com"), session)


def test_undoing_a_cancellation_invites_again(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, seats=1, start=timezone.now() + timedelta(days=9))
    (user,) = people(1)
    sessions.register(user, session)
    with django_capture_on_commit_callbacks(execute=True):
        session.cancelled = True
        session.save()
        session.cancelled = False
        session.save()
    cancellation, invitation = emails_to(mailoutbox, user.email)[-2:]
    assert calendar_of(cancellation)[0]["METHOD"] == "CANCEL"
    calendar, event, _type = calendar_of(invitation)
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 2
    assert "toch door" in invitation.subject


def test_more_seats_go_to_the_waiting_list_in_order(
    editor, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, seats=1)
    users = people(4)
    for day, user in enumerate(users):
        sessions.register(user, session, now=START - timedelta(days=20 - day))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(editor, workshop, [session_fields(session, seats="3")])

    assert response.status_code == 302
    statuses = [Registration.objects.get(user=user).status for user in users]
    assert statuses == [
        Status.REGISTERED,
        Status.REGISTERED,
        Status.REGISTERED,
        Status.WAITING,
    ]
    assert sorted(email.to[0] for email in mailoutbox) == [
        "p1@example.com",
        "p2@example.com",
    ]
    for email in mailoutbox:
        assert "plaats vrij" in email.subject
        assert calendar_of(email)[0]["METHOD"] == "REQUEST"


def test_a_newcomer_never_takes_a_seat_ahead_of_the_waiting_list(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, seats=1)
    seated, waiting, newcomer = people(3)
    for user in (seated, waiting):
        sessions.register(user, session, now=START - timedelta(days=10))
    # A seat more, without anyone being moved up (as before this was fixed).
    WorkshopSession.objects.filter(pk=session.pk).update(seats=2)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration, _changed = sessions.register(
            newcomer, session, now=START - timedelta(days=9)
        )

    assert registration.status == Status.WAITING
    assert Registration.objects.get(user=waiting).status == Status.REGISTERED
    (promotion,) = mailoutbox
    assert promotion.to == [waiting.email] and "plaats vrij" in promotion.subject


def test_correcting_a_session_that_is_over_sends_nothing(
    workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = add_session(workshop, start=timezone.now() - timedelta(days=2))
    (user,) = people(1)
    Registration.objects.create(session=session, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        session.ends_at += timedelta(minutes=30)
        session.location = "Het Forum, Amersfoort"
        session.save()
    assert mailoutbox == []


def test_deleting_a_workshop_with_registrations_is_refused_not_a_500(
    client, admin_user
):
    """A registration hangs on the workshop through its session: deleting the
    workshop is refused with the count, even for someone who is not enrolled."""
    from html import unescape

    from courses.models import Enrolment

    workshop = make_workshop(modules=1, slug="excel", title="Excel")
    session = add_session(workshop)
    person = make_user("aanmelder@example.com")
    Registration.objects.create(session=session, user=person)
    Enrolment.objects.filter(user=person).delete()
    client.force_login(admin_user)
    url = f"/admin/pages/{workshop.pk}/delete/"

    html = unescape(client.get(url).content.decode())
    response = client.post(url)

    assert "aanmeldingen voor sessies" in html
    assert response.status_code == 409
    assert Registration.objects.filter(session=session).exists()
