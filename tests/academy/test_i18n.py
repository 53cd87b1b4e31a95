"""Dutch by default, English under /en/, and every participant string translated."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import make_tips_page, make_workshop

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale"


def test_plain_urls_are_dutch_and_en_urls_english(participant_client):
    client = participant_client
    make_workshop(modules=2)
    dutch = client.get("/workshops/linkedin/module-1/").content.decode()
    english = client.get("/en/workshops/linkedin/module-1/").content.decode()

    assert '<html lang="nl">' in dutch
    assert "Direct naar de inhoud" in dutch and "Volgende module" in dutch
    assert '<html lang="en">' in english
    assert "Skip to main content" in english and "Next module" in english


def test_links_stay_in_the_chosen_language(client):
    from tests.factories import translate

    workshop = make_workshop(modules=2)
    module = workshop.get_children().first()
    translate(module, title="Module one", slug="module-one")
    english = client.get("/en/workshops/linkedin/").content.decode()
    assert 'href="/en/workshops/linkedin/module-one/"' in english
    assert 'href="/en/accounts/login/"' in english


def test_a_page_not_translated_yet_is_the_dutch_one_with_its_dutch_links(client):
    make_workshop(modules=2)
    english = client.get("/en/workshops/linkedin/")
    assert english.status_code == 200
    html = english.content.decode()
    assert 'href="/workshops/linkedin/module-1/"' in html  # the page's own language
    assert 'href="/en/accounts/login/"' in html  # the interface stays English


def test_language_switcher_links_to_the_same_page_in_each_language(client):
    make_tips_page(tips=1)
    html = client.get("/tips/").content.decode()
    assert 'href="/en/tips/" hreflang="en"' in html
    assert 'href="/tips/" hreflang="nl"' in html
    english = client.get("/en/tips/").content.decode()
    assert 'href="/tips/" hreflang="nl"' in english


def test_django_set_language_switches_too(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tips/"})
    assert response.status_code == 302
    assert response.url == "/en/tips/"
    assert response.cookies["django_language"].value == "en"


def test_account_pages_are_dutch_by_default_and_english_under_en(client):
    dutch = client.get("/accounts/login/").content.decode()
    english = client.get("/en/accounts/login/").content.decode()
    assert "Wachtwoord" in dutch
    assert "Password" in english


def test_every_message_has_a_dutch_translation():
    catalog = polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po"))
    assert len(catalog) > 50
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext, msgmerge)"
)
def test_every_string_of_the_code_and_templates_has_a_dutch_translation(tmp_path):
    """Extract every translatable string as `makemessages` does, on a copy of the
    project (the real catalogue is not touched), and fail on one that has no Dutch
    translation: a string added to a template or to Python code but never put in
    the catalogue is caught here, not by a participant."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    skip = shutil.ignore_patterns(
        ".*", "node_modules", "media", "staticfiles", "*.sqlite3", "__pycache__",
        "tests", "benchmarks",
    )  # fmt: skip
    shutil.copytree(root, copy, ignore=skip)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in extracted.untranslated_entries()]
    guessed = [e.msgid for e in extracted.fuzzy_entries()]
    assert missing == [] and guessed == [], (missing, guessed)
    assert len(extracted.translated_entries()) > 500


def test_compiled_catalog_matches_the_po_file():
    po_path = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in polib.pofile(str(po_path)).translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            entry.msgstr_plural,
        ), f"run `make messages`: {entry.msgid!r} is not compiled"


def test_organisation_name_from_site_settings_shows_in_header_and_footer(client):
    from academy.base.models import SiteSettings

    client.get("/")  # caches the branding
    site_settings = SiteSettings.load()
    site_settings.organisation_name = "Bureau Relatiewerk"
    site_settings.save()

    html = client.get("/").content.decode()
    assert '<span class="brand__name">Bureau Relatiewerk</span>' in html
    assert "Bureau Relatiewerk: relatiebeheer met LinkedIn" in html
