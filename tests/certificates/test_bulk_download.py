"""Trainers download the certificates the progress report shows for one workshop as
one ZIP of PDFs, streamed (certificates/bulk.py, the view in wagtail_hooks.py)."""

import io
import re
import zipfile
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from academy.base.models import SiteSettings
from academy.base.privacy import delete_account
from certificates import bulk
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage
from tests.conftest import clear_caches
from tests.factories import make_image, make_user, make_workshop

from .helpers import finish, pdf_text

pytestmark = pytest.mark.django_db

ZIP_URL = "/admin/reports/participant-progress/certificates-zip/"
REPORT_URL = "/admin/reports/participant-progress/"


def download(client, **params):
    response = client.get(ZIP_URL, params)
    assert response.status_code == 200, response
    assert isinstance(response, StreamingHttpResponse)
    pieces = list(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None  # every entry's checksum is right
    # Sent as written: a piece per PDF, then the archive's directory.
    assert len(pieces) == len(archive.namelist()) + 1
    return response, archive


def pdfs_in(archive):
    """{file name: the PDF's text}, each read back as a valid PDF."""
    texts = {}
    for entry in archive.infolist():
        content = archive.read(entry)
        assert content.startswith(b"%PDF-")
        assert len(PdfReader(io.BytesIO(content)).pages) == 1
        texts[entry.filename] = pdf_text(content)
    return texts


@pytest.fixture
def linkedin(branding):
    """LinkedIn (one module): Sanne, Şükrü and 王小明 hold a valid certificate; Piet's
    is revoked, Eva deleted her account (withdrawn), Joost is still busy (two
    modules, one done); Twitter/X has a certificate of its own, and the trainer
    tried LinkedIn (no participant: not in the report)."""
    workshop = make_workshop(modules=2)
    first, _second = ModulePage.objects.child_of(workshop)
    people = {}
    for email, name in [
        ("sanne@example.com", "Sanne de Boer"),
        ("sukru@example.com", "Şükrü Yılmaz"),
        ("wang@example.com", "王小明"),
        ("piet@example.com", "Piet Jansen"),
        ("eva@example.com", "Eva de Vries"),
    ]:
        user = make_user(email, full_name=name)
        people[email] = SimpleNamespace(user=user, certificate=finish(user, workshop))
    revoked = people["piet@example.com"].certificate
    revoked.is_revoked, revoked.revocation_reason = True, "Ten onrechte uitgegeven"
    revoked.save()
    delete_account(people["eva@example.com"].user)
    busy = make_user("joost@example.com", full_name="Joost Bakker")
    participation.record_completion(busy, first)
    twitter = make_workshop(modules=1, slug="twitter-x", title="Twitter/X")
    finish(people["sanne@example.com"].user, twitter)
    return SimpleNamespace(workshop=workshop, twitter=twitter, people=people)


def valid_codes(fixture, *emails):
    return {fixture.people[email].certificate.code for email in emails}


def code_of(file_name, codes):
    (code,) = [code for code in codes if file_name.endswith(f"-{code}.pdf")]
    return code


def codes_in(archive):
    codes = Certificate.objects.values_list("code", flat=True)
    return {code_of(name, codes) for name in archive.namelist()}


def test_a_trainer_downloads_the_workshops_valid_certificates(
    trainer_client, trainer, linkedin
):
    finish(trainer, linkedin.workshop)  # a trainer's try: not in the report
    response, archive = download(trainer_client, workshop=linkedin.workshop.pk)

    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificaten-linkedin-{today}.zip"'
    )
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    # Revoked (Piet), withdrawn (Eva), busy (Joost), the trainer's: left out.
    assert codes_in(archive) == valid_codes(
        linkedin, "sanne@example.com", "sukru@example.com", "wang@example.com"
    )
    codes = Certificate.objects.values_list("code", flat=True)
    texts = {code_of(name, codes): text for name, text in pdfs_in(archive).items()}
    sanne = linkedin.people["sanne@example.com"].certificate
    sukru = linkedin.people["sukru@example.com"].certificate
    assert "Sanne de Boer" in texts[sanne.code]
    assert "Şükrü Yılmaz" in texts[sukru.code]
    for code, text in texts.items():
        assert "LinkedIn" in text and "Hierbij verklaren wij dat" in text
        assert "Twitter" not in text
        # The verification link, absolute, in the default language.
        assert f"http://testserver/certificates/{code}/" in text.replace("\n", "")
    # Stored (a PDF is compressed already), each entry written after its data.
    for entry in archive.infolist():
        assert entry.compress_type == zipfile.ZIP_STORED
        assert entry.flag_bits & 0x08  # a data descriptor: written as it streamed


def test_the_pdfs_are_the_ones_the_certificate_pages_serve(trainer_client, linkedin):
    _response, archive = download(trainer_client, workshop=linkedin.workshop.pk)
    sanne = linkedin.people["sanne@example.com"].certificate
    (name,) = [n for n in archive.namelist() if n.endswith(f"-{sanne.code}.pdf")]
    single = trainer_client.get(f"/certificates/{sanne.code}/pdf/").content
    assert archive.read(name) == single  # same verification link: one render


def test_file_names_are_readable_safe_and_unique(trainer_client, linkedin):
    twin = make_user("sanne2@example.com", full_name="Sanne de Boer")
    twin_certificate = finish(twin, linkedin.workshop)
    _response, archive = download(trainer_client, workshop=linkedin.workshop.pk)
    names = archive.namelist()
    assert len(names) == len({n.casefold() for n in names}) == 4
    for name in names:
        assert re.fullmatch(r"certificaat-linkedin-[a-z0-9-]*[A-Za-z0-9_-]+\.pdf", name)
        assert name.isascii() and "/" not in name and ".." not in name
    sanne = linkedin.people["sanne@example.com"].certificate
    wang = linkedin.people["wang@example.com"].certificate
    sukru = linkedin.people["sukru@example.com"].certificate
    assert set(names) == {
        f"certificaat-linkedin-sanne-de-boer-{sanne.code}.pdf",
        f"certificaat-linkedin-sanne-de-boer-{twin_certificate.code}.pdf",
        f"certificaat-linkedin-sukru-ylmaz-{sukru.code}.pdf",
        f"certificaat-linkedin-{wang.code}.pdf",  # no Latin letters: the code
    }


def test_member_names_never_clash_even_when_only_the_case_differs():
    def certificate(name, code):
        return SimpleNamespace(workshop_title="LinkedIn", name=name, code=code)

    taken = set()
    first = bulk._unique(bulk.member_name(certificate("王小明", "AbCd")), taken)
    second = bulk._unique(bulk.member_name(certificate("王五", "abcd")), taken)
    assert first == "certificaat-linkedin-AbCd.pdf"
    assert second == "certificaat-linkedin-abcd-2.pdf"
    long = bulk.member_name(certificate("x" * 200, "code"))
    assert len(long) < 100 and long.endswith("-code.pdf")


def test_the_reports_status_filter_is_respected(trainer_client, linkedin):
    # Şükrü reopened a module: in progress again, still holding the certificate.
    sukru = linkedin.people["sukru@example.com"].user
    participation.reopen(sukru, ModulePage.objects.child_of(linkedin.workshop).first())

    _response, archive = download(
        trainer_client, workshop=linkedin.workshop.pk, status="finished"
    )
    assert codes_in(archive) == valid_codes(
        linkedin, "sanne@example.com", "wang@example.com"
    )
    _response, archive = download(
        trainer_client, workshop=linkedin.workshop.pk, status="in_progress"
    )
    assert codes_in(archive) == valid_codes(linkedin, "sukru@example.com")


def test_the_report_links_to_the_zip_with_its_filters(trainer_client, linkedin):
    html = trainer_client.get(REPORT_URL).content.decode()
    assert "Download certificaten (zip)" in html
    assert f'href="{ZIP_URL}"' in html
    params = f"workshop={linkedin.workshop.pk}&amp;status=finished"
    html = trainer_client.get(f"{REPORT_URL}?{params}&amp;p=1".replace("&amp;", "&"))
    assert f'href="{ZIP_URL}?{params}"' in html.content.decode()
    # The filters' refresh (the results alone) brings the link up to date.
    results = trainer_client.get(
        f"{REPORT_URL}results/",
        {"workshop": linkedin.workshop.pk, "_w_filter_fragment": 1},
    ).content.decode()
    assert f'href="{ZIP_URL}?workshop={linkedin.workshop.pk}"' in results


def test_without_a_workshop_the_trainer_is_told_to_choose_one(trainer_client, linkedin):
    response = trainer_client.get(ZIP_URL, {"status": "finished"})
    assert response.status_code == 302
    assert response.url == f"{REPORT_URL}?status=finished"
    html = trainer_client.get(response.url).content.decode()
    assert "Kies eerst een workshop in de filters" in html


def test_no_valid_certificates_is_said_not_zipped(trainer_client, linkedin):
    response = trainer_client.get(
        ZIP_URL,
        {"workshop": linkedin.workshop.pk, "status": "not_started"},
        follow=True,
    )
    html = response.content.decode()
    assert "Geen van de deelnemers die het rapport voor “LinkedIn” toont" in html
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "params",
    [
        {"workshop": "abc"},
        {"workshop": "999999"},
        {"workshop": str(2**70)},
        {"workshop": "-1"},
        {"workshop": "{workshop}", "status": "bogus"},
        {"workshop": ["{workshop}", "x"]},
    ],
)
def test_unknown_workshops_and_garbage_are_a_400(trainer_client, linkedin, params):
    pk = str(linkedin.workshop.pk)
    params = {
        key: [v.format(workshop=pk) for v in value]
        if isinstance(value, list)
        else value.format(workshop=pk)
        for key, value in params.items()
    }
    response = trainer_client.get(ZIP_URL, params)
    assert response.status_code == 400
    assert response.content.decode().startswith("Deze filters zijn ongeldig")


def test_only_get(trainer_client, linkedin):
    response = trainer_client.post(ZIP_URL, {"workshop": linkedin.workshop.pk})
    assert response.status_code == 405


def test_participants_and_anonymous_get_no_zip(client, linkedin):
    url = f"{ZIP_URL}?workshop={linkedin.workshop.pk}"
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(linkedin.people["sanne@example.com"].user)  # holds one
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert not response.streaming and response.get("Content-Type") != "application/zip"


def test_seeing_the_report_is_not_enough(client, linkedin):
    """Who sees progress but not certificates gets no button and no ZIP (the URL
    checks for itself)."""
    group = Group.objects.create(name="Progress only")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_enrolment"),
    )
    viewer = make_user("kijker@example.com")
    viewer.groups.add(group)
    client.force_login(viewer)
    html = client.get(REPORT_URL).content.decode()
    assert "Sanne de Boer" in html and ZIP_URL not in html
    response = client.get(ZIP_URL, {"workshop": linkedin.workshop.pk})
    assert response.status_code in (302, 403) and not response.streaming
    assert "/admin/reports/" not in response.get("Location", "")


def zip_queries(client, workshop):
    clear_caches()  # every PDF rendered, as on a first download
    with CaptureQueriesContext(connection) as queries:
        _response, archive = download(client, workshop=workshop.pk)
    return len(queries), len(archive.namelist())


def test_the_queries_do_not_grow_with_the_certificates(
    trainer_client, branding, django_assert_max_num_queries
):
    site_settings = SiteSettings.load()
    site_settings.logo = make_image("Logo")  # read once per ZIP, not once per PDF
    site_settings.save()
    workshop = make_workshop(modules=1)
    for number in range(3):
        finish(
            make_user(f"p{number}@example.com", full_name=f"Deelnemer {number}"),
            workshop,
        )
    zip_queries(trainer_client, workshop)  # the logo's rendition is made once
    few, count = zip_queries(trainer_client, workshop)
    assert count == 3
    for number in range(3, 12):
        finish(
            make_user(f"p{number}@example.com", full_name=f"Deelnemer {number}"),
            workshop,
        )
    clear_caches()
    with django_assert_max_num_queries(few):
        _response, archive = download(trainer_client, workshop=workshop.pk)
    assert len(archive.namelist()) == 12
    # And again, the PDFs cached: no more.
    with django_assert_max_num_queries(few):
        download(trainer_client, workshop=workshop.pk)
