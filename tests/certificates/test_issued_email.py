"""The participant is emailed when their certificate is issued (issue 15, point 17)."""

import logging
import smtplib
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.mail.backends.locmem import EmailBackend

from academy.base.models import OutgoingEmail
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage
from courses.signals import workshop_finished
from tests.factories import make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_module(participant, branding):
    """A workshop of two modules, the first done: one to go."""
    first, last = ModulePage.objects.child_of(make_workshop(modules=2))
    participation.record_completion(participant, first)
    return last


def test_the_participant_is_emailed_once_with_the_links(
    participant_client,
    participant,
    last_module,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """Found in issue 15: nobody was emailed when a certificate was issued."""
    with django_capture_on_commit_callbacks(execute=True):
        response = participant_client.post(f"/progress/modules/{last_module.pk}/done/")
    assert response.status_code == 302
    certificate = Certificate.objects.get()

    [email] = mailoutbox
    assert email.to == ["sanne@example.com"]
    assert email.subject == "Je certificaat voor “LinkedIn”"  # Dutch, the default
    body = email.body
    assert body.startswith("Hallo Sanne,")
    assert "Gefeliciteerd: je hebt de workshop “LinkedIn” afgerond." in body
    verify_url = f"http://testserver/certificates/{certificate.code}/"
    assert verify_url in body.split()
    assert f"{verify_url}pdf/" in body.split()
    [linkedin] = [w for w in body.split() if w.startswith("https://www.linkedin.com/")]
    query = parse_qs(urlparse(linkedin).query)
    assert query["certUrl"] == [verify_url] and query["certId"] == [certificate.code]
    assert "&amp;" not in body  # plain text, not HTML-escaped

    # The signal again (another attendance, a repeated completion): no second email.
    with django_capture_on_commit_callbacks(execute=True):
        participation.record_completion(participant, last_module)
        workshop_finished.send(
            sender=None, user=participant, workshop=last_module.get_parent().specific
        )
    assert len(mailoutbox) == 1 and Certificate.objects.count() == 1


def test_the_email_waits_for_the_commit(
    participant, last_module, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        participation.record_completion(participant, last_module)
    assert Certificate.objects.exists() and mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_a_mail_server_that_is_down_does_not_break_the_completion(
    participant_client,
    last_module,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with (
        caplog.at_level(logging.WARNING, logger="academy.base.outbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = participant_client.post(f"/progress/modules/{last_module.pk}/done/")
    assert response.status_code == 302
    assert Certificate.objects.filter(user__email="sanne@example.com").exists()
    assert "(certificate-issued) to user" in caplog.text and "not sent" in caplog.text
    # Not lost: the email waits in the outbox, with the error, for its next try.
    email = OutgoingEmail.objects.get(kind="certificate-issued")
    assert email.state == OutgoingEmail.State.WAITING and "down" in email.last_error
    dashboard = participant_client.get("/dashboard/").content.decode()
    assert Certificate.objects.get().code in dashboard
