"""The worked examples and templates a participant takes home (issue 19): made by
courses.handouts from fixtures/demo_handouts.json, loaded as CMS documents by
load_demo, offered as downloads on their modules."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.documents import get_document_model

from courses import handouts
from courses.models import ModulePage

HANDOUTS = json.loads(
    (Path(settings.BASE_DIR) / "fixtures" / "demo_handouts.json").read_text("utf-8")
)["handouts"]


DUTCH_WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                  "zaterdag", "zondag"]  # fmt: skip


def handout(slug):
    return next(h for h in HANDOUTS if h["slug"] == slug)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


def docx_text(content):
    document = WordDocument(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


@pytest.mark.parametrize("slug", ["voorbeeldbriefing-gesprek",
                                  "afsprakenblad-leidinggevende"])  # fmt: skip
def test_a_worked_example_prints_on_one_a4_page_with_all_it_says(slug):
    spec = handout(slug)
    pages, text = pdf_text(handouts.render(spec, "pdf"))
    assert pages == 1
    words = " ".join(text.split())
    assert spec["example"]["heading"] in words
    for section in spec["example"]["sections"]:
        assert section["heading"] in words
        for line in section["lines"]:
            # Every sentence is on the page (wrapped lines joined again).
            assert line.split(".")[0] in words, line
    assert "Verzonnen voorbeeld" in words


@pytest.mark.parametrize("slug", ["voorbeeldbriefing-gesprek",
                                  "afsprakenblad-leidinggevende"])  # fmt: skip
def test_the_word_document_holds_the_example_and_an_empty_template(slug):
    spec = handout(slug)
    paragraphs = docx_text(handouts.render(spec, "docx"))
    assert spec["example"]["heading"] in paragraphs
    assert spec["template"]["heading"] in paragraphs
    template_at = paragraphs.index(spec["template"]["heading"])
    after = paragraphs[template_at:]
    for section in spec["template"]["sections"]:
        assert section["heading"] in after and section["prompt"] in after
    # Room to write: empty paragraphs under every heading of the template.
    assert after.count("") >= handouts.WRITING_LINES * len(spec["template"]["sections"])
    # The example's filled-in lines are not repeated in the template.
    assert not set(after) & {
        line for s in spec["example"]["sections"] for line in s["lines"]
    }


def test_the_briefing_follows_the_six_points_of_the_modules_format():
    spec = handout("voorbeeldbriefing-gesprek")
    headings = [s["heading"].split(". ", 1)[1] for s in spec["example"]["sections"]]
    assert headings == ["Wie is het?", "Wat is de organisatie?",
                        "Wat weten we al van elkaar?", "Twee ijsbrekers",
                        "Gedeelde connecties", "Mogelijk vervolg"]  # fmt: skip
    # The meeting's date names the right weekday (17 November 2026 is a Tuesday).
    assert "dinsdag 17 november 2026" in spec["example"]["meta"][1]


def test_the_agreement_never_shares_a_password_and_keeps_two_head_admins():
    text = json.dumps(handout("afsprakenblad-leidinggevende"), ensure_ascii=False)
    assert "Geen gedeelde wachtwoorden" in text
    assert "contentbeheerder" in text and "hoofdbeheerder" in text
    assert "Tweestapsverificatie" in text


def test_the_content_calendar_is_a_month_with_right_weekdays_and_a_blank_sheet():
    spec = handout("contentkalender-maand")
    workbook = load_workbook(io.BytesIO(handouts.render(spec, "xlsx")))
    assert workbook.sheetnames == ["Voorbeeld 11-2026", "Jouw maand", "Weekroutine"]
    example = workbook["Voorbeeld 11-2026"]
    rows = list(example.iter_rows(values_only=True))
    assert list(rows[0]) == spec["columns"]
    filled = [r for r in rows[1:] if r and isinstance(r[0], date)]
    assert len(filled) == len(spec["rows"]) >= 10
    for row in filled:
        assert row[1] == DUTCH_WEEKDAYS[row[0].weekday()]
        assert row[0].month == 11
    assert {row[6] for row in filled} <= set(spec["statuses"])
    channels = {row[3] for row in filled}
    assert {"LinkedIn", "X"} <= channels
    # The status column offers the statuses as a list on both calendar sheets.
    for name in ("Voorbeeld 11-2026", "Jouw maand"):
        validations = workbook[name].data_validations.dataValidation
        assert any("Ingepland" in v.formula1 for v in validations)
    blank = list(workbook["Jouw maand"].iter_rows(values_only=True))
    assert blank == [tuple(spec["columns"])]
    assert workbook["Weekroutine"].max_row == len(spec["routine"]) + 1


def test_a_format_a_handout_has_not_is_an_error_not_an_empty_file():
    with pytest.raises(ValueError):
        handouts.render(handout("contentkalender-maand"), "pdf")


def test_load_demo_puts_each_handout_in_the_cms_and_on_its_module(
    demo, participant_client
):
    Document = get_document_model()
    for spec in HANDOUTS:
        module = ModulePage.objects.get(
            slug=spec["module_slug"],
            url_path__contains=f"/{spec['workshop_slug']}/",
        )
        blocks = [b for b in module.body if b.block_type == "download"]
        assert len(blocks) == 1
        # Right after the exercise it belongs to.
        body = list(module.body)
        at = body.index(blocks[0])
        assert body[at - 1].block_type == "exercise"
        assert body[at - 1].value["title"] == spec["after_exercise"]

        page = participant_client.get(module.url).content.decode()
        assert spec["title"] in page
        for fmt in spec["formats"]:
            document = Document.objects.get(
                title=f"{spec['title']} ({handouts.FORMATS[fmt][0]})"
            )
            assert document.collection.name == "Hand-outs"
            assert document.url in page
            label = {"pdf": "PDF-bestand", "docx": "Word-bestand",
                     "xlsx": "Excel-bestand"}[fmt]  # fmt: skip
            assert label in page
            response = participant_client.get(document.url)
            assert response.status_code == 200
            content = b"".join(response.streaming_content)
            assert content == handouts.render(spec, fmt)
            assert document.file_size == len(content)


def test_load_demo_twice_makes_each_document_once_and_keeps_a_trainers_file(demo):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    Document = get_document_model()
    count = Document.objects.count()
    replaced = Document.objects.get(title__startswith="Contentkalender")
    replaced.file = ContentFile(b"our own calendar", name="kalender.xlsx")
    replaced.save()
    call_command("load_demo", stdout=io.StringIO())
    assert Document.objects.count() == count == 10  # 5 in Dutch, 5 in English
    replaced.refresh_from_db()
    assert replaced.file.read() == b"our own calendar"


def test_a_deleted_document_leaves_the_module_and_an_empty_block_is_not_shown(
    demo, participant_client
):
    Document = get_document_model()
    crm = ModulePage.objects.get(slug="linkedin-als-licht-crm")
    calendar = ModulePage.objects.get(slug="meerdere-kanalen-efficient-beheren")
    assert (
        "Contentkalender voor een maand"
        in participant_client.get(calendar.url).content.decode()
    )
    Document.objects.get(
        title__startswith="Voorbeeldbriefing", title__endswith="(Word)"
    ).delete()
    Document.objects.get(title__startswith="Contentkalender").delete()

    page = participant_client.get(crm.url).content.decode()
    assert page.count("-bestand, ") == 1 and "Word-bestand" not in page
    response = participant_client.get(calendar.url)
    assert response.status_code == 200
    assert "Contentkalender voor een maand" not in response.content.decode()
    assert 'class="downloads"' not in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"after_exercise": "Een opdracht die niet bestaat"},
        {"formats": ["odt"]},
        {"formats": []},
        {"kind": "calendar"},  # a calendar has no PDF or Word form
    ],
)
def test_a_broken_handout_stops_load_demo_with_its_name_and_loads_nothing(
    db, tmp_path, monkeypatch, change
):
    from django.core.management import CommandError, call_command

    from academy.management.commands import load_demo
    from courses.models import WorkshopPage

    broken = json.loads(json.dumps(HANDOUTS))
    broken[0].update(change)
    path = tmp_path / "handouts.json"
    path.write_text(json.dumps({"handouts": broken}), encoding="utf-8")
    monkeypatch.setattr(load_demo, "DEMO_HANDOUTS", path)
    with pytest.raises(CommandError, match="voorbeeldbriefing-gesprek"):
        call_command("load_demo", stdout=io.StringIO())
    assert not WorkshopPage.objects.exists()  # one transaction: all or nothing


def test_a_handout_without_a_description_loads(db, tmp_path, monkeypatch):
    from django.core.management import call_command

    from academy.management.commands import load_demo

    plain = json.loads(json.dumps(HANDOUTS))
    del plain[0]["description"]
    path = tmp_path / "handouts.json"
    path.write_text(json.dumps({"handouts": plain}), encoding="utf-8")
    monkeypatch.setattr(load_demo, "DEMO_HANDOUTS", path)
    call_command("load_demo", stdout=io.StringIO())
    module = ModulePage.objects.get(slug="linkedin-als-licht-crm")
    (block,) = [b for b in module.body if b.block_type == "download"]
    assert block.value["description"] == ""
