"""A trainer's work in the Wagtail admin, in Chromium, and what participants see of it.

Edit a module's text and publish it (the participant's page changes), open the
progress report and export it as CSV, revoke a certificate (the public verification
page then says so).
"""

import csv
import io

import pytest

from academy.users.models import User
from certificates.models import Certificate
from courses import participation
from courses.models import ModulePage, WorkshopPage
from tests.factories import make_user

from .helpers import LINKEDIN_MODULES, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRAINER = "trainer@example.com"
PARTICIPANT = "participant@example.com"
MODULE = "/workshops/linkedin/je-profiel-als-visitekaartje/"
NEW_SENTENCE = "Tip van je trainer: werk je kopregel elk kwartaal bij."


@pytest.fixture
def finished_participant(demo):
    """The demo participant, Sanne de Boer, has finished the LinkedIn workshop;
    Joost is halfway and Aylin has started Twitter/X but done nothing yet."""
    modules = [
        ModulePage.objects.get(locale__language_code="nl", slug=slug)
        for slug in LINKEDIN_MODULES
    ]
    sanne = User.objects.get(email=PARTICIPANT)
    for module in modules:
        participation.record_completion(sanne, module)
    joost = make_user("joost@example.com", full_name="Joost Bakker")
    for module in modules[:3]:
        participation.record_completion(joost, module)
    aylin = make_user("aylin@example.com", full_name="Aylin Demir")
    participation.enrol(
        aylin, WorkshopPage.objects.get(locale__language_code="nl", slug="twitter-x")
    )
    return Certificate.objects.get(user=sanne)


def open_actions(page):
    """Open the admin header's "Acties" menu (exports live there)."""
    page.get_by_role("button", name="Acties").click()


def test_trainer_edits_a_module_and_the_participant_sees_it(
    finished_participant, new_context, screenshot
):
    participant = new_context().new_page()
    log_in(participant, PARTICIPANT, next_url=MODULE)
    assert participant.get_by_role("heading", level=1).inner_text() == (
        "Je profiel als visitekaartje van je organisatie"
    )
    assert participant.get_by_text(NEW_SENTENCE).count() == 0

    trainer = new_context().new_page()
    log_in(trainer, TRAINER, next_url="/admin/")
    module = ModulePage.objects.get(
        locale__language_code="nl", slug=LINKEDIN_MODULES[0]
    )
    trainer.goto(f"/admin/pages/{module.pk}/edit/")
    paragraph = trainer.locator(
        ".Draftail-Editor [contenteditable=true]",
        has_text="Voordat een nieuwe leverancier",
    )
    paragraph.click()
    trainer.keyboard.press("Control+End")
    trainer.keyboard.type(" " + NEW_SENTENCE)
    # Draftail copies the text into the form's hidden field a moment later.
    trainer.wait_for_function(
        """(text) => Array.from(document.querySelectorAll("input[type=hidden]"))
            .some((input) => input.value.includes(text))""",
        arg=NEW_SENTENCE,
    )
    screenshot(trainer, "admin-module-editor")
    trainer.get_by_role("button", name="Meer acties").click()
    trainer.get_by_role("button", name="Publiceren").click()
    trainer.wait_for_url("**/admin/pages/*/")
    assert trainer.get_by_text("is gepubliceerd").first.is_visible()

    participant.reload()
    paragraph = participant.locator(".prose p", has_text=NEW_SENTENCE)
    assert paragraph.inner_text().startswith("Als managementassistent ben je")
    assert paragraph.inner_text().endswith("wat erop staat. " + NEW_SENTENCE)


def test_trainer_exports_the_progress_report(
    finished_participant, new_context, screenshot, tmp_path
):
    trainer = new_context().new_page()
    log_in(trainer, TRAINER, next_url="/admin/reports/participant-progress/")
    assert trainer.get_by_role("heading", name="Voortgang deelnemers").is_visible()
    table = trainer.locator("table.listing")
    for name, percent in [("Sanne de Boer", 100), ("Joost Bakker", 50)]:
        row = table.locator("tr", has=trainer.get_by_role("link", name=name))
        assert row.get_by_text(f"{percent}%").is_visible()
    assert table.get_by_role("link", name="Aylin Demir").is_visible()
    trainer.reload()  # without the "logged in" message, for the screenshot
    screenshot(trainer, "admin-progress-report")

    open_actions(trainer)
    with trainer.expect_download() as download:
        trainer.get_by_role("link", name="CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("participant-progress") and path.suffix == ".csv"
    text = path.read_text(encoding="utf-8-sig")
    by_name = {row["Naam"]: row for row in csv.DictReader(io.StringIO(text))}
    assert sorted(by_name) == ["Aylin Demir", "Joost Bakker", "Sanne de Boer"]
    sanne = by_name["Sanne de Boer"]
    assert sanne["E-mail"] == PARTICIPANT
    assert sanne["Workshop"] == "LinkedIn voor managementassistenten"
    assert (sanne["Modules klaar"], sanne["Modules"]) == ("6", "6")
    assert sanne["Certificaat"] == finished_participant.code
    joost = by_name["Joost Bakker"]
    assert (joost["Modules klaar"], joost["Certificaat"]) == ("3", "")
    aylin = by_name["Aylin Demir"]
    assert (aylin["Workshop"], aylin["Modules klaar"]) == (
        "Twitter/X voor managementassistenten",
        "0",
    )


def test_trainer_revokes_a_certificate(finished_participant, new_context, screenshot):
    certificate = finished_participant
    employer = new_context().new_page()
    employer.goto(f"/certificates/{certificate.code}/")
    assert employer.get_by_text("Dit certificaat is geldig.").is_visible()

    trainer = new_context().new_page()
    log_in(trainer, TRAINER, next_url="/admin/")
    trainer.get_by_role("link", name="Certificaten").click()
    trainer.get_by_role("link", name="Sanne de Boer").click()
    trainer.get_by_label("Ingetrokken").check()
    reason = trainer.get_by_label("Reden van intrekken")
    reason.fill("Uitgegeven aan de verkeerde persoon")
    trainer.get_by_role("button", name="Opslaan").click()
    trainer.wait_for_url("**/admin/snippets/certificates/certificate/")
    certificate.refresh_from_db()
    assert certificate.is_revoked

    employer.reload()
    assert employer.get_by_text("Dit certificaat is ingetrokken.").is_visible()
    assert employer.get_by_text("Dit certificaat is geldig.").count() == 0
    screenshot(employer, "verification-revoked")
