"""The certificate as a PDF: A4 landscape, a bundled Unicode font, a QR code.

`render(certificate, verify_url, logo=None)` returns the PDF bytes; the caller passes
the logo as bytes (or None). Texts follow the active language.
"""

import io
from functools import cache
from pathlib import Path

import segno
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from academy.base.formats import format_duration

FONTS = Path(__file__).resolve().parent / "fonts"
BRAND = HexColor("#0f4c5c")
ACCENT = HexColor("#b4410f")
INK = HexColor("#1d2733")
SOFT = HexColor("#4a5563")
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 36


@cache
def register_fonts():
    """DejaVu covers Latin, Greek and Cyrillic: "Şükrü Yılmaz" and "Zoë Ørsted"."""
    for name, filename in [
        ("Sans", "DejaVuSans.ttf"),
        ("Sans-Bold", "DejaVuSans-Bold.ttf"),
        ("Serif", "DejaVuSerif.ttf"),
        ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
    ]:
        pdfmetrics.registerFont(TTFont(name, str(FONTS / filename)))
    return True


def fitting_size(text, font, size, max_width, smallest=12):
    """The largest font size (down to `smallest`) at which `text` fits the width."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > max_width:
        size -= 1
    return size


def centred(pdf, text, font, size, y, colour=INK, max_width=PAGE_WIDTH - 4 * MARGIN):
    size = fitting_size(text, font, size, max_width)
    pdf.setFont(font, size)
    pdf.setFillColor(colour)
    pdf.drawCentredString(PAGE_WIDTH / 2, y, text)


def draw_qr(pdf, data, x, y, size):
    """Draw a QR code of `data` as vector squares (sharp at any zoom, a few KB)."""
    qr = segno.make(data, error="m")
    matrix = qr.matrix
    module = size / len(matrix)
    pdf.setFillColor(HexColor("#000000"))
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                pdf.rect(
                    x + start * module,
                    top,
                    (column - start) * module,
                    module,
                    stroke=0,
                    fill=1,
                )
            else:
                column += 1


def render(certificate, verify_url, logo=None):
    register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    pdf.setTitle(f"{_('Certificate')}: {certificate.workshop_title}")
    pdf.setAuthor(certificate.organisation_name)
    pdf.setSubject(certificate.name)
    pdf.setCreator("Office Manager 2.0 Academy")

    # Frame
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(3)
    pdf.rect(MARGIN / 2, MARGIN / 2, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN)
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(0.8)
    pdf.rect(
        MARGIN / 2 + 6,
        MARGIN / 2 + 6,
        PAGE_WIDTH - MARGIN - 12,
        PAGE_HEIGHT - MARGIN - 12,
    )

    # Organisation and logo
    top = PAGE_HEIGHT - MARGIN - 24
    if logo:
        image = ImageReader(io.BytesIO(logo))
        width, height = image.getSize()
        scale = min(140 / width, 48 / height)
        pdf.drawImage(
            image,
            MARGIN + 14,
            top - 48 * 0.5,
            width * scale,
            height * scale,
            mask="auto",
        )
    centred(pdf, certificate.organisation_name.upper(), "Sans-Bold", 13, top, BRAND)

    centred(pdf, _("Certificate"), "Serif-Bold", 40, PAGE_HEIGHT - 150, INK)
    centred(pdf, _("This is to certify that"), "Sans", 14, PAGE_HEIGHT - 195, SOFT)
    centred(pdf, certificate.name, "Serif-Bold", 34, PAGE_HEIGHT - 245, BRAND)
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(1)
    pdf.line(
        PAGE_WIDTH / 2 - 160, PAGE_HEIGHT - 258, PAGE_WIDTH / 2 + 160, PAGE_HEIGHT - 258
    )
    centred(
        pdf,
        _("has successfully completed the workshop"),
        "Sans",
        14,
        PAGE_HEIGHT - 290,
        SOFT,
    )
    centred(pdf, certificate.workshop_title, "Sans-Bold", 22, PAGE_HEIGHT - 322, INK)
    details = _("Completed on %(date)s · Duration %(duration)s") % {
        "date": formats.date_format(certificate.issued_on, "j F Y"),
        "duration": format_duration(certificate.duration_minutes),
    }
    if certificate.trainer_name:
        details += " · " + _("Trainer: %(name)s") % {"name": certificate.trainer_name}
    centred(pdf, details, "Sans", 12, PAGE_HEIGHT - 350, SOFT)

    # Signature (left) and verification (right)
    bottom = MARGIN + 40
    if certificate.signatory_name:
        pdf.setStrokeColor(INK)
        pdf.setLineWidth(0.6)
        pdf.line(MARGIN + 30, bottom + 34, MARGIN + 250, bottom + 34)
        pdf.setFont("Sans-Bold", 12)
        pdf.setFillColor(INK)
        pdf.drawString(MARGIN + 30, bottom + 18, certificate.signatory_name)
        pdf.setFont("Sans", 10)
        pdf.setFillColor(SOFT)
        pdf.drawString(MARGIN + 30, bottom + 4, certificate.signatory_role)

    qr_size = 92
    qr_x = PAGE_WIDTH - MARGIN - 30 - qr_size
    draw_qr(pdf, verify_url, qr_x, bottom - 8, qr_size)
    pdf.setFont("Sans", 8.5)
    pdf.setFillColor(SOFT)
    text_right = qr_x - 12
    pdf.drawRightString(text_right, bottom + 60, _("Verify this certificate:"))
    url_size = fitting_size(verify_url, "Sans", 8.5, 330, smallest=6)
    pdf.setFont("Sans", url_size)
    pdf.setFillColor(INK)
    pdf.drawRightString(text_right, bottom + 47, verify_url)
    pdf.linkURL(verify_url, (text_right - 330, bottom + 44, text_right, bottom + 58))
    pdf.setFont("Sans", 8.5)
    pdf.setFillColor(SOFT)
    pdf.drawRightString(
        text_right, bottom + 34, _("Code: %(code)s") % {"code": certificate.code}
    )

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
