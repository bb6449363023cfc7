"""The one export helper: a table of values to CSV or XLSX, as a download.

CSV is written for Dutch spreadsheet users: UTF-8 with a byte-order mark, semicolons between
fields and a decimal comma, dates as YYYY-MM-DD. XLSX keeps numbers, amounts and dates typed.
Text that a spreadsheet would run as a formula (starting with =, +, -, @) is prefixed with a quote.

Both formats are streamed as the rows are read: a CSV row by row, an XLSX through
kindportaal.xlsx, so the first bytes of either leave before the first row is read. An XLSX is
still bounded, as a spreadsheet of more than EXPORT_XLSX_MAX_ROWS rows is no use: above it the
person gets a page that offers the CSV instead, decided before anything is sent. With the
request given, every export counts against the person's limits on expensive requests
(kindportaal/limits.py), and every export made is in the audit log: which list or figure, in
which format, how many rows.
"""

import csv
from collections.abc import Iterable, Sized
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kindportaal import xlsx
from kindportaal.limits import limited

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Kinds of value, shared with the list helper: text, number, money, percent, date, bool.
XLSX_NUMBER_FORMATS = {
    "money": '"€" #,##0.00;"€" -#,##0.00',
    "number": "#,##0",
    "decimal": "#,##0.00",
    "percent": "0.0",
    "date": "dd-mm-yyyy",
}


@dataclass(frozen=True)
class ExportColumn:
    label: str
    kind: str = "text"


def _safe_text(text):
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_value(value, kind="text"):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        places = 2 if kind in ("money", "decimal") else None
        text = f"{value:.{places}f}" if places is not None else str(value)
        return text.replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return _safe_text(str(value))


def xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, date | int | Decimal | float):
        return value
    return _safe_text(str(value))


class _Echo:
    def write(self, value):
        return value


def _csv_stream(columns, rows):
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([str(column.label) for column in columns])
    for row in rows:
        yield writer.writerow(
            [csv_value(value, column.kind) for value, column in zip(row, columns, strict=True)]
        )


def _xlsx_stream(columns, rows, sheet_title):
    return xlsx.stream(
        header=[column.label for column in columns],
        rows=([xlsx_value(value) for value in row] for row in rows),
        formats=[XLSX_NUMBER_FORMATS.get(column.kind) for column in columns],
        title=sheet_title,
    )


def export_response(
    *,
    name: str,
    columns: list[ExportColumn],
    rows: Iterable[list],
    fmt: str,
    request=None,
    row_count: int | None = None,
) -> HttpResponse:
    """A download of `rows` (lists of values in the order of `columns`) as CSV or XLSX.

    With `request`, within the person's limits on exports (else the 429 page); an XLSX of more
    than EXPORT_XLSX_MAX_ROWS rows (`row_count`, when known, saves making the first ones)
    answers with the page that offers the CSV. Each export made with a request is recorded in
    the audit log, with `row_count` (or the length of `rows`, when it has one)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if request is None:
        return _export(name, columns, rows, fmt)
    if row_count is None and fmt == "xlsx" and not isinstance(rows, Sized):
        # The bound is decided before the first byte is sent (rows without a count are short:
        # a figure or an account).
        rows = list(rows)
    if row_count is None and isinstance(rows, Sized):
        row_count = len(rows)
    if fmt == "xlsx" and row_count > settings.EXPORT_XLSX_MAX_ROWS:
        return _too_many_rows(request, row_count)

    def respond():
        response = _export(name, columns, rows, fmt)
        _audit(request, name, fmt, row_count)
        return response

    return limited(request, "export", respond)


def _audit(request, name, fmt, row_count):
    from kindportaal import audit
    from kindportaal.models import AuditKind

    params = {"name": name, "format": fmt.upper(), "rows": row_count, "path": request.path}
    if row_count is None:
        message = gettext_noop("Downloaded %(name)s (%(format)s)")
    else:
        message = gettext_noop("Downloaded %(name)s (%(format)s, %(rows)s rows)")
    audit.record(AuditKind.EXPORT, message, params=params, request=request)


def _too_many_rows(request, row_count):
    return render(
        request,
        "kindportaal/export_too_large.html",
        {"limit": settings.EXPORT_XLSX_MAX_ROWS, "count": row_count},
    )


def _export(name, columns, rows, fmt):
    filename = f"{slugify(name) or 'export'}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(columns, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _xlsx_stream(columns, rows, str(name)), content_type=xlsx.CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
