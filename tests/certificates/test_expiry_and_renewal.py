"""A certificate that expires: validUntil, reminders 30 and 7 days before, renewal by
the trainer's renewal quiz, and the expiry on LinkedIn (issue 17)."""

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone, translation

from certificates import issuing, reminders, sharing, validity, verification
from certificates.models import (
    Certificate,
    CertificateExpiryReminder,
    CertificateRenewal,
)
from courses.models import WorkshopPage
from tests.factories import make_quiz, right_answers

from .helpers import finish

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(participant, branding):
    """A workshop whose certificate is valid 12 months, with a renewal quiz."""
    from tests.factories import make_workshop

    workshop = make_workshop(modules=2, slug="linkedin-geldig")
    quiz = make_quiz(title="Opfrissen")
    WorkshopPage.objects.filter(pk=workshop.pk).update(
        certificate_valid_months=12, renewal_quiz=quiz
    )
    return finish(participant, WorkshopPage.objects.get(pk=workshop.pk))


def move(certificate, valid_until):
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=valid_until)
    certificate.refresh_from_db()
    return certificate


# Pure rules


def test_the_validity_ends_on_the_same_day_or_the_last_of_the_month():
    start = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)
    assert validity.expires(start, 1) == datetime(2026, 2, 28, 9, 0, tzinfo=UTC)
    assert validity.expires(start, 12) == datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert validity.expires(start, None) is None
    assert validity.expires(start, 0) is None


@pytest.mark.parametrize(
    ("days_left", "due"),
    [
        (31, []),
        (30, [30]),
        (20, [30]),  # a missed day still sends the 30-day reminder
        (8, [30]),
        (7, [7]),  # the 7-day window has opened: not both
        (1, [7]),
        (0, []),
        (-1, []),
    ],
)
def test_which_reminder_is_due(days_left, due):
    now = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    until = now + timedelta(days=days_left)
    assert [
        d for d in validity.REMINDER_DAYS if validity.reminder_due(until, now, d)
    ] == (due)


# Issuing


def test_a_workshop_with_a_period_gives_a_certificate_that_expires(expiring):
    assert expiring.valid_from is not None
    assert expiring.valid_until == validity.expires(expiring.valid_from, 12)
    assert expiring.expires_on == timezone.localdate(expiring.valid_until)


def test_without_a_period_the_certificate_never_expires(certificate, client):
    assert certificate.valid_until is None
    document = json.loads(client.get(f"/certificates/{certificate.code}.json").content)
    assert "validUntil" not in document


def test_the_credential_and_the_page_carry_the_expiry(expiring, client):
    document = json.loads(client.get(f"/certificates/{expiring.code}.json").content)
    assert document["validUntil"].startswith(str(expiring.valid_until.year))
    page = client.get(f"/certificates/{expiring.code}/").content.decode()
    assert "Geldig tot" in page


def test_the_linkedin_link_carries_the_expiry_month_and_year(expiring, certificate):
    query = parse_qs(
        urlparse(sharing.linkedin_add_url(expiring, "https://x.example/c/")).query
    )
    assert query["expirationYear"] == [str(expiring.expires_on.year)]
    assert query["expirationMonth"] == [str(expiring.expires_on.month)]
    query = parse_qs(
        urlparse(sharing.linkedin_add_url(certificate, "https://x.example/c/")).query
    )
    assert "expirationYear" not in query and "expirationMonth" not in query


# Reminders


def test_reminders_come_30_and_7_days_before_and_each_only_once(expiring):
    now = expiring.valid_until - timedelta(days=29, hours=23)
    assert reminders.send_due(now) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sanne@example.com"]
    body = mail.outbox[0].body
    assert "LinkedIn" in body and f"/certificates/{expiring.code}/renew/" in body
    # The same day, the next day: nothing again.
    assert reminders.send_due(now) == 0
    assert reminders.send_due(now + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1

    week = expiring.valid_until - timedelta(days=6)
    assert reminders.send_due(week) == 1
    assert reminders.send_due(week) == 0
    assert len(mail.outbox) == 2
    assert sorted(
        CertificateExpiryReminder.objects.values_list("days_before", flat=True)
    ) == [7, 30]


def test_the_command_sends_what_is_due(expiring, capsys):
    move(expiring, timezone.now() + timedelta(days=6))
    call_command("send_certificate_reminders")
    call_command("send_certificate_reminders")
    assert len(mail.outbox) == 1
    assert "1" in capsys.readouterr().out


def test_no_reminder_for_a_revoked_or_never_expiring_certificate(expiring, certificate):
    move(expiring, timezone.now() + timedelta(days=6))
    Certificate.objects.filter(pk=expiring.pk).update(is_revoked=True)
    assert reminders.send_due() == 0
    assert mail.outbox == []


def test_finding_the_reminders_due_is_one_query_however_many(expiring, participant):
    """One query finds them; each reminder sent costs its own record (a savepoint
    and an insert, the constraint that stops a double send) and its email in the
    outbox (queued the same way, then claimed, read and marked sent by the task,
    eager in tests), nothing per certificate that is not due."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_user

    others = [make_user(f"p{n}@example.com", full_name=f"P {n}") for n in range(3)]
    for user in others:
        finish(user, expiring.workshop.specific)
    Certificate.objects.update(valid_until=timezone.now() + timedelta(days=6))
    with CaptureQueriesContext(connection) as found:
        assert len(list(reminders.due(timezone.now()))) == 4
    assert len(found) == 1
    with CaptureQueriesContext(connection) as sending:
        assert reminders.send_due() == 4
    per_reminder = len(sending) - 1
    assert per_reminder % 4 == 0 and per_reminder // 4 <= 9, sending.captured_queries


# Renewal


def test_renewing_by_the_quiz_issues_a_new_credential(expiring, participant_client):
    old_id = expiring.credential_id
    move(expiring, timezone.now() + timedelta(days=20))
    url = f"/certificates/{expiring.code}/renew/"
    html = participant_client.get(url).content.decode()
    assert "Opfrissen" in html
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    quiz = expiring.workshop.specific.renewal_quiz
    mail.outbox.clear()
    with_commit = participant_client.post(
        url, {**right_answers(quiz), "submission": token}
    )
    assert with_commit.status_code == 302
    assert with_commit.url == f"/certificates/{expiring.code}/"
    expiring.refresh_from_db()
    assert expiring.credential_id != old_id
    assert expiring.valid_until > timezone.now() + timedelta(days=300)
    renewal = CertificateRenewal.objects.get(certificate=expiring)
    assert renewal.old_credential_id == old_id
    assert renewal.new_valid_until == expiring.valid_until
    document = participant_client.get(f"/certificates/{expiring.code}.json").content
    assert json.loads(document)["id"] == f"urn:uuid:{expiring.credential_id}"
    assert verification.verify(document.decode()).verdict == verification.VALID


def test_renewal_sends_an_email(expiring, django_capture_on_commit_callbacks):
    move(expiring, timezone.now() + timedelta(days=20))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        issuing.renew(expiring)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sanne@example.com"]


def test_a_failed_renewal_quiz_renews_nothing(expiring, participant_client):
    old_id = expiring.credential_id
    move(expiring, timezone.now() + timedelta(days=20))
    url = f"/certificates/{expiring.code}/renew/"
    html = participant_client.get(url).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', html).group(1)
    wrong = {"q-q1": "q1-a", "q-m": ["m-a"], "q-q3": "q3-a"}
    response = participant_client.post(url, {**wrong, "submission": token})
    assert response.status_code == 302
    expiring.refresh_from_db()
    assert expiring.credential_id == old_id
    assert not CertificateRenewal.objects.exists()


def test_too_early_or_without_a_quiz_there_is_no_renewal(expiring, participant_client):
    # A year ahead: too early to renew.
    assert not issuing.renewable(expiring)
    response = participant_client.get(f"/certificates/{expiring.code}/renew/")
    assert response.status_code == 302
    with pytest.raises(issuing.RenewalRefused):
        issuing.renew(expiring)
    move(expiring, timezone.now() + timedelta(days=20))
    assert issuing.renewable(expiring)
    WorkshopPage.objects.filter(pk=expiring.workshop_id).update(renewal_quiz=None)
    expiring.refresh_from_db()
    assert not issuing.renewable(expiring)


def test_an_expired_certificate_may_still_be_renewed(expiring):
    move(expiring, timezone.now() - timedelta(days=40))
    assert issuing.renewable(expiring)
    renewed = issuing.renew(expiring)
    assert not renewed.is_expired()


def test_someone_elses_renewal_page_is_not_found(expiring, client, trainer):
    move(expiring, timezone.now() + timedelta(days=20))
    url = f"/certificates/{expiring.code}/renew/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(trainer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"submission": "x"}).status_code == 404
    assert client.get("/certificates/not-a-code/renew/").status_code == 404


def test_the_renewal_is_in_the_data_export(expiring, participant_client):
    move(expiring, timezone.now() + timedelta(days=20))
    old_id = expiring.credential_id
    renewed = issuing.renew(expiring)
    reminders.send_due(renewed.valid_until - timedelta(days=6))
    export = participant_client.get("/accounts/data/")
    assert export.status_code == 200
    (exported,) = [
        c for c in export.json()["certificates"] if c["code"] == expiring.code
    ]
    assert exported["credential_id"] == renewed.credential_id.urn
    assert [r["replaced_credential"] for r in exported["renewals"]] == [old_id.urn]
    assert [r["days_before"] for r in exported["expiry_reminders"]] == [7]


def test_the_reminder_is_in_the_owners_language_with_links_in_it(expiring, participant):
    participant.language = "en"
    participant.save(update_fields=["language"])
    assert reminders.send_due(expiring.valid_until - timedelta(days=29)) == 1
    (message,) = mail.outbox
    with translation.override("en"):
        english = render_to_string(
            "certificates/email/expiry_reminder_subject.txt",
            {"certificate": expiring, "days": 30, "user": participant},
        )
    with translation.override("nl"):
        dutch = render_to_string(
            "certificates/email/expiry_reminder_subject.txt",
            {"certificate": expiring, "days": 30, "user": participant},
        )
    assert english != dutch
    assert " ".join(message.subject.split()) == " ".join(english.split())
    assert f"/en/certificates/{expiring.code}/renew/" in message.body
    # The verification link is the one printed on the certificate, in any language.
    assert re.search(rf"https?://[^/\s]+/certificates/{expiring.code}/\s", message.body)
