"""Live sessions: registering, waiting list, calendar files, attendance, check-in."""

import threading
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage
from courses.progress_data import progress_for
from live_sessions import registration as sessions
from live_sessions.calendar import session_ics
from live_sessions.models import Registration, WorkshopSession
from tests.factories import make_user, make_workshop

pytestmark = pytest.mark.django_db
Status = Registration.Status


def make_session(workshop, seats=2, days=7, online=False, **fields):
    start = timezone.now() + timedelta(days=days)
    values = {
        "page": workshop,
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "location": "" if online else "De Schakel, Utrecht",
        "meeting_link": "https://meet.example.com/om" if online else "",
        "trainer_name": "Marieke van Dijk",
        "seats": seats,
        "registration_deadline": start - timedelta(days=1),
    }
    return WorkshopSession.objects.create(**{**values, **fields})


@pytest.fixture
def workshop():
    return make_workshop(modules=1)


def register_url(session):
    return f"/sessions/{session.pk}/register/"


def test_workshop_page_lists_upcoming_sessions_with_seats(client, workshop):
    make_session(workshop, seats=12)
    make_session(workshop, days=-3)  # in the past: not listed
    html = client.get("/workshops/linkedin/").content.decode()
    assert "12 plaatsen over" in html
    assert html.count('class="panel session"') == 1


def test_registering_enrols_and_emails_an_invitation(
    participant_client, participant, workshop, mailoutbox
):
    session = make_session(workshop, online=True)
    html = participant_client.get("/workshops/linkedin/").content.decode()
    assert "https://meet.example.com/om" not in html  # only for the registered

    response = participant_client.post(register_url(session))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.REGISTERED
    assert progress_for(participant, [workshop])[workshop.pk].enrolled
    (email,) = mailoutbox
    name, content, mimetype = email.attachments[0]
    assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert event["UID"] and event["DTSTAMP"]
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTSTART"].dt == session.starts_at.replace(microsecond=0)
    html = participant_client.get("/workshops/linkedin/").content.decode()
    assert "https://meet.example.com/om" in html and "Je bent aangemeld" in html


def test_a_full_session_puts_people_on_the_waiting_list(client, workshop, mailoutbox):
    session = make_session(workshop, seats=1)
    first, second = make_user("een@example.com"), make_user("twee@example.com")
    for user in (first, second):
        client.force_login(user)
        client.post(register_url(session))
    assert Registration.objects.get(user=first).status == Status.REGISTERED
    assert Registration.objects.get(user=second).status == Status.WAITING
    assert "wachtlijst" in mailoutbox[1].subject


def test_a_cancelled_seat_goes_to_the_first_waiting(
    client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = make_session(workshop, seats=1)
    users = [make_user(f"p{n}@example.com") for n in range(3)]
    for user in users:
        sessions.register(user, session)
    mailoutbox.clear()
    client.force_login(users[0])
    registration = Registration.objects.get(user=users[0])

    with django_capture_on_commit_callbacks(execute=True):  # emails after commit
        client.post(f"/sessions/registrations/{registration.pk}/cancel/")

    statuses = {r.user.email: r.status for r in Registration.objects.all()}
    assert statuses == {
        "p0@example.com": Status.CANCELLED,
        "p1@example.com": Status.REGISTERED,
        "p2@example.com": Status.WAITING,
    }
    cancel, promoted = mailoutbox
    assert Calendar.from_ical(cancel.attachments[0][1])["METHOD"] == "CANCEL"
    assert promoted.to == ["p1@example.com"]
    assert "plaats vrij" in promoted.subject


def test_registering_twice_keeps_one_registration(participant_client, workshop):
    session = make_session(workshop)
    participant_client.post(register_url(session))
    participant_client.post(register_url(session))
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("when", ["past", "deadline"])
def test_closed_sessions_change_nothing(participant_client, workshop, when):
    if when == "past":
        session = make_session(workshop, days=-1)
    else:
        session = make_session(workshop, days=1)
        session.registration_deadline = timezone.now() - timedelta(hours=1)
        session.save()
    response = participant_client.post(register_url(session), follow=True)
    assert "gesloten" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_after_the_deadline_is_refused(
    participant_client, participant, workshop
):
    session = make_session(workshop)
    registration, _changed = sessions.register(participant, session)
    WorkshopSession.objects.filter(pk=session.pk).update(
        registration_deadline=timezone.now() - timedelta(minutes=1)
    )
    participant_client.post(f"/sessions/registrations/{registration.pk}/cancel/")
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


def test_another_participants_registration_is_404(client, participant, workshop):
    session = make_session(workshop)
    registration, _changed = sessions.register(participant, session)
    client.force_login(make_user("ander@example.com"))
    assert (
        client.post(f"/sessions/registrations/{registration.pk}/cancel/").status_code
        == 404
    )
    assert (
        client.get(f"/sessions/registrations/{registration.pk}/ics/").status_code == 404
    )
    assert client.post("/sessions/999999/register/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED


def test_dashboard_lists_the_participants_sessions(
    participant_client, participant, workshop
):
    session = make_session(workshop)
    registration, _changed = sessions.register(participant, session)
    html = participant_client.get("/dashboard/").content.decode()
    assert "Mijn sessies" in html
    assert f"/sessions/registrations/{registration.pk}/ics/" in html
    ics = participant_client.get(f"/sessions/registrations/{registration.pk}/ics/")
    assert ics["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(ics.content)["METHOD"] == "REQUEST"


def test_ics_lines_are_folded_and_escaped(participant, workshop):
    session = make_session(workshop, location="Zaal 3; Stationsplein 12, Utrecht " * 3)
    registration, _changed = sessions.register(participant, session)
    text = session_ics(registration, "academy.example.com", "noreply@example.com")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = next(iter(Calendar.from_ical(text).walk("VEVENT")))
    assert str(event["LOCATION"]).startswith("Zaal 3; Stationsplein 12, Utrecht")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_registrations_for_the_last_seat():
    """One seat left, four people at once: one seat, three on the waiting list."""
    workshop = make_workshop(modules=1)
    session = make_session(workshop, seats=1)
    users = [make_user(f"snel{n}@example.com") for n in range(4)]
    barrier = threading.Barrier(len(users))
    errors = []

    def attempt(user):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            client.post(register_url(session))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == [Status.REGISTERED] + [Status.WAITING] * 3


# Attendance


def test_trainer_takes_attendance_on_the_phone_page(
    trainer_client, participant, workshop
):
    session = make_session(workshop)
    sessions.register(participant, session)
    url = f"/sessions/{session.pk}/attendance/"
    early = trainer_client.post(url, {"attended": [participant.pk]})
    assert early.status_code == 400  # a session next week: nobody attended yet
    assert not Registration.objects.get().attended
    WorkshopSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    html = trainer_client.get(url).content.decode()
    assert "Sanne de Boer" in html and "<svg" in html
    trainer_client.post(url, {"attended": [participant.pk]})
    assert Registration.objects.get().attended
    trainer_client.post(url, {})
    assert not Registration.objects.get().attended


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_only_trainers_take_attendance(client, participant, workshop, who):
    session = make_session(workshop)
    if who == "participant":
        client.force_login(participant)
    response = client.post(f"/sessions/{session.pk}/attendance/", {"attended": [1]})
    assert response.status_code in (302, 403)
    assert client.get(f"/sessions/{session.pk}/attendance/").status_code in (302, 403)


def test_check_in_with_the_room_code(participant_client, participant, workshop):
    session = make_session(workshop)
    WorkshopSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        registration_deadline=timezone.now() - timedelta(days=1),
    )
    session.refresh_from_db()
    Registration.objects.create(session=session, user=participant)
    token = sessions.check_in_token(session)
    url = f"/sessions/{session.pk}/check-in/"
    assert participant_client.get(url, {"token": token}).status_code == 200

    response = participant_client.post(url, {"token": token})
    response = participant_client.post(url, {"token": token})  # twice: one check-in
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.attended and registration.checked_in_at


def test_check_in_codes_are_for_one_session_and_its_time(
    participant_client, participant, workshop
):
    now_session = make_session(workshop)
    WorkshopSession.objects.filter(pk=now_session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        registration_deadline=timezone.now() - timedelta(days=1),
    )
    later_session = make_session(workshop, days=7)
    for session in (now_session, later_session):
        Registration.objects.create(session=session, user=participant)
    url = f"/sessions/{now_session.pk}/check-in/"
    other_token = sessions.check_in_token(later_session)
    assert participant_client.post(url, {"token": other_token}).status_code == 400
    assert participant_client.post(url, {"token": "forged:token"}).status_code == 400
    later_url = f"/sessions/{later_session.pk}/check-in/"
    later_token = sessions.check_in_token(later_session)
    assert participant_client.post(later_url, {"token": later_token}).status_code == 400
    assert not Registration.objects.filter(attended=True).exists()
    with pytest.raises(signing.BadSignature):
        sessions.check_in(participant, now_session, other_token)


def test_unregistered_participants_cannot_check_in(participant_client, workshop):
    session = make_session(workshop)
    WorkshopSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        registration_deadline=timezone.now() - timedelta(days=1),
    )
    token = sessions.check_in_token(session)
    response = participant_client.post(
        f"/sessions/{session.pk}/check-in/", {"token": token}
    )
    assert response.status_code == 403


def test_attendance_can_be_required_for_the_certificate(participant, workshop):
    workshop.require_attendance = True
    workshop.save_revision().publish()
    session = make_session(workshop)
    sessions.register(participant, session)
    participation.record_completion(participant, ModulePage.objects.get())

    progress = progress_for(participant, [workshop])[workshop.pk]
    assert progress.percent == 100 and not progress.finished
    assert progress.awaiting_requirements
    assert progress.unmet_requirements == {"attendance"}
    assert not Certificate.objects.exists()

    sessions.set_attendance(session, {participant.pk})

    assert progress_for(participant, [workshop])[workshop.pk].finished
    assert Certificate.objects.filter(user=participant).exists()


def test_session_reports_for_trainers(trainer_client, participant, workshop):
    session = make_session(workshop, seats=1)
    sessions.register(participant, session)
    sessions.register(make_user("wacht@example.com", full_name="Wacht"), session)
    sessions.set_attendance(session, {participant.pk})
    html = trainer_client.get("/admin/reports/sessions/").content.decode()
    assert "De Schakel, Utrecht" in html
    for export in ("csv", "xlsx"):
        listing = trainer_client.get("/admin/reports/sessions/", {"export": export})
        assert listing.status_code == 200
    listing = trainer_client.get("/admin/reports/sessions/", {"export": "csv"})
    lines = b"".join(listing.streaming_content).decode().splitlines()
    # place, seats, registered, waiting list, attended
    assert lines[1].endswith('"De Schakel, Utrecht",1,1,1,1')
    response = trainer_client.get(
        f"/admin/reports/sessions/{session.pk}/", {"export": "csv"}
    )
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert rows[0].startswith("Naam,E-mail,Status,Aanwezig")
    assert "Sanne de Boer,sanne@example.com,aangemeld,Ja" in rows[1]
    assert "Wacht,wacht@example.com,op de wachtlijst,Nee" in rows[2]
    xlsx = trainer_client.get(f"/admin/reports/sessions/{session.pk}/?export=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_session_reports_are_for_trainers_only(client, participant, workshop, who):
    session = make_session(workshop)
    if who == "participant":
        client.force_login(participant)
    for url in (
        "/admin/reports/sessions/",
        f"/admin/reports/sessions/{session.pk}/",
        f"/admin/reports/sessions/{session.pk}/?export=csv",
    ):
        assert client.get(url).status_code in (302, 403)


def test_the_meeting_link_is_only_for_people_with_a_seat(client, workshop, mailoutbox):
    session = make_session(workshop, seats=1, online=True)
    sessions.register(make_user("eerst@example.com"), session)
    waiting_user = make_user("wacht@example.com")
    client.force_login(waiting_user)
    client.post(register_url(session))
    registration = Registration.objects.get(user=waiting_user)
    assert registration.status == Status.WAITING
    assert (
        client.get(f"/sessions/registrations/{registration.pk}/ics/").status_code == 404
    )
    client.post(f"/sessions/registrations/{registration.pk}/cancel/")
    client.post(f"/sessions/registrations/{registration.pk}/cancel/")  # again
    cancellations = [m for m in mailoutbox if m.to == ["wacht@example.com"]]
    assert len(cancellations) == 2  # the waiting-list email and one cancellation
    for message in cancellations:
        assert "meet.example.com" not in message.body
        for _name, content, _type in message.attachments:
            assert "meet.example.com" not in content


def test_leaving_the_waiting_list_after_the_deadline(participant, workshop):
    session = make_session(workshop, seats=0)
    registration, _changed = sessions.register(participant, session)
    WorkshopSession.objects.filter(pk=session.pk).update(
        registration_deadline=timezone.now() - timedelta(minutes=1)
    )
    sessions.cancel(registration)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_a_failing_mail_server_does_not_lose_the_registration(
    participant_client, workshop, monkeypatch
):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    session = make_session(workshop)
    response = participant_client.post(register_url(session))
    assert response.status_code == 302
    assert Registration.objects.get().status == Status.REGISTERED


def test_plain_text_emails_are_not_html_escaped(client, workshop, mailoutbox):
    """A plain-text email shows "D'Arcy" and "Tom & Jerry", not HTML entities."""
    workshop.title = "Tom & Jerry's workshop"
    workshop.save_revision().publish()
    session = make_session(workshop)
    person = make_user("darcy@example.com", full_name="D'Arcy <Jansen>")
    client.force_login(person)

    client.post(register_url(session))

    (email,) = mailoutbox
    assert "D'Arcy" in email.body and "Tom & Jerry's workshop" in email.body
    assert "Tom & Jerry's workshop" in email.subject
    assert "&#x27;" not in email.body + email.subject
    assert "&amp;" not in email.body + email.subject


def test_cancelling_twice_emails_once(participant_client, participant, workshop):
    from django.core import mail

    session = make_session(workshop)
    registration, _changed = sessions.register(participant, session)
    mail.outbox.clear()
    url = f"/sessions/registrations/{registration.pk}/cancel/"

    first = participant_client.post(url)
    second = participant_client.post(url)

    assert first.status_code == 302 and second.status_code == 302
    assert len(mail.outbox) == 1
    with pytest.raises(sessions.AlreadyCancelled):
        sessions.cancel(registration)


def test_session_emails_are_in_each_participants_language(client, workshop, mailoutbox):
    session = make_session(workshop, seats=1)
    english = make_user("pat@example.com", language="en")
    dutch = make_user("een@example.com")
    for user in (dutch, english):
        client.force_login(user)
        client.post(register_url(session))
    to_dutch, to_english = mailoutbox
    assert "wachtlijst" not in to_dutch.subject.lower()  # a seat
    assert "waiting list" in to_english.subject.lower()
    assert "wachtlijst" not in to_english.body.lower()


def test_the_calendar_file_is_named_in_the_participants_language(
    client, workshop, mailoutbox
):
    session = make_session(workshop)
    for email in ("een@example.com", "pat@example.com"):
        user = make_user(email, language="en" if email.startswith("pat") else "nl")
        client.force_login(user)
        client.post(register_url(session))
    names = [message.attachments[0][0] for message in mailoutbox]
    assert names == ["sessie.ics", "session.ics"]
