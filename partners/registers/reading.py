"""Reading a register file: its encoding, delimiter and columns, whatever the register's year.

Every problem with the file as a whole raises RegisterFileError with a Dutch message the
uploader can act on; a problem with one row is left to the source, which rejects that row.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

BINARY_SIGNATURES = {
    b"PK\x03\x04": "xlsx",  # also every other zip file
    b"\xd0\xcf\x11\xe0": "xls",
    b"%PDF": "pdf",
}
DELIMITERS = [";", ",", "\t", "|"]


class RegisterFileError(Exception):
    """The file as a whole cannot be read; `message` says why, in the user's language."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


@dataclass
class Table:
    encoding: str
    delimiter: str
    columns: list[str]  # the header as written in the file
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line number, values)


def normalise_column(name: str) -> str:
    """`Bevoegd gezag nummer`, `BEVOEGD-GEZAG_NUMMER` and ` bevoegd gezag nummer ` are one name."""
    return re.sub(r"[^0-9A-Z]+", "_", name.strip().upper()).strip("_")


def decode(data: bytes) -> tuple[str, str]:
    """The text of the file and the encoding it was written in: UTF-8 with or without BOM,
    UTF-16 with BOM, or else Windows-1252 (which the LRK and older DUO files use)."""
    if not data.strip():
        raise RegisterFileError(_("The file is empty."))
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            if kind in ("xlsx", "xls"):
                raise RegisterFileError(
                    _(
                        "This is a spreadsheet, not a CSV file. Save it from the spreadsheet "
                        "program as CSV (separated by semicolons) and upload that."
                    )
                )
            raise RegisterFileError(_("This is not a text file (CSV) but a binary file."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise RegisterFileError(_("This is not a text file (CSV) but a binary file."))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 reads those as control characters.
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    controls = sum(1 for char in text[:4096] if ord(char) < 32 and char not in "\r\n\t")
    if controls > 8:
        raise RegisterFileError(_("This is not a text file (CSV) but a binary file."))
    return text, encoding


def sniff_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter, count = max(counts.items(), key=lambda item: item[1])
    if count == 0:
        raise RegisterFileError(
            _(
                "The columns of this file cannot be told apart: its first line should hold the "
                "column names, separated by semicolons or commas."
            )
        )
    return delimiter


GEOMETRY = "geometry"
CRS = "crs"


def read_geojson(text: str, encoding: str) -> Table:
    """A GeoJSON FeatureCollection (the wijk and buurt map as PDOK gives it) as a table: one row
    per feature, its properties as columns, then its geometry and the collection's coordinate
    system as JSON text. The row's `line` is the feature's number."""
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as error:
        raise RegisterFileError(
            _(
                "This GeoJSON file is damaged at line %(line)d: %(problem)s. Download it again "
                "and upload the complete file."
            )
            % {"line": error.lineno, "problem": error.msg}
        ) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise RegisterFileError(
            _("This JSON file is not a GeoJSON FeatureCollection (a collection of areas).")
        )
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise RegisterFileError(_("This GeoJSON file holds no areas."))
    crs = collection.get("crs") or {}
    crs_name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    columns = []
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        for name in properties or {}:
            if name not in columns and name not in (GEOMETRY, CRS):
                columns.append(name)
    table = Table(encoding, "", [*columns, GEOMETRY, CRS])
    for number, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        values = [
            "" if properties.get(name) is None else str(properties.get(name)) for name in columns
        ]
        geometry = feature.get("geometry")
        values += [json.dumps(geometry) if geometry else "", crs_name]
        table.rows.append((number, values))
    return table


def read_table(data: bytes) -> Table:
    text, encoding = decode(data)
    if text.lstrip().startswith("{"):
        return read_geojson(text, encoding)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table = None
    previous_line = 0
    try:
        for values in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if table is None:
                table = Table(encoding, delimiter, [value.strip() for value in values])
                continue
            table.rows.append((line, values))
    except csv.Error as error:
        raise RegisterFileError(
            _(
                "The file stops in the middle of a value at line %(line)d: it seems to be cut "
                "off or damaged. Download it again and upload the complete file."
            )
            % {"line": reader.line_num}
        ) from error
    if table is None:
        raise RegisterFileError(_("The file is empty."))
    ends_cleanly = text.endswith(("\n", "\r"))
    if table.rows and not ends_cleanly and len(table.rows[-1][1]) < len(table.columns):
        raise RegisterFileError(
            _(
                "The file stops in the middle of line %(line)d: it seems to be cut off. "
                "Download it again and upload the complete file."
            )
            % {"line": table.rows[-1][0]}
        )
    return table
