"""The one export helper, as a spreadsheet user opens its files: formulas never run, numbers and
dates stay what they are, and the download is named after the list and the day."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from kindportaal.exports import ExportColumn, export_response

# A spreadsheet runs a cell that starts with any of these as a formula (tab and carriage return
# are stripped first by some programs, so they count too).
FORMULAS = ["=1+1", "+31 20 123", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def sheet_of(response):
    return load_workbook(io.BytesIO(response.getvalue())).active


def export(rows, columns=None, fmt="csv", name="Lijst"):
    columns = columns or [ExportColumn("Waarde")]
    with translation.override("nl"):
        return export_response(name=name, columns=columns, rows=rows, fmt=fmt)


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_text_that_a_spreadsheet_would_run_is_quoted(text):
    assert csv_rows(export([[text]]))[1] == ["'" + text]


@pytest.mark.parametrize("text", FORMULAS)
def test_xlsx_text_that_a_spreadsheet_would_run_is_kept_as_text(text):
    cell = sheet_of(export([[text]], fmt="xlsx"))["A2"]
    # (the file format itself keeps a carriage return as a new line)
    assert cell.value == "'" + text.replace("\r", "\n")
    assert cell.data_type == "s"


@pytest.mark.parametrize("text", ["Jan-Piet", "a=b", "e-mail@example.org", "Kindcentrum 't Ven"])
def test_text_with_such_signs_further_on_is_left_alone(text):
    assert csv_rows(export([[text]]))[1] == [text]
    assert sheet_of(export([[text]], fmt="xlsx"))["A2"].value == text


def test_negative_amounts_stay_numbers():
    columns = [ExportColumn("Bedrag", "money"), ExportColumn("Aantal", "number")]
    rows = [[Decimal("-12.5"), -3]]
    assert csv_rows(export(rows, columns))[1] == ["-12,50", "-3"]
    sheet = sheet_of(export(rows, columns, fmt="xlsx"))
    assert sheet["A2"].value == pytest.approx(-12.5)
    assert sheet["B2"].value == -3


def test_csv_writes_values_as_a_dutch_spreadsheet_reads_them():
    moment = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.UTC)
    columns = [
        ExportColumn("Bedrag", "money"),
        ExportColumn("Deel", "decimal"),
        ExportColumn("Percentage", "percent"),
        ExportColumn("Datum", "date"),
        ExportColumn("Tijd", "date"),
        ExportColumn("Ja", "bool"),
        ExportColumn("Nee", "bool"),
        ExportColumn("Leeg"),
        ExportColumn("Niets"),
        ExportColumn("Getal", "number"),
    ]
    rows = [
        [
            Decimal("1234.5"),
            0.5,
            Decimal("12.5"),
            datetime.date(2025, 3, 1),
            moment,
            True,
            False,
            "",
            None,
            7,
        ]
    ]
    header, row = csv_rows(export(rows, columns))
    assert header == [column.label for column in columns]
    # 23:30 UTC is 00:30 the next day in Amsterdam.
    # A percentage keeps its own decimals; money and other decimals always show two.
    assert row == ["1234,50", "0,50", "12,5", "2025-03-01", "2025-03-02 00:30", "ja", "nee"] + [
        "",
        "",
        "7",
    ]


def test_xlsx_keeps_numbers_dates_and_formats_typed():
    moment = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.UTC)
    columns = [
        ExportColumn("Bedrag", "money"),
        ExportColumn("Aantal", "number"),
        ExportColumn("Deel", "decimal"),
        ExportColumn("Percentage", "percent"),
        ExportColumn("Datum", "date"),
        ExportColumn("Tijd", "date"),
        ExportColumn("Ja", "bool"),
        ExportColumn("Naam"),
    ]
    rows = [
        [
            Decimal("1500000.25"),
            12,
            0.5,
            12.5,
            datetime.date(2025, 3, 1),
            moment,
            True,
            "Oost",
        ],
        [None, None, None, None, None, None, False, None],
    ]
    sheet = sheet_of(export(rows, columns, fmt="xlsx", name="Geldstromen"))
    header = sheet[1]
    assert [cell.value for cell in header] == [column.label for column in columns]
    assert all(cell.font.bold for cell in header)
    first = sheet[2]
    assert first[0].value == pytest.approx(1500000.25)
    assert first[0].number_format == '"€" #,##0.00;"€" -#,##0.00'
    assert first[1].value == 12 and first[1].number_format == "#,##0"
    assert first[2].value == pytest.approx(0.5) and first[2].number_format == "#,##0.00"
    assert first[3].value == pytest.approx(12.5) and first[3].number_format == "0.0"
    assert first[4].value.date() == datetime.date(2025, 3, 1)
    assert first[4].number_format == "dd-mm-yyyy"
    assert first[5].value.isoformat() == "2025-03-02T00:30:00"  # Amsterdam, no zone
    assert first[6].value == "ja"
    assert first[7].value == "Oost" and first[7].number_format == "General"
    second = sheet[3]
    assert [cell.value for cell in second] == [None] * 6 + ["nee", None]
    assert all(cell.number_format == "General" for cell in second)


def test_the_sheet_is_named_after_the_list_as_far_as_a_sheet_name_may_be_long():
    name = "Toewijzingen per kindcentrum en per geldstroom"
    workbook = load_workbook(io.BytesIO(export([["x"]], fmt="xlsx", name=name).getvalue()))
    assert workbook.sheetnames == [name[:31]]
    workbook = load_workbook(io.BytesIO(export([["x"]], fmt="xlsx", name="").getvalue()))
    assert workbook.sheetnames == ["Export"]


@time_machine.travel(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_the_download_is_named_after_the_list_and_the_day_in_amsterdam():
    csv_response = export([["x"]], name="Geldstromen 2025")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        csv_response["Content-Disposition"]
        == 'attachment; filename="geldstromen-2025-2026-01-01.csv"'
    )
    xlsx_response = export([["x"]], fmt="xlsx", name="!!!")
    assert xlsx_response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="export-2026-01-01.xlsx"'


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="pdf"):
        export([["x"]], fmt="pdf")


def test_a_row_that_does_not_fit_the_columns_is_an_error_not_a_shifted_table():
    with pytest.raises(ValueError):
        b"".join(export([["a", "b"]]).streaming_content)


def test_a_row_that_does_not_fit_the_columns_is_no_shifted_spreadsheet_either():
    with pytest.raises(ValueError):
        export([["a", "b"]], fmt="xlsx").getvalue()


def test_an_xlsx_starts_before_its_first_row_is_read():
    read = []

    def rows():
        for number in range(3):
            read.append(number)
            yield [f"rij {number}"]

    response = export(rows(), fmt="xlsx")
    assert response.streaming
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"PK\x03\x04")  # a zip, as a workbook is
    assert read == []
    workbook = load_workbook(io.BytesIO(first + b"".join(chunks)))
    assert [cell.value for cell in workbook.active["A"]] == ["Waarde", "rij 0", "rij 1", "rij 2"]


def test_a_long_xlsx_leaves_in_parts_as_its_rows_are_read():
    read = []

    def rows():
        for number in range(2000):
            read.append(number)
            yield [number, f"rij {number} met wat tekst om het bestand groter te maken"]

    columns = [ExportColumn("Nummer", "number"), ExportColumn("Tekst")]
    response = export(rows(), columns, fmt="xlsx")
    received, read_when_received = [], []
    for chunk in response.streaming_content:
        received.append(chunk)
        read_when_received.append(len(read))
    # Several parts, the first ones sent while rows were still unread.
    assert len([chunk for chunk in received if chunk]) > 3
    assert read_when_received[1] < 2000
    sheet = load_workbook(io.BytesIO(b"".join(received))).active
    assert sheet.max_row == 2001
    assert sheet["A2001"].value == 1999 and sheet["A2001"].number_format == "#,##0"
    assert sheet["B1001"].value.startswith("rij 999 ")


def test_text_with_characters_a_sheet_cannot_hold_is_kept_without_them():
    sheet = sheet_of(export([["Oost\x00 & <West>"]], fmt="xlsx", name="Wijken: [Oost/West]"))
    assert sheet["A2"].value == "Oost & <West>"
    assert sheet.title == "Wijken   Oost West"
