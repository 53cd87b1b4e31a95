"""Certificates: issued on completion, as a PDF, verified by anyone, for LinkedIn."""

import io
import json
import re
import string
import threading
from urllib.parse import parse_qs, urlparse

import pypdfium2
import pytest
import zxingcpp
from django.db import connection
from django.test import Client
from pypdf import PdfReader

from academy.base.models import SiteSettings
from certificates import sharing, verification
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage, WorkshopPage
from tests.factories import make_user, make_workshop

from .helpers import finish, pdf_text

pytestmark = pytest.mark.django_db


def qr_codes(content):
    page = pypdfium2.PdfDocument(content)[0]
    image = page.render(scale=3).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


# Issuing


def test_finishing_the_last_module_issues_one_certificate(participant, branding):
    workshop = make_workshop(modules=3)
    modules = list(ModulePage.objects.child_of(workshop))
    participation.record_completion(participant, modules[2])  # any order
    participation.record_completion(participant, modules[0])
    assert not Certificate.objects.exists()
    participation.record_completion(participant, modules[1])
    participation.record_completion(participant, modules[1])  # again

    certificate = Certificate.objects.get()
    assert certificate.user == participant
    assert certificate.name == "Sanne de Boer"
    assert certificate.workshop_title == "LinkedIn"
    assert certificate.organisation_name == "Bureau Relatiewerk"
    assert certificate.signatory_name == "Marieke van Dijk"
    assert certificate.duration_minutes == 90


def test_issued_certificates_do_not_change_with_later_renames(certificate):
    workshop = WorkshopPage.objects.get()
    workshop.title = "Nieuwe titel"
    workshop.save_revision().publish()
    branding = SiteSettings.load()
    branding.organisation_name = "Andere naam"
    branding.save()
    certificate.user.full_name = "Iemand Anders"
    certificate.user.save()

    certificate.refresh_from_db()
    assert (certificate.workshop_title, certificate.organisation_name) == (
        "LinkedIn",
        "Bureau Relatiewerk",
    )
    assert certificate.name == "Sanne de Boer"


def test_codes_are_long_random_and_url_safe(participant):
    codes = {Certificate(user=participant).code for _ in range(2000)}
    assert len(codes) == 2000
    allowed = set(string.ascii_letters + string.digits + "-_")
    for code in list(codes)[:50]:
        assert len(code) >= 22 and set(code) <= allowed  # 16 random bytes
    # Never a leading "-" or "_" (a spreadsheet formula; a code hard to read out).
    assert all(code[0].isalnum() for code in codes)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor == 'sqlite'", reason="needs PostgreSQL")
def test_concurrent_last_completions_issue_one_certificate():
    workshop = make_workshop(modules=2)
    user = make_user("snel@example.com", full_name="Snel")
    first, second = ModulePage.objects.child_of(workshop)
    participation.record_completion(user, first)
    barrier = threading.Barrier(4)

    def complete():
        barrier.wait()
        participation.record_completion(user, second)
        participation.check_finished(user, workshop)
        connection.close()

    threads = [threading.Thread(target=complete) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Certificate.objects.filter(user=user).count() == 1


# The whole path, as a participant


def test_from_the_last_module_to_a_verified_pdf(
    participant_client, participant, branding
):
    workshop = make_workshop(modules=2)
    first, last = ModulePage.objects.child_of(workshop)
    participation.record_completion(participant, first)
    participant_client.post(f"/progress/modules/{last.pk}/done/")

    dashboard = participant_client.get("/dashboard/").content.decode()
    certificate = Certificate.objects.get()
    assert f"/certificates/{certificate.code}/" in dashboard
    assert "Zet op je LinkedIn-profiel" in dashboard

    page = participant_client.get(f"/certificates/{certificate.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dit certificaat is geldig" in html
    assert "Sanne de Boer" in html and "LinkedIn" in html

    response = participant_client.get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="certificaat-linkedin-sanne-de-boer.pdf"'
        in response["Content-Disposition"]
    )
    content = response.content
    assert len(content) < 200 * 1024
    text = pdf_text(content)
    assert "Sanne de Boer" in text and "LinkedIn" in text
    assert "Bureau Relatiewerk".upper() in text and "Marieke van Dijk" in text
    verify_url = f"http://testserver/certificates/{certificate.code}/"
    assert verify_url in text.replace("\n", "")
    assert qr_codes(content) == [verify_url]

    # Anyone can then verify it, from the link in the PDF.
    anonymous = Client()
    verified = anonymous.get(urlparse(verify_url).path).content.decode()
    assert "Dit certificaat is geldig" in verified


@pytest.mark.parametrize("name", ["Şükrü Yılmaz", "Zoë Ørsted", "Ελένη Παπαδοπούλου"])
def test_names_in_any_script_print(participant, branding, name):
    participant.full_name = name
    participant.save()
    certificate = finish(participant, make_workshop(modules=1))
    from certificates.pdf import render

    content = render(certificate, "https://academy.example.com/certificates/x/")
    assert name in pdf_text(content)


def test_the_pdf_is_a4_landscape(certificate, participant_client):
    content = participant_client.get(f"/certificates/{certificate.code}/pdf/").content
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_the_pdf_is_in_the_language_of_its_url(certificate, participant_client):
    """Found in issue 15: after the English PDF was fetched, the Dutch URL served
    the English PDF from the cache."""
    english = pdf_text(
        participant_client.get(f"/en/certificates/{certificate.code}/pdf/").content
    )
    assert "This is to certify that" in english

    dutch = pdf_text(
        participant_client.get(f"/certificates/{certificate.code}/pdf/").content
    )
    assert "Hierbij verklaren wij dat" in dutch
    assert "This is to certify that" not in dutch
    assert "Sanne de Boer" in dutch

    # And each stays cached in its own language.
    again = participant_client.get(f"/en/certificates/{certificate.code}/pdf/")
    assert "This is to certify that" in pdf_text(again.content)


# Who sees what


def test_only_the_owner_and_trainers_download_the_pdf(client, certificate, trainer):
    url = f"/certificates/{certificate.code}/pdf/"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(make_user("ander@example.com"))
    response = client.get(url)
    assert response.status_code == 404
    assert "niet gevonden" in response.content.decode()
    client.force_login(trainer)
    assert client.get(url).status_code == 200


def test_the_verification_page_shows_nothing_else_about_the_person(client, certificate):
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert certificate.user.email not in html
    assert "Download PDF" not in html and "LinkedIn-profiel" not in html
    assert 'name="robots" content="noindex' in html


def test_the_public_page_is_cached_and_follows_every_change(
    client, certificate, django_assert_num_queries
):
    url = f"/certificates/{certificate.code}/"
    assert "Sanne de Boer" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert "Sanne de Boer" in client.get(url).content.decode()

    certificate.name = "Sanne Jansen"
    certificate.save()
    assert "Sanne Jansen" in client.get(url).content.decode()

    certificate.is_revoked = True
    certificate.revocation_reason = "Ten onrechte uitgegeven"
    certificate.save()
    assert "Dit certificaat is ingetrokken" in client.get(url).content.decode()


def test_a_revocation_while_the_page_is_made_is_never_hidden(
    client, certificate, monkeypatch
):
    """Found in review: a revocation committed while an anonymous visitor's page
    was being made left the old "valid" page cached for an hour."""
    from certificates import views as certificate_views

    real = certificate_views.verification_urls

    def revoke_meanwhile(request, cert):
        Certificate.objects.filter(pk=cert.pk).update(is_revoked=True)
        saved = Certificate.objects.get(pk=cert.pk)
        saved.revocation_reason = "Ten onrechte uitgegeven"
        saved.save()  # what the admin does: the signal gives a new stamp
        return real(request, cert)

    monkeypatch.setattr(certificate_views, "verification_urls", revoke_meanwhile)
    url = f"/certificates/{certificate.code}/"
    assert "Dit certificaat is ingetrokken" not in client.get(url).content.decode()
    monkeypatch.setattr(certificate_views, "verification_urls", real)
    later = type(client)().get(url).content.decode()
    assert "Dit certificaat is ingetrokken" in later


def test_one_visitors_message_is_never_cached_for_the_next(client, certificate):
    """Found in review: the certificate page was cached with the message meant for
    the visitor who made it."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    storage.add(constants.INFO, "Bevestiging verstuurd naar alice@example.com.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    url = f"/certificates/{certificate.code}/"
    assert "alice@example.com" in client.get(url).content.decode()
    assert "alice@example.com" not in type(client)().get(url).content.decode()


def test_unknown_codes_leave_nothing_in_the_cache(client):
    from django.core.cache import cache

    client.get("/certificates/zzzzzzzzzzzzzzzzzzzzzz/")
    assert cache.get("academy:stamp:certificate:zzzzzzzzzzzzzzzzzzzzzz") is None


def test_unknown_code_gives_a_404_that_says_so(client):
    response = client.get("/certificates/bestaat-niet-1234567890/")
    assert response.status_code == 404
    assert "Certificaat niet gevonden" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert client.get("/certificates/bestaat-niet/pdf/").status_code == 404
    assert client.get("/certificates/bestaat-niet.json").status_code == 404


def test_guessing_codes_is_rate_limited(client, settings, certificate):
    settings.CERTIFICATE_LOOKUP_RATE = (3, 60)
    codes = [f"geraden-code-{n:04d}-abcdef" for n in range(3)]
    assert [client.get(f"/certificates/{c}/").status_code for c in codes] == [404] * 3
    response = client.get(f"/certificates/{certificate.code}/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_json_has_the_same_facts(client, certificate):
    response = client.get(f"/certificates/{certificate.code}.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert "OpenBadgeCredential" in data["type"]
    assert data["credentialSubject"]["name"] == "Sanne de Boer"
    assert data["credentialSubject"]["achievement"]["name"] == "LinkedIn"
    assert data["issuer"]["name"] == "Bureau Relatiewerk"
    assert data["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert verification.verify(response.content.decode()).verdict == "valid"
    assert "sanne@example.com" not in response.content.decode()


# LinkedIn and X


def test_the_linkedin_link_carries_the_certificate(participant_client, certificate):
    html = participant_client.get(f"/certificates/{certificate.code}/").content.decode()
    link = re.search(r'href="(https://www.linkedin.com/profile/add\?[^"]+)"', html)
    query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
    issued = certificate.issued_on
    assert query == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["LinkedIn"],
        "organizationName": ["Bureau Relatiewerk"],
        "issueYear": [str(issued.year)],
        "issueMonth": [str(issued.month)],
        "certUrl": [f"http://testserver/certificates/{certificate.code}/"],
        "certId": [certificate.code],
    }
    assert 'value="Bureau Relatiewerk"' in html  # the values to copy
    assert "https://x.com/intent/post?" in html


def test_linkedin_organisation_id_when_configured(certificate):
    url = sharing.linkedin_add_url(certificate, "https://a/c/x/", "12345")
    query = parse_qs(urlparse(url).query)
    assert query["organizationId"] == ["12345"] and "organizationName" not in query


# Name corrections


def test_the_owner_corrects_the_name_and_the_code_stays(
    participant_client, certificate
):
    code = certificate.code
    response = participant_client.post(
        f"/certificates/{code}/name/", {"name": "Sanne de  Boer-Jansen"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.name, certificate.code) == ("Sanne de Boer-Jansen", code)
    change = certificate.name_changes.get()
    assert (change.old_name, change.new_name) == (
        "Sanne de Boer",
        "Sanne de Boer-Jansen",
    )
    html = participant_client.get(f"/certificates/{code}/").content.decode()
    assert "Sanne de Boer-Jansen" in html


def test_the_pdf_is_rendered_once_and_again_after_a_correction(
    participant_client, certificate, monkeypatch
):
    from certificates import pdf as certificate_pdf

    renders = []
    real_render = certificate_pdf.render
    monkeypatch.setattr(
        certificate_pdf,
        "render",
        lambda *args, **kwargs: renders.append(1) or real_render(*args, **kwargs),
    )
    url = f"/certificates/{certificate.code}/pdf/"
    first = participant_client.get(url).content
    assert participant_client.get(url).content == first
    assert len(renders) == 1

    participant_client.post(
        f"/certificates/{certificate.code}/name/", {"name": "Sanne de Boer-Jansen"}
    )
    corrected = participant_client.get(url).content
    assert len(renders) == 2
    assert "Sanne de Boer-Jansen" in pdf_text(corrected)


def test_nobody_else_corrects_the_name(client, certificate, trainer):
    for user in (None, make_user("ander@example.com"), trainer):
        if user:
            client.force_login(user)
        response = client.post(f"/certificates/{certificate.code}/name/", {"name": "X"})
        assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.name == "Sanne de Boer"


# Revoking


def test_trainers_revoke_and_reinstate(trainer_client, certificate):
    client = Client()  # a visitor, and later the owner, next to the trainer
    edit = f"/admin/snippets/certificates/certificate/edit/{certificate.pk}/"
    listing = trainer_client.get(
        "/admin/snippets/certificates/certificate/", {"q": "Sanne"}
    )
    assert listing.status_code == 200 and "Sanne de Boer" in listing.content.decode()
    assert trainer_client.get(edit).status_code == 200

    missing_reason = trainer_client.post(edit, {"is_revoked": "on"})
    assert missing_reason.status_code == 200
    certificate.refresh_from_db()
    assert not certificate.is_revoked

    response = trainer_client.post(
        edit, {"is_revoked": "on", "revocation_reason": "Ten onrechte uitgegeven"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_at
    page = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "Dit certificaat is ingetrokken" in page
    signed = client.get(f"/certificates/{certificate.code}.json").content.decode()
    assert verification.verify(signed).verdict == "revoked"
    client.force_login(certificate.user)
    assert client.get(f"/certificates/{certificate.code}/pdf/").status_code == 404

    trainer_client.post(edit, {"revocation_reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked and certificate.revoked_at is None
    assert client.get(f"/certificates/{certificate.code}/pdf/").status_code == 200


def test_participants_cannot_manage_certificates(participant_client, certificate):
    for url in (
        "/admin/snippets/certificates/certificate/",
        f"/admin/snippets/certificates/certificate/edit/{certificate.pk}/",
    ):
        assert participant_client.get(url).status_code in (302, 403)
