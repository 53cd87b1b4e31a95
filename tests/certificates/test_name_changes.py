"""The name on a certificate: small corrections at once, anything else after a
trainer's approval, every change on record (issue 15, point 8)."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from certificates import issuing
from certificates.models import CertificateNameChange
from tests.factories import make_user, make_workshop

from .helpers import finish, pdf_text

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/certificates/certificatenamechange/"


def ask(client, certificate, name):
    """The owner sends the name form; returns the page it leads to."""
    response = client.post(f"/certificates/{certificate.code}/name/", {"name": name})
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def decide_url(change):
    return f"{LISTING}decide/{change.pk}/"


def test_another_persons_name_waits_for_a_trainer(participant_client, certificate):
    """Found in issue 15: "Barack Obama" was accepted at once for Sanne de Boer."""
    page = ask(participant_client, certificate, "Barack Obama")

    certificate.refresh_from_db()
    assert certificate.name == "Sanne de Boer"
    assert "Een trainer controleert de nieuwe naam “Barack Obama”" in page
    assert "gevraagd de naam te wijzigen in “Barack Obama”" in page  # and waits
    assert 'name="name"' not in page  # no second change while one waits

    # Everyone else still sees the old name: the page, the JSON, the PDF.
    public = Client().get(f"/certificates/{certificate.code}/").content.decode()
    assert "Sanne de Boer" in public and "Obama" not in public
    data = Client().get(f"/certificates/{certificate.code}.json").json()
    assert data["credentialSubject"]["name"] == "Sanne de Boer"
    pdf = participant_client.get(f"/certificates/{certificate.code}/pdf/").content
    assert "Sanne de Boer" in pdf_text(pdf) and "Obama" not in pdf_text(pdf)

    change = certificate.name_changes.get()
    assert (change.old_name, change.new_name, change.status) == (
        "Sanne de Boer",
        "Barack Obama",
        "pending",
    )
    assert change.requested_by == certificate.user and change.decided_at is None


@pytest.mark.parametrize(
    "issued_as, corrected",
    [
        ("Sukru Yilmaz", "Şükrü Yılmaz"),
        ("sanne de boer", "Sanne de Boer"),
        ("Sanne de Bore", "Sanne de Boer"),
        ("Sanne de Boer", "Sanne de Boer-Jansen"),
    ],
)
def test_small_corrections_are_made_at_once(
    client, branding, issued_as, corrected, django_capture_on_commit_callbacks
):
    user = make_user("deelnemer@example.com", full_name=issued_as)
    certificate = finish(user, make_workshop(modules=1))
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        page = ask(client, certificate, corrected)

    certificate.refresh_from_db()
    assert certificate.name == corrected
    assert "De naam op je certificaat is verbeterd." in page
    change = certificate.name_changes.get()
    assert (change.old_name, change.status, change.requested_by) == (
        issued_as,
        "applied",
        user,
    )
    public = Client().get(f"/certificates/{certificate.code}/").content.decode()
    assert corrected in public


def test_small_steps_do_not_add_up_to_another_name(participant_client, certificate):
    ask(participant_client, certificate, "Sanne de Boer Obama")  # one part added
    certificate.refresh_from_db()
    assert certificate.name == "Sanne de Boer Obama"

    # Measured against the name it was issued with, not the last small step.
    ask(participant_client, certificate, "Sanne Obama")
    certificate.refresh_from_db()
    assert certificate.name == "Sanne de Boer Obama"
    assert certificate.name_changes.last().status == "pending"


def test_a_trainer_approves_with_one_action_and_the_participant_is_emailed(
    participant_client,
    certificate,
    trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ask(participant_client, certificate, "Sanne Jansen")
    change = certificate.name_changes.get()
    trainer_client = Client()
    trainer_client.force_login(trainer)

    listing = trainer_client.get(LISTING).content.decode()
    assert "Sanne Jansen" in listing and "Wacht op een trainer" in listing
    assert f'action="{decide_url(change)}"' in listing

    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            decide_url(change), {"decision": "approve", "next": LISTING}
        )
    assert response.status_code == 302 and response.url == LISTING

    certificate.refresh_from_db()
    assert certificate.name == "Sanne Jansen"
    change.refresh_from_db()
    assert change.status == "approved" and change.decided_by == trainer
    assert change.decided_at is not None
    public = Client().get(f"/certificates/{certificate.code}/").content.decode()
    assert "Sanne Jansen" in public

    [email] = mailoutbox
    assert email.to == ["sanne@example.com"]
    assert email.subject == "De nieuwe naam op je certificaat is goedgekeurd"
    assert "Sanne Jansen" in email.body
    assert f"http://testserver/certificates/{certificate.code}/" in email.body

    # Deciding again changes nothing.
    trainer_client.post(decide_url(change), {"decision": "reject"})
    change.refresh_from_db()
    assert change.status == "approved" and len(mailoutbox) == 1


def test_a_trainer_rejects_and_the_certificate_keeps_its_name(
    participant_client,
    certificate,
    trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ask(participant_client, certificate, "Barack Obama")
    change = certificate.name_changes.get()
    trainer_client = Client()
    trainer_client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=True):
        trainer_client.post(decide_url(change), {"decision": "reject"})

    certificate.refresh_from_db()
    change.refresh_from_db()
    assert certificate.name == "Sanne de Boer"
    assert change.status == "rejected" and change.decided_by == trainer
    [email] = mailoutbox
    assert email.subject == "De nieuwe naam op je certificaat is niet goedgekeurd"
    assert "“Barack Obama”" in email.body and "“Sanne de Boer”" in email.body

    # The participant sees the outcome and may ask again.
    page = participant_client.get(f"/certificates/{certificate.code}/").content
    page = page.decode()
    assert "Afgewezen door een trainer" in page and 'name="name"' in page


def test_the_trainers_dashboard_says_how_many_wait(trainer_client, certificate):
    assert "wacht op je besluit" not in trainer_client.get("/admin/").content.decode()
    issuing.correct_name(certificate, "Barack Obama", by=certificate.user)
    html = trainer_client.get("/admin/").content.decode()
    assert "1 naamwijziging op een certificaat wacht op je besluit." in html
    assert f'href="{LISTING}?status=pending"' in html


def test_only_those_who_manage_certificates_decide(client, certificate, participant):
    issuing.correct_name(certificate, "Barack Obama", by=participant)
    change = certificate.name_changes.get()
    editor = make_user("redacteur@example.com", is_staff=True, is_superuser=False)
    for user in (None, participant, editor):
        if user:
            client.force_login(user)
        response = client.post(decide_url(change), {"decision": "approve"})
        assert response.status_code in (302, 403, 404)
        assert client.get(LISTING).status_code in (302, 403)
    change.refresh_from_db()
    certificate.refresh_from_db()
    assert change.status == "pending" and certificate.name == "Sanne de Boer"


def test_the_trainer_cannot_edit_or_delete_the_history(trainer_client, certificate):
    change = issuing.correct_name(
        certificate, "Sanne de Boer-Jansen", by=certificate.user
    )
    for url in (f"{LISTING}edit/{change.pk}/", f"{LISTING}delete/{change.pk}/"):
        assert trainer_client.get(url).status_code in (302, 403)
    inspect = trainer_client.get(f"{LISTING}inspect/{change.pk}/")
    assert inspect.status_code == 200
    html = inspect.content.decode()
    assert "Sanne de Boer-Jansen" in html and "Sanne de Boer" in html


def test_every_change_is_listed_with_who_when_and_what(
    trainer_client, trainer, certificate, participant
):
    issuing.correct_name(certificate, "Sanne de Boer-Jansen", by=participant)
    asked = issuing.correct_name(certificate, "Barack Obama", by=participant)
    issuing.decide_name_change(asked, approve=False, by=trainer)

    html = trainer_client.get(LISTING).content.decode()
    assert "Direct verbeterd" in html and "Afgewezen door een trainer" in html
    assert html.count("sanne@example.com") == 2  # asked by
    assert html.count("Marieke van Dijk") == 1  # decided by

    pending_only = trainer_client.get(LISTING, {"status": "pending"}).content.decode()
    assert "Barack Obama" not in pending_only


def test_one_request_at_a_time_and_a_limit_per_month(participant_client, certificate):
    ask(participant_client, certificate, "Barack Obama")
    page = ask(participant_client, certificate, "Sanne de Boer-Jansen")
    assert "wacht op een trainer" in page
    assert certificate.name_changes.count() == 1

    waiting = certificate.name_changes.get()
    issuing.decide_name_change(waiting, approve=False, by=None)
    ask(participant_client, certificate, "Sanne de Boer-Jansen")
    ask(participant_client, certificate, "Sanne de Boer")
    page = ask(participant_client, certificate, "Sanne de Boer-Jansen")
    assert "3 keer gewijzigd in de afgelopen 30 dagen" in page
    certificate.refresh_from_db()
    assert certificate.name == "Sanne de Boer"
    assert certificate.name_changes.count() == 3

    # A month later it may change again.
    later = timezone.now() + timedelta(days=31)
    change = issuing.correct_name(certificate, "Sanne de Boer-Jansen", now=later)
    assert change.status == "applied"


def test_a_second_request_sent_at_the_same_moment_is_refused(certificate):
    """The unique constraint holds when the row lock does not (SQLite, or a
    request that read the history before the other one committed)."""
    from django.db import IntegrityError, transaction

    CertificateNameChange.objects.create(
        certificate=certificate, old_name="a", new_name="b", status="pending"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateNameChange.objects.create(
            certificate=certificate, old_name="a", new_name="c", status="pending"
        )


def test_names_without_letters_or_with_digits_are_refused(
    participant_client, certificate
):
    for name in ("   ", "12345", "Sanne de Boer (CEO)"):
        page = ask(participant_client, certificate, name)
        assert "Vul de naam in zoals die gedrukt moet worden" in page
    assert not certificate.name_changes.exists()


def test_the_export_holds_every_change_with_its_outcome(
    participant_client, certificate, participant
):
    issuing.correct_name(certificate, "Sanne de Boer-Jansen", by=participant)
    asked = issuing.correct_name(certificate, "Barack Obama", by=participant)
    issuing.decide_name_change(asked, approve=False, by=None)

    data = json.loads(participant_client.get("/accounts/data/").content)
    [exported] = data["certificates"]
    assert [
        (c["old_name"], c["new_name"], c["status"], bool(c["decided_at"]))
        for c in exported["name_changes"]
    ] == [
        ("Sanne de Boer", "Sanne de Boer-Jansen", "applied", False),
        ("Sanne de Boer-Jansen", "Barack Obama", "rejected", True),
    ]


def test_the_owners_page_costs_the_same_queries_with_many_changes(
    participant_client, certificate, participant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/certificates/{certificate.code}/"
    participant_client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert participant_client.get(url).status_code == 200
        return len(queries)

    issuing.correct_name(certificate, "Sanne de Boer-Jansen", by=participant)
    one = count()
    for number, name in enumerate(["Sanne de Boer", "Sanne de Bor"]):
        issuing.correct_name(
            certificate,
            name,
            by=participant,
            now=timezone.now() + timedelta(seconds=number + 1),
        )
    assert count() == one
    assert re.search(r"Sanne de Bor\b", participant_client.get(url).content.decode())
