"""A deleted account withdraws its certificates: their links answer 410 "withdrawn by
its holder", without the name (issue 15, point 9)."""

import pytest
from django.test import Client

from academy.base.privacy import delete_account
from certificates import issuing
from certificates.models import Certificate, CertificateNameChange
from tests.factories import make_user, make_workshop

from .helpers import finish

pytestmark = pytest.mark.django_db


def test_deleting_the_account_withdraws_the_certificate(
    participant_client, certificate, participant, django_assert_num_queries
):
    """Found in issue 15: the certificate link on LinkedIn said "not found"."""
    issuing.correct_name(certificate, "Sanne de Boer-Jansen", by=participant)
    code, pk = certificate.code, certificate.pk
    employer = Client()
    url = f"/certificates/{code}/"
    assert "Sanne de Boer-Jansen" in employer.get(url).content.decode()
    with django_assert_num_queries(0):  # the valid page, cached
        assert "Sanne de Boer-Jansen" in employer.get(url).content.decode()

    response = participant_client.post("/accounts/delete/", {"confirm": "on"})
    assert response.status_code == 302

    page = employer.get(url)
    assert page.status_code == 410
    html = page.content.decode()
    assert "Dit certificaat is door de houder teruggetrokken." in html
    assert "Sanne" not in html and "geldig" not in html
    assert "LinkedIn" in html and "Bureau Relatiewerk" in html and code in html
    assert page["X-Robots-Tag"] == "noindex"
    assert 'name="robots" content="noindex' in html

    english = employer.get(f"/en/certificates/{code}/")
    assert english.status_code == 410
    assert "This certificate has been withdrawn by its holder." in (
        english.content.decode()
    )

    data = employer.get(f"/certificates/{code}.json")
    assert data.status_code == 410
    assert data.json()["credentialStatus"]["status"] == "withdrawn"
    assert "Sanne" not in data.content.decode()

    # What is kept holds nothing personal.
    kept = Certificate.objects.get(pk=pk)
    assert (kept.user_id, kept.name, kept.code) == (None, "", code)
    assert (kept.workshop_title, kept.organisation_name) == (
        "LinkedIn",
        "Bureau Relatiewerk",
    )
    assert kept.withdrawn_at is not None and kept.issued_at
    assert not CertificateNameChange.objects.filter(certificate_id=pk).exists()


def test_the_pdf_of_a_withdrawn_certificate_is_gone(trainer_client, certificate):
    url = f"/certificates/{certificate.code}/pdf/"
    assert trainer_client.get(url).status_code == 200
    delete_account(certificate.user)
    assert trainer_client.get(url).status_code == 410
    assert Client().get(url).status_code == 410


def test_trainers_find_no_name_of_a_withdrawn_certificate(trainer_client, certificate):
    url = "/admin/snippets/certificates/certificate/"
    assert certificate.code in trainer_client.get(url, {"q": "Sanne"}).content.decode()
    delete_account(certificate.user)
    listing = trainer_client.get(url, {"q": "Sanne"}).content.decode()
    assert "Sanne de Boer" not in listing
    assert certificate.code not in listing  # the search index forgot the name
    listing = trainer_client.get(url).content.decode()
    assert certificate.code in listing and "door de houder teruggetrokken" in listing


def test_other_participants_certificates_stay(participant, branding):
    workshop = make_workshop(modules=1)
    mine = finish(participant, workshop)
    other = make_user("ander@example.com", full_name="Iemand Anders")
    theirs = finish(other, workshop)

    delete_account(participant)

    theirs.refresh_from_db()
    assert theirs.user == other and theirs.name == "Iemand Anders"
    assert theirs.withdrawn_at is None
    response = Client().get(f"/certificates/{theirs.code}/")
    assert response.status_code == 200 and "Iemand Anders" in response.content.decode()
    assert Client().get(f"/certificates/{mine.code}/").status_code == 410
