"""Take-home documents made from a plain description: worked examples and templates.

A handout is a dict (the demo's are in fixtures/demo_handouts.json):
- kind "document": an `example` (filled in) and a `template` (headings with a prompt
  and room to write), as a PDF (the example, to print) and a Word document (the
  example, then the template on a page of its own, to fill in and change);
- kind "calendar": a month of rows with fixed columns, as a spreadsheet with the
  example, an empty sheet for one's own month and the weekly routine.

`render(handout, fmt, language)` returns the file's bytes in `language` (the words the
code adds: weekdays, sheet names, headings; the handout's own texts are in the
language they are written in); no request, no database. The
documents are loaded into the CMS as Wagtail documents by `manage.py load_demo`, where
trainers can replace them like any other document.
"""

import io
import re
import zipfile
from datetime import date, datetime

from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

# Office files are zip archives stamped with the time they were written: fixed, so a
# handout is the same bytes every time it is made (the same hash, no spurious change).
FIXED_TIME = datetime(2026, 1, 1)

FORMATS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
WRITING_LINES = 3  # empty lines under each heading of a template


def filename(handout, fmt):
    return f"{handout['slug']}.{fmt}"


def render(handout, fmt, language="nl"):
    renderers = {
        ("calendar", "xlsx"): calendar_xlsx,
        ("document", "pdf"): document_pdf,
        ("document", "docx"): document_docx,
    }
    renderer = renderers.get((handout["kind"], fmt))
    if renderer is None:
        raise ValueError(f"no {fmt} for a {handout['kind']} handout")
    with translation.override(language):
        return renderer(handout)


def weekday(iso):
    """The day's name in the active language, as a calendar writes it."""
    return str(WEEKDAYS[date.fromisoformat(iso).weekday()])  # Dutch: "maandag"


def language_tag():
    return {"nl": "nl-NL", "en": "en-GB"}.get(translation.get_language(), "nl-NL")


# Word -------------------------------------------------------------------------------


def document_docx(handout):
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = Document()
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    document.core_properties.last_printed = FIXED_TIME
    document.core_properties.title = handout["title"]
    document.core_properties.language = language_tag()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    example = handout["example"]
    document.add_heading(example["heading"], level=1)
    for line in example.get("meta", []):
        document.add_paragraph(line)
    for section in example["sections"]:
        document.add_heading(section["heading"], level=2)
        for line in section["lines"]:
            document.add_paragraph(line, style="List Bullet")
    _docx_signatures(document, example.get("signatures", []))
    if example.get("footer"):
        note = document.add_paragraph()
        run = note.add_run(example["footer"])
        run.italic = True
        run.font.size = Pt(9)

    template = handout["template"]
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(template["heading"], level=1)
    for line in template.get("meta", []):
        document.add_paragraph(f"{line} ")
    for section in template["sections"]:
        document.add_heading(section["heading"], level=2)
        prompt = document.add_paragraph()
        run = prompt.add_run(section["prompt"])
        run.italic = True
        for _line in range(WRITING_LINES):
            document.add_paragraph("")
    _docx_signatures(document, template.get("signatures", []))
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _reproducible_zip(content):
    """The same archive with every entry, and the document's own dates (openpyxl
    stamps the time of saving), set to FIXED_TIME."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    data,
                )
            target.writestr(info, data)
    return buffer.getvalue()


def _docx_signatures(document, names):
    if not names:
        return
    table = document.add_table(rows=2, cols=len(names))
    for column, name in enumerate(names):
        table.cell(0, column).text = f"{name}:"
        table.cell(1, column).text = _("Date and signature:")


# PDF --------------------------------------------------------------------------------


def document_pdf(handout):
    """The filled-in example on one A4 page (the layout shrinks its type to fit)."""
    for size in (10, 9.5, 9, 8.5, 8):
        pdf, pages = _example_pdf(handout, size)
        if pages == 1:
            return pdf
    return pdf


def _example_pdf(handout, size):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
    )
    from reportlab.platypus.flowables import KeepTogether

    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=size, leading=size * 1.3,
        alignment=TA_LEFT,
    )  # fmt: skip
    meta = ParagraphStyle("meta", parent=body, textColor=colors.HexColor("#333333"))
    title = ParagraphStyle(
        "title", parent=body, fontName="Helvetica-Bold", fontSize=size * 1.6,
        leading=size * 2, spaceAfter=size * 0.6, textColor=colors.HexColor("#0f4c5c"),
    )  # fmt: skip
    heading = ParagraphStyle(
        "heading", parent=body, fontName="Helvetica-Bold", fontSize=size * 1.1,
        leading=size * 1.5, spaceBefore=size * 0.8, spaceAfter=size * 0.2,
        textColor=colors.HexColor("#0f4c5c"),
    )  # fmt: skip
    small = ParagraphStyle(
        "small", parent=body, fontName="Helvetica-Oblique", fontSize=size * 0.85
    )

    example = handout["example"]
    story = [Paragraph(_escape(example["heading"]), title)]
    story += [Paragraph(_escape(line), meta) for line in example.get("meta", [])]
    for section in example["sections"]:
        items = [
            ListItem(Paragraph(_escape(line), body), leftIndent=12)
            for line in section["lines"]
        ]
        story.append(
            KeepTogether(
                [
                    Paragraph(_escape(section["heading"]), heading),
                    ListFlowable(items, bulletType="bullet", start="•", leftIndent=12),
                ]
            )
        )
    names = example.get("signatures", [])
    if names:
        story.append(Spacer(1, size * 2))
        cells = [[Paragraph(f"{_escape(n)}: ________________________", body)
                  for n in names]]  # fmt: skip
        story.append(Table(cells, colWidths=[85 * mm] * len(names)))
    if example.get("footer"):
        story += [Spacer(1, size * 1.5), Paragraph(_escape(example["footer"]), small)]

    buffer = io.BytesIO()
    pages = []
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=handout["title"],
        author="Office Manager 2.0 Academy",
        lang=language_tag(),
        invariant=True,  # the same bytes every time (no creation date or random id)
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, onLaterPages=lambda c, d: pages.append(d.page))
    return buffer.getvalue(), 1 + len(pages)


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Spreadsheet ------------------------------------------------------------------------


def calendar_xlsx(handout):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.properties.title = handout["title"]
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.properties.language = language_tag()
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="0F4C5C")
    wrap = Alignment(wrap_text=True, vertical="top")
    columns = handout["columns"]
    widths = [12, 11, 28, 10, 60, 28, 16, 16]
    statuses = ",".join(handout["statuses"])

    def sheet(ws, rows):
        ws.append(columns)
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            ws.append(row)
        for n, width in enumerate(widths[: len(columns)], start=1):
            ws.column_dimensions[chr(64 + n)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        ws.freeze_panes = "A2"
        status = columns.index("Status") + 1
        check = DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True)
        ws.add_data_validation(check)
        check.add(f"{chr(64 + status)}2:{chr(64 + status)}200")

    example = workbook.active
    first = date.fromisoformat(handout["rows"][0][0])
    example.title = _("Example %(month)s") % {"month": f"{first:%m-%Y}"}
    sheet(
        example,
        [
            [date.fromisoformat(day), weekday(day), *rest]
            for day, *rest in handout["rows"]
        ],
    )
    for (cell,) in example.iter_rows(min_row=2, max_col=1):
        cell.number_format = "DD-MM-YYYY"
    if handout.get("footer"):
        example.append([])
        example.append([handout["footer"]])
        example.cell(example.max_row, 1).font = Font(italic=True)

    sheet(workbook.create_sheet(_("Your month")), [])
    routine = workbook.create_sheet(_("Weekly routine"))
    routine.append([_("When"), _("How long"), _("What")])
    for cell in routine[1]:
        cell.font, cell.fill = bold, fill
    for row in handout["routine"]:
        routine.append(row)
    for letter, width in zip("ABC", (30, 20, 60), strict=True):
        routine.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible_zip(buffer.getvalue())
