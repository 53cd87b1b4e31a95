"""Certificate PDFs print names in every script: no empty boxes, Arabic joined."""

import ctypes
import io
import struct
import unicodedata

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from pypdf import PdfReader

from academy.base.models import SiteSettings
from certificates import scripts
from certificates.pdf import MARGIN, PAGE_WIDTH, render
from tests.factories import make_workshop

from .helpers import finish, pdf_text

pytestmark = pytest.mark.django_db

VERIFY_URL = "https://academy.example.com/certificates/x/"
NAME_WIDTH = PAGE_WIDTH - 4 * MARGIN  # the widest a name may print


def certificate_for(participant, name, title="LinkedIn"):
    participant.full_name = name
    participant.save()
    return finish(participant, make_workshop(modules=1, title=title))


def missing_glyphs(content):
    """(font, code) of each character drawn with glyph 0 (.notdef): an empty box.

    Reads what is drawn (the strings of the content stream, per font) and looks each
    code up in the cmap of the TrueType subset embedded for that font.
    """
    reader = PdfReader(io.BytesIO(content))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    missing = []
    font = None
    for operands, operator in page.get_contents().operations:
        if operator == b"Tf":
            font = fonts[operands[0]].get_object()
            continue
        if operator == b"Tj":
            strings = [operands[0]]
        elif operator == b"TJ":
            strings = [s for s in operands[0] if not isinstance(s, (int, float))]
        else:
            continue
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        glyphs = subset_cmap(font)
        for string in strings:
            for code in getattr(string, "original_bytes", string):
                if glyphs.get(code, 0) == 0:
                    missing.append((font["/BaseFont"], code))
    return missing


def subset_cmap(font):
    """{code: glyph index} from the (format 6) cmap of an embedded TrueType font."""
    data = font["/FontDescriptor"]["/FontFile2"].get_data()
    (tables,) = struct.unpack(">H", data[4:6])
    for number in range(tables):
        tag, _checksum, offset, _length = struct.unpack(
            ">4sIII", data[12 + 16 * number : 28 + 16 * number]
        )
        if tag == b"cmap":
            break
    (subtable,) = struct.unpack(">I", data[offset + 8 : offset + 12])
    start = offset + subtable
    format_, _length, _language, first, count = struct.unpack(
        ">5H", data[start : start + 10]
    )
    assert format_ == 6
    glyphs = struct.unpack(f">{count}H", data[start + 10 : start + 10 + 2 * count])
    return {first + index: glyph for index, glyph in enumerate(glyphs)}


def characters(content):
    """[(character, left, right, font name)] of the page, as a PDF viewer reads it.

    pdfium gives the characters in reading order (right to left text in logical
    order, presentation forms as their letters) with the box each is drawn in.
    """
    page = pypdfium2.PdfDocument(content)[0]
    text_page = page.get_textpage()
    result = []
    buffer = ctypes.create_string_buffer(256)
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        left, _bottom, right, _top = text_page.get_charbox(index)
        flags = ctypes.c_int()
        pdfium.FPDFText_GetFontInfo(
            text_page.raw, index, buffer, len(buffer), ctypes.byref(flags)
        )
        font = buffer.value.decode().partition("+")[2] or buffer.value.decode()
        result.append((char, left, right, font))
    return result


def printed(content, text):
    """The characters of `text` where the page shows it, found as pdfium reads it."""
    chars = characters(content)
    start = "".join(char for char, *_ in chars).index(text)
    return chars[start : start + len(text)]


def line_of(content, text):
    """The line of pypdf's extracted text that holds `text` (as NFKC letters)."""
    (line,) = [
        line
        for line in pdf_text(content).splitlines()
        if text in unicodedata.normalize("NFKC", line)
    ]
    return line


@pytest.mark.parametrize(
    "name",
    [
        "王小明",
        "山田花子",
        "김민준",
        "Şükrü Yılmaz",
        "Ελένη",
        "Ærøskøbing",
        "王小明 (Wang)",
    ],
)
def test_names_print_in_their_script_without_empty_boxes(participant, branding, name):
    content = render(certificate_for(participant, name), VERIFY_URL)
    assert name in pdf_text(content).splitlines()
    assert missing_glyphs(content) == []


def test_an_arabic_name_prints_joined_and_right_to_left(participant, branding):
    name = "محمد بن سلمان"
    content = render(certificate_for(participant, name), VERIFY_URL)
    assert missing_glyphs(content) == []

    # pypdf reads the drawn presentation forms back in logical order: as letters
    # (NFKC) they are the name.
    line = line_of(content, name)
    assert unicodedata.normalize("NFKC", line) == name
    # Joined: every letter in its initial, medial or final form where it connects,
    # not the isolated letters that would print "م ح م د".
    assert [unicodedata.name(char) for char in line.split()[0]] == [
        "ARABIC LETTER MEEM INITIAL FORM",
        "ARABIC LETTER HAH MEDIAL FORM",
        "ARABIC LETTER MEEM MEDIAL FORM",
        "ARABIC LETTER DAL FINAL FORM",
    ]
    assert all("FORM" in unicodedata.name(char) for char in line if char != " ")

    # Right to left: the first letter is the rightmost, each next one to its left.
    letters = [char for char in printed(content, name) if char[0] != " "]
    lefts = [left for _char, left, _right, _font in letters]
    assert lefts == sorted(lefts, reverse=True)
    assert {font for *_, font in letters} == {"DejaVuSans-Bold"}  # Serif has none


def test_arabic_ligatures_are_only_those_the_font_has(participant, branding):
    """arabic-reshaper would write "الله" as the ligature U+FDF2, which DejaVu
    lacks; lam-alef (U+FEFC in "علاء"), which it has, stays."""
    name = "عبد الله علاء"
    content = render(certificate_for(participant, name), VERIFY_URL)
    assert missing_glyphs(content) == []
    line = line_of(content, name)
    assert unicodedata.normalize("NFKC", line) == name
    assert "\ufdf2" not in line
    assert "\ufefc" in line.split()[2]  # "علاء": lam-alef, final form


def test_mixed_scripts_print_in_their_fonts_and_stay_centred(participant, branding):
    name = "王小明 (Wang)"
    content = render(certificate_for(participant, name), VERIFY_URL)
    chars = printed(content, name)
    fonts = {char: font for char, _left, _right, font in chars}
    assert fonts["王"] == "DroidSansFallback"
    assert fonts["W"] == fonts["("] == "DejaVuSerif-Bold"
    left = min(left for _char, left, _right, _font in chars)
    right = max(right for _char, _left, right, _font in chars)
    assert abs((left + right) / 2 - PAGE_WIDTH / 2) < 3


@pytest.mark.parametrize(
    "name",
    [
        "王小明" * 9 + "王",  # 28 characters, 952 points wide at 34 points
        "محمد بن عبد الرحمن بن عبد العزيز آل سعود",
    ],
)
def test_long_names_in_any_script_shrink_to_fit(participant, branding, name):
    content = render(certificate_for(participant, name), VERIFY_URL)
    assert missing_glyphs(content) == []
    chars = printed(content, name)
    left = min(left for _char, left, _right, _font in chars)
    right = max(right for _char, _left, right, _font in chars)
    assert NAME_WIDTH * 0.9 < right - left <= NAME_WIDTH
    assert abs((left + right) / 2 - PAGE_WIDTH / 2) < 3


def test_workshop_organisation_and_trainer_print_in_any_script(participant):
    SiteSettings.objects.create(
        organisation_name="株式会社 山田",
        signatory_name="김민준",
        signatory_role="مدربة",
    )
    certificate = certificate_for(participant, "Sanne de Boer", title="领英入门")
    content = render(certificate, VERIFY_URL)
    lines = pdf_text(content).splitlines()
    assert {"株式会社 山田", "领英入门", "김민준"} <= set(lines)
    assert unicodedata.normalize("NFKC", line_of(content, "مدربة")) == "مدربة"
    assert missing_glyphs(content) == []


# The script rules, without a PDF


CJK = frozenset(map(ord, "王小明 "))
LATIN = frozenset(map(ord, "(Wang) "))


def test_runs_split_by_the_first_font_that_has_each_glyph():
    fonts = [("Latin", LATIN), ("CJK", CJK)]
    assert scripts.runs("王小明 (Wang)", fonts) == [
        ("CJK", "王小明 "),  # the space stays with the run before it
        ("Latin", "(Wang)"),
    ]
    assert scripts.runs("Wang 王", fonts) == [("Latin", "Wang "), ("CJK", "王")]


def test_characters_no_font_has_are_reported():
    fonts = [("Latin", LATIN), ("CJK", CJK)]
    assert scripts.missing("Wang 王\u200d山", fonts) == ["山"]  # ZWJ: invisible
    assert scripts.runs("Wang\u200d山", fonts) == [("Latin", "Wang山")]


def test_the_bundled_fonts_have_every_glyph_of_these_names():
    from certificates.pdf import arabic_reshaper, fonts_of

    for name in [
        "王小明",
        "山田花子",
        "김민준",
        "محمد بن سلمان",
        "Ελένη",
        "Ærøskøbing",
    ]:
        drawn = scripts.visual(name, arabic_reshaper())
        assert scripts.missing(drawn, fonts_of("Serif-Bold")) == [], name


def test_the_cjk_font_is_read_only_for_a_text_that_needs_it():
    """Droid Sans Fallback is some 30 MB in a worker's memory: a certificate in
    Latin script never reads it (a fresh process, so no other test has)."""
    import subprocess
    import sys
    from pathlib import Path

    program = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from certificates import pdf\n"
        "pdf.fitting_size('Şükrü Yılmaz – Ελένη', 'Serif-Bold', 40, 500)\n"
        "before = 'CJK' in pdfmetrics.getRegisteredFontNames()\n"
        "pdf.fitting_size('王小明', 'Serif-Bold', 40, 500)\n"
        "after = 'CJK' in pdfmetrics.getRegisteredFontNames()\n"
        "print(before, after)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", program],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split()[-2:] == ["False", "True"], result.stderr
