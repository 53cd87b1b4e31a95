"""The outbox: every email sent once, retried with back-off, never lost."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from academy.base import outbox, tasks
from academy.base.models import OutgoingEmail
from academy.base.privacy import export_user_data

pytestmark = pytest.mark.django_db
State = OutgoingEmail.State


def test_a_key_is_queued_and_sent_once(participant):
    first = outbox.queue("test", "k1", ["a@example.com"], "Onderwerp", "Tekst")
    again = outbox.queue("test", "k1", ["a@example.com"], "Onderwerp", "Tekst")
    assert first is not None and again is None
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Onderwerp"
    first.refresh_from_db()
    assert first.state == State.SENT and first.sent_at and first.tries == 1


def test_a_task_that_runs_twice_sends_nothing_twice():
    email = OutgoingEmail.objects.create(
        kind="test", key="k", to=["a@example.com"], subject="S", body="B"
    )
    assert tasks.send_email.delay(email.pk).get() == "sent"
    assert tasks.send_email.delay(email.pk).get() == "skipped"
    assert outbox.send(email.pk) == "skipped"
    assert len(mail.outbox) == 1
    assert outbox.send(999_999) == "missing"


def test_a_failing_mail_server_is_retried_and_then_given_up(monkeypatch, caplog):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with caplog.at_level(logging.WARNING, logger="academy.base.outbox"):
        email = outbox.queue("test", "k", ["a@example.com"], "S", "B")
    email.refresh_from_db()
    assert email.state == State.WAITING and email.tries == 1
    assert "gone" in email.last_error and "try 1 of 6" in caplog.text
    for _try in range(outbox.MAX_TRIES - 1):
        with pytest.raises(outbox.SendFailed):
            outbox.send(email.pk)
    email.refresh_from_db()
    assert email.state == State.FAILED and email.tries == outbox.MAX_TRIES
    assert outbox.send(email.pk) == "skipped"  # failed for good: not again
    assert mail.outbox == []


def test_the_retry_waits_longer_each_time(monkeypatch):
    failures = []

    def refuse(self, messages):
        raise OSError("down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    email = OutgoingEmail.objects.create(
        kind="test", key="k", to=["a@example.com"], subject="S", body="B"
    )
    for _try in range(3):
        with pytest.raises(outbox.SendFailed) as raised:
            outbox.send(email.pk)
        failures.append(raised.value.retry_in)
    assert failures == [60, 300, 1800]


def test_the_sweep_sends_what_no_task_took_and_what_a_dead_worker_left(monkeypatch):
    monkeypatch.setattr(outbox, "dispatch", lambda email_id: None)  # broker away
    old = timezone.now() - timedelta(minutes=10)
    waiting = outbox.queue("test", "w", ["a@example.com"], "Waiting", "B")
    stuck = outbox.queue("test", "s", ["a@example.com"], "Stuck", "B")
    fresh = outbox.queue("test", "f", ["a@example.com"], "Fresh", "B")
    OutgoingEmail.objects.filter(pk__in=[waiting.pk, stuck.pk]).update(created_at=old)
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        state=State.SENDING, claimed_at=old - timedelta(hours=1)
    )
    assert mail.outbox == []
    assert tasks.send_waiting_emails() == 2
    assert sorted(m.subject for m in mail.outbox) == ["Stuck", "Waiting"]
    assert OutgoingEmail.objects.get(pk=fresh.pk).state == State.WAITING
    assert tasks.send_waiting_emails() == 0  # nothing twice


def test_the_emails_are_in_the_participants_data_export(participant):
    outbox.queue("test", "k", [participant.email], "Hallo", "Tekst", user=participant)
    data = export_user_data(participant)["emails"]
    assert data[0]["subject"] == "Hallo" and data[0]["state"] == "sent"
    participant.delete()
    assert not OutgoingEmail.objects.exists()


def test_administrators_see_the_emails_and_trainers_do_not(
    client, admin_user, trainer, participant
):
    outbox.queue("test", "k", [participant.email], "Hallo daar", "T", user=participant)
    client.force_login(admin_user)
    page = client.get("/admin/reports/emails/").content.decode()
    assert "Hallo daar" in page and "sanne@example.com" in page
    assert (
        "Hallo daar" in client.get("/admin/reports/emails/?state=sent").content.decode()
    )
    assert (
        "Hallo daar"
        not in client.get("/admin/reports/emails/?state=failed").content.decode()
    )
    client.force_login(trainer)
    assert client.get("/admin/reports/emails/").status_code in (302, 403)


def test_sent_emails_are_removed_after_half_a_year():
    old = outbox.queue("test", "old", ["a@example.com"], "Oud", "B")
    recent = outbox.queue("test", "recent", ["a@example.com"], "Recent", "B")
    OutgoingEmail.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - timedelta(days=181)
    )
    failed = OutgoingEmail.objects.create(
        kind="test", key="failed", to=["a@example.com"], subject="S", body="B",
        state=State.FAILED,
    )  # fmt: skip
    assert tasks.purge_sent_emails() == 1
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == {
        recent.pk,
        failed.pk,
    }
