"""The certificate as a PDF: A4 landscape, bundled Unicode fonts, a QR code.

`render(certificate, verify_url, logo=None)` returns the PDF bytes; the caller passes
the logo as bytes (or None). Texts follow the active language.

Names, titles and other texts print in any script the bundled fonts cover: DejaVu
for Latin, Greek, Cyrillic, Arabic and Hebrew ("Şükrü Yılmaz", "Ελένη", "محمد"),
Droid Sans Fallback for Chinese, Japanese and Korean ("王小明", "山田花子", "김민준").
Each text is split into runs by the fonts' glyphs and drawn run after run; Arabic is
joined and right-to-left text reordered first (certificates/scripts.py).
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
from certificates import scripts

FONTS = Path(__file__).resolve().parent / "fonts"
BRAND = HexColor("#0f4c5c")
ACCENT = HexColor("#b4410f")
INK = HexColor("#1d2733")
SOFT = HexColor("#4a5563")
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 36

FONT_FILES = {
    "Sans": "DejaVuSans.ttf",
    "Sans-Bold": "DejaVuSans-Bold.ttf",
    "Serif": "DejaVuSerif.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "CJK": "DroidSansFallback.ttf",  # TrueType outlines: TTFont reads no CFF
}
# The fonts each style draws in, the first that has a character's glyph: DejaVu
# Serif has no Arabic or Hebrew, DejaVu Sans has; neither has Chinese, Japanese or
# Korean, Droid Sans Fallback has.
STYLES = {
    "Sans": ("Sans", "CJK"),
    "Sans-Bold": ("Sans-Bold", "CJK"),
    "Serif": ("Serif", "Sans", "CJK"),
    "Serif-Bold": ("Serif-Bold", "Sans-Bold", "CJK"),
}
BOLD = frozenset({"Sans-Bold", "Serif-Bold"})
# Droid Sans Fallback has no bold: in a bold style its glyphs are also outlined
# (text render mode 2), by this fraction of the font size.
SYNTHETIC_BOLD = 0.025


# Read only when a text needs it: Droid Sans Fallback takes some 30 MB in memory
# (its 25,000 glyphs), more than all the other fonts together.
LAZY_FONTS = frozenset({"CJK"})


@cache
def register_fonts():
    """DejaVu ("Şükrü Yılmaz", "Zoë Ørsted", "Ελένη"); Droid Sans Fallback waits."""
    for name in FONT_FILES:
        if name not in LAZY_FONTS:
            register_font(name)
    return True


@cache
def register_font(name):
    pdfmetrics.registerFont(TTFont(name, str(FONTS / FONT_FILES[name])))
    return True


@cache
def glyphs(name):
    """The code points font `name` has glyphs for (reading the font first)."""
    register_font(name)
    return pdfmetrics.getFont(name).face.charToGlyph


class LazyGlyphs:
    """glyphs(name), read at the first character the fonts before it lack."""

    def __init__(self, name):
        self.name = name

    def __contains__(self, code):
        return code in glyphs(self.name)


@cache
def fonts_of(style):
    """The style's fonts, as (name, the code points it has glyphs for)."""
    register_fonts()
    return tuple(
        (name, LazyGlyphs(name) if name in LAZY_FONTS else glyphs(name))
        for name in STYLES[style]
    )


@cache
def arabic_reshaper():
    return scripts.reshaper_for(glyphs("Sans"))


def layout(text, style):
    """[(font, text)]: the runs `text` is drawn in, left to right, in `style`."""
    return scripts.runs(scripts.visual(text, arabic_reshaper()), fonts_of(style))


def runs_width(runs, size):
    return sum(pdfmetrics.stringWidth(text, font, size) for font, text in runs)


def fitting_size(text, style, size, max_width, smallest=12):
    """The largest font size (down to `smallest`) at which `text` fits the width."""
    runs = layout(text, style)
    while size > smallest and runs_width(runs, size) > max_width:
        size -= 1
    return size


def draw(pdf, text, style, size, x, y, colour=INK, align="left"):
    """Draw `text` from x ("left"), around x ("centre") or up to x ("right")."""
    runs = layout(text, style)
    if align != "left":
        x -= runs_width(runs, size) / (2 if align == "centre" else 1)
    pdf.saveState()
    pdf.setLineWidth(size * SYNTHETIC_BOLD)
    line = pdf.beginText(x, y)
    line.setFillColor(colour)
    line.setStrokeColor(colour)
    mode = 0
    for font, run in runs:
        line.setFont(font, size)
        synthetic_bold = style in BOLD and font not in BOLD
        if mode != (2 if synthetic_bold else 0):
            mode = 2 if synthetic_bold else 0
            line.setTextRenderMode(mode)
        line.textOut(run)
    pdf.drawText(line)
    pdf.restoreState()


def centred(pdf, text, style, size, y, colour=INK, max_width=PAGE_WIDTH - 4 * MARGIN):
    size = fitting_size(text, style, size, max_width)
    draw(pdf, text, style, size, PAGE_WIDTH / 2, y, colour, align="centre")


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
    pdf.setTitle(f"{_('Certificate')}: {certificate.title}")
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
    centred(pdf, certificate.title, "Sans-Bold", 22, PAGE_HEIGHT - 322, INK)
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
        draw(pdf, certificate.signatory_name, "Sans-Bold", 12, MARGIN + 30, bottom + 18)
        draw(pdf, certificate.role, "Sans", 10, MARGIN + 30, bottom + 4, SOFT)

    qr_size = 92
    qr_x = PAGE_WIDTH - MARGIN - 30 - qr_size
    draw_qr(pdf, verify_url, qr_x, bottom - 8, qr_size)
    text_right = qr_x - 12
    verify = _("Verify this certificate:")
    draw(pdf, verify, "Sans", 8.5, text_right, bottom + 60, SOFT, align="right")
    url_size = fitting_size(verify_url, "Sans", 8.5, 330, smallest=6)
    draw(pdf, verify_url, "Sans", url_size, text_right, bottom + 47, align="right")
    pdf.linkURL(verify_url, (text_right - 330, bottom + 44, text_right, bottom + 58))
    code = _("Code: %(code)s") % {"code": certificate.code}
    draw(pdf, code, "Sans", 8.5, text_right, bottom + 34, SOFT, align="right")

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
