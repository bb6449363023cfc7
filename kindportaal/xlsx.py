"""An XLSX workbook of one sheet, written as its rows come: the first bytes leave at once.

A workbook is a zip of XML files. The zip is written to a sink that cannot seek (so zipfile
writes each part's sizes after its data, as streamed zips do), and the sheet is written row by
row as inline strings and typed numbers, so neither the rows nor the file are ever all in memory.
openpyxl (which reads these files back in the tests) can only write a workbook whole.
"""

import zipfile
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_CHUNK = 200
# Characters a sheet's name may not hold (Excel's rule), and its length.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_NAME_LENGTH = 31

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
PACKAGE_RELS = (
    XML + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
    f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    XML + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)

# The cell styles (index in cellXfs): plain, the bold header, and one per number format.
HEADER_STYLE = 1
CUSTOM_FORMAT_START = 164  # below are Excel's built-in formats
BUILT_IN_FORMATS = {"#,##0": 3, "#,##0.00": 4}


def _styles(number_formats):
    """styles.xml, and the style index of each number format in `number_formats`."""
    custom, xfs, style_of = [], [], {}
    for number, code in enumerate(number_formats):
        format_id = BUILT_IN_FORMATS.get(code)
        if format_id is None:
            format_id = CUSTOM_FORMAT_START + len(custom)
            custom.append(f'<numFmt numFmtId="{format_id}" formatCode={quoteattr(code)}/>')
        xfs.append(
            f'<xf numFmtId="{format_id}" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/>'
        )
        style_of[code] = HEADER_STYLE + 1 + number
    xml = (
        XML
        + f'<styleSheet xmlns="{MAIN}">'
        + (f'<numFmts count="{len(custom)}">{"".join(custom)}</numFmts>' if custom else "")
        + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{2 + len(xfs)}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        + "".join(xfs)
        + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    )
    return xml, style_of


def sheet_name(name):
    name = str(name).translate(SHEET_NAME_FORBIDDEN).strip().strip("'")
    return name[:SHEET_NAME_LENGTH] or "Export"


EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - a spreadsheet's days have no zone


def _cell(reference, value, style):
    """One <c> element; `value` is None, text, a number, a date or a naive datetime."""
    attributes = f'r="{reference}"' + (f' s="{style}"' if style else "")
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = (value - EXCEL_EPOCH).total_seconds() / 86400
    elif isinstance(value, date):
        value = (value - EXCEL_EPOCH.date()).days
    if isinstance(value, Decimal):
        return f"<c {attributes}><v>{value:f}</v></c>"
    if isinstance(value, int | float):
        return f"<c {attributes}><v>{value!r}</v></c>"
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    return f'<c {attributes} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


class _Sink:
    """Where the zip is written: it keeps what was written until it is taken, and cannot seek."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def stream(*, header, rows, formats, title):
    """The bytes of a workbook with one sheet called `title`: the bold `header` and then `rows`
    (lists of values, each already plain: None, text, a number, a date or a naive datetime).
    `formats` gives per column the number format of its values, or None."""
    styles, style_of = _styles(sorted({code for code in formats if code}))
    column_styles = [style_of.get(code, 0) for code in formats]
    letters = [get_column_letter(number) for number in range(1, len(header) + 1)]
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr(
            "xl/workbook.xml",
            XML + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            f'<sheet name={quoteattr(sheet_name(title))} sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", styles)
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'{XML}<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode())
            cells = (
                _cell(f"{letter}1", str(label), HEADER_STYLE)
                for letter, label in zip(letters, header, strict=True)
            )
            sheet.write(("".join(cells) + "</row>").encode())
            for number, row in enumerate(rows, start=2):
                cells = (
                    _cell(f"{letter}{number}", value, style)
                    for letter, value, style in zip(letters, row, column_styles, strict=True)
                )
                sheet.write(f'<row r="{number}">{"".join(cells)}</row>'.encode())
                if number % ROWS_PER_CHUNK == 0 and sink.parts:
                    yield sink.take()
            sheet.write(b"</sheetData></worksheet>")
    yield sink.take()
