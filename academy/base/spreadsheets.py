"""How the reports' cells go into CSV and XLSX files, shared by every app."""

import datetime
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas (and skip a
    leading tab or carriage return first); a quote in front makes such text text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def local_time(value):
    """A date and time as the trainer reads it: local, to the minute."""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def local_datetime(value):
    """A date and time for a spreadsheet cell: local, without a time zone (XLSX
    cells have none, and the trainer reads the report's times as local)."""
    from django.utils import timezone

    if value is None or timezone.is_naive(value):
        return value
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def yes_no(value):
    """A yes/no cell as a word in the trainer's language, not True/False."""
    from django.utils.translation import gettext

    return gettext("Yes") if value else gettext("No")


# XLSX, written as a stream: the sheet's XML row by row into a zip file. Several
# times faster than openpyxl's cell objects, and memory stays the same for any
# number of rows. Cells: text (inline), numbers, dates and times (Excel serial
# numbers with a date format, as openpyxl writes them); None is an empty cell.


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Styles: 0 general, 1 date and time (the format given), 2 date, 3 time.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="{datetime}"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="166" formatCode="hh:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)


_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime.datetime(1899, 12, 30)


def _xml_text(text):
    return escape(_ILLEGAL_XML.sub("", text))


def _text_cell(value):
    return (
        f'<c t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'
    )


def _datetime_cell(value):
    delta = value.replace(tzinfo=None) - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return f'<c s="1"><v>{serial!r}</v></c>'


_CELLS = {
    str: _text_cell,
    type(None): lambda value: "<c/>",
    bool: lambda value: f'<c t="b"><v>{int(value)}</v></c>',
    int: lambda value: f"<c><v>{value}</v></c>",
    float: lambda value: f"<c><v>{value!r}</v></c>",
    Decimal: lambda value: f"<c><v>{value}</v></c>",
    datetime.datetime: _datetime_cell,
    datetime.date: lambda value: f'<c s="2"><v>{(value - _EPOCH.date()).days}</v></c>',
    datetime.time: lambda value: (
        f'<c s="3"><v>'
        f"{(value.hour * 3600 + value.minute * 60 + value.second) / 86400!r}</v></c>"
    ),
}


def _xlsx_cell(value):
    """One cell's XML: by the value's type (subclasses of str as text)."""
    write = _CELLS.get(type(value))
    if write is None:
        for kind, function in _CELLS.items():
            if isinstance(value, kind):
                return function(value)
        return _text_cell(str(value))
    return write(value)


def write_xlsx(output, rows, datetime_format="yyyy-mm-dd h:mm:ss", title="Sheet1"):
    """Write `rows` (iterables of cell values; the first is the heading) as an
    XLSX workbook of one sheet to the binary file `output`, row by row."""

    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(title=_xml_text(title)))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr(
            "xl/styles.xml", _STYLES.format(datetime=_xml_text(datetime_format))
        )
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main"><sheetData>'
            )
            buffer = []
            for row in rows:
                buffer.append("<row>" + "".join(map(_xlsx_cell, row)) + "</row>")
                if len(buffer) >= 500:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
