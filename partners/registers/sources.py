"""What each register's file holds and how its rows become records of the portal.

A source names its columns (with the older names and spellings DUO, the LRK and CBS have used),
says which rows belong to the gemeente, and turns a row into `Item`s: the derived organisation
first, the row's own record last. What a row cannot be is a `Rejected` (with the reason) or a
`Skipped` (another gemeente's record, a childminder's home, a suppressed count).
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindportaal.geo import GeometryError, outline
from partners.models import LocationKind, OrganisationKind, RegisterSource
from partners.registers.reading import CRS, GEOMETRY, RegisterFileError, normalise_column


class Rejected(Exception):
    def __init__(self, reason):
        self.reason = reason


class Skipped(Exception):
    def __init__(self, reason):
        self.reason = reason


@dataclass
class Context:
    gemeente_number: int  # the CBS gemeente code without "GM", e.g. 363
    gemeente_name: str
    reference_date: datetime.date
    # (model, field) → {identifier: id}: the records a row points to, read once per file.
    known: dict = field(default_factory=dict)

    def id_of(self, model, name, value):
        """The id of the `model` record whose `name` is `value` (a wijk by its CBS code, a
        location by its school code), or None when the portal does not have it."""
        if (model, name) not in self.known:
            pairs = model.objects.exclude(**{name: ""}).values_list(name, "pk")
            self.known[(model, name)] = dict(pairs)
        return self.known[(model, name)].get(value)


@dataclass
class Item:
    model: str  # "organisation", "location" or "wijk"
    key: tuple[str, str]  # the identifying field and its value
    fields: dict  # values the register keeps current (with provenance)
    defaults: dict = field(default_factory=dict)  # only for a new record
    parent: tuple[str, str] | None = None  # a location's organisation, by its key
    only_if_exists: str = ""  # a reason to skip the row when the record is not in the portal
    label: str = ""  # how the preview names the record, when it has no name of its own


def digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def number_or_none(value: str, label: str):
    value = (value or "").strip().replace(".", "")
    if not value:
        return None
    if not value.isdigit():
        raise Rejected(
            _("%(column)s is not a whole number: “%(value)s”.") % {"column": label, "value": value}
        )
    return int(value)


def postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value or "").upper()
    if re.fullmatch(r"\d{4}[A-Z]{2}", compact):
        return f"{compact[:4]} {compact[4:]}"
    return (value or "").strip()


def place(value: str) -> str:
    """DUO writes places in capitals; the portal writes them as people do."""
    value = (value or "").strip()
    return value.title() if value.isupper() else value


def split_address(value: str) -> tuple[str, str]:
    """“Kerkstraat 12 a” → (“Kerkstraat”, “12a”)."""
    value = " ".join((value or "").split())
    match = re.fullmatch(r"(.*?)\s+(\d+)\s*[-/ ]?\s*([A-Za-z0-9]{0,6})", value)
    if not match:
        return value, ""
    return match.group(1), match.group(2) + match.group(3)


def kvk(value: str) -> str:
    number = digits(value)
    return number.zfill(8) if number else ""


def gemeente_number(value: str):
    number = digits(value)
    return int(number) if number else None


class Source:
    source: str
    columns: dict[str, tuple[str, ...]]  # our name → the file's names (normalised)
    required: tuple[str, ...]
    # Of the required columns, the ones that say what kind of file this is.
    signature: tuple[str, ...] = ()
    # A file the gemeente makes itself (buildings, prognoses) is imported whole or not at all: it
    # is refused when it holds another gemeente's records only, and cannot be imported while a
    # row is rejected. A national register's file is taken for the rows that are ours and good.
    gemeente_file: bool = False
    # Columns of which the file must have at least one, and what to say when it has none.
    one_of: tuple[str, ...] = ()
    one_of_missing: str = ""

    def column_key(self, name: str) -> str:
        return normalise_column(name)

    def bind(self, header: list[str]) -> dict[str, int]:
        keys = [self.column_key(name) for name in header]
        bound = {}
        for ours, theirs in self.columns.items():
            for alias in theirs:
                if alias in keys:
                    bound[ours] = keys.index(alias)
                    break
        missing = [ours for ours in self.required if ours not in bound]
        if missing:
            raise RegisterFileError(self.wrong_kind_message(header, missing))
        bound.update(self.columns_by_pattern(header))
        if self.one_of and not any(ours in bound for ours in self.one_of):
            raise RegisterFileError(str(self.one_of_missing))
        return bound

    def columns_by_pattern(self, header: list[str]) -> dict:
        """Columns found by a pattern rather than by name (YearColumns: one per year)."""
        return {}

    def matches(self, header: list[str]) -> bool:
        keys = {self.column_key(name) for name in header}
        return all(any(alias in keys for alias in self.columns[ours]) for ours in self.signature)

    def wrong_kind_message(self, header, missing):
        names = ", ".join(self.columns[ours][0] for ours in missing)
        message = _(
            "This file is not a file of “%(source)s”: the columns %(columns)s are missing."
        ) % {"source": RegisterSource(self.source).label, "columns": names}
        # The most particular source the header fits: a list of buildings has a name and a
        # wijk code like the CBS key figures, and a BAG id besides.
        candidates = [s for s in SOURCES.values() if s.source != self.source and s.matches(header)]
        other = max(candidates, key=lambda s: len(s.signature), default=None)
        if other is not None:
            message += " " + _("It looks like a file of “%(source)s”; choose that source.") % {
                "source": RegisterSource(other.source).label
            }
        return message

    def row_values(self, bound, values):
        return {ours: values[index].strip() for ours, index in bound.items()}

    def expand(self, row: dict) -> list[dict]:
        """The records a row holds: one, or one per year in a file with a column per year."""
        return [row]

    def parse(self, row: dict, context: Context) -> list[Item]:
        raise NotImplementedError


def other_gemeente():
    return _("Another gemeente's record.")


def skip_another_gemeente(value: str, context: Context):
    """Skip a row whose gemeente number, when the file gives one, is another gemeente's."""
    number = gemeente_number(value)
    if number is not None and number != context.gemeente_number:
        raise Skipped(other_gemeente())


class DuoSchools(Source):
    source = RegisterSource.DUO_SCHOOLS
    columns = {
        "board": ("BEVOEGD_GEZAG_NUMMER", "BEVOEGD_GEZAG"),
        "brin": ("INSTELLINGSCODE", "BRIN_NUMMER", "BRINNUMMER", "BRIN"),
        "vestiging": ("VESTIGINGSCODE", "VESTIGINGSNUMMER", "VESTIGING"),
        "name": ("VESTIGINGSNAAM", "NAAM_VESTIGING"),
        "street": ("STRAATNAAM", "STRAAT"),
        "number": ("HUISNUMMER_TOEVOEGING", "HUISNUMMER"),
        "postcode": ("POSTCODE",),
        "place": ("PLAATSNAAM", "PLAATS"),
        "gemeente_number": ("GEMEENTENUMMER",),
        "gemeente_name": ("GEMEENTENAAM",),
        "denomination": ("DENOMINATIE",),
    }
    required = ("board", "brin", "vestiging", "name", "gemeente_number")
    signature = ("brin", "vestiging", "name")

    def parse(self, row, context):
        if gemeente_number(row["gemeente_number"]) != context.gemeente_number:
            raise Skipped(other_gemeente())
        code = school_code(row)
        board = digits(row["board"])
        if not board:
            raise Rejected(_("The school board number (BEVOEGD GEZAG NUMMER) is empty."))
        board_key = ("duo_board_number", board.zfill(5))
        return [
            Item(
                "organisation",
                board_key,
                fields={},
                defaults={
                    "kind": OrganisationKind.SCHOOL_BOARD,
                    "name": _("School board %(number)s") % {"number": board_key[1]},
                },
            ),
            Item(
                "location",
                ("school_code", code),
                fields={
                    "name": row["name"],
                    "street": row.get("street", ""),
                    "house_number": row.get("number", "").replace(" ", ""),
                    "postcode": postcode(row.get("postcode", "")),
                    "city": place(row.get("place", "")),
                },
                defaults={"kind": LocationKind.PRIMARY_SCHOOL},
                parent=board_key,
            ),
        ]


def school_code(row) -> str:
    brin = row["brin"].replace(" ", "").upper()
    vestiging = row["vestiging"].replace(" ", "").upper()
    if not brin and not vestiging:
        raise Rejected(_("The school location code (INSTELLINGSCODE, VESTIGINGSCODE) is empty."))
    if len(vestiging) == 6:  # the newer files give the whole code, BRIN included
        return vestiging
    if vestiging.isdigit():  # the older ones the vestiging's number only
        return brin + vestiging.zfill(2)
    return brin + vestiging


class DuoBoards(Source):
    source = RegisterSource.DUO_BOARDS
    columns = {
        "board": ("BEVOEGD_GEZAG_NUMMER", "BEVOEGD_GEZAG"),
        "name": ("BEVOEGD_GEZAG_NAAM", "NAAM_BEVOEGD_GEZAG", "NAAM"),
        "kvk": ("KVK_NUMMER", "KVK", "KVKNUMMER"),
        "gemeente_number": ("GEMEENTENUMMER",),
    }
    required = ("board", "name")
    signature = ("board", "name")

    def parse(self, row, context):
        board = digits(row["board"])
        if not board:
            raise Rejected(_("The school board number (BEVOEGD GEZAG NUMMER) is empty."))
        # A board seated elsewhere can still run schools here: it is taken when the portal
        # knows it (from the school locations file, or by hand).
        elsewhere = gemeente_number(row.get("gemeente_number", "")) != context.gemeente_number
        return [
            Item(
                "organisation",
                ("duo_board_number", board.zfill(5)),
                fields={"name": row["name"], "kvk_number": kvk(row.get("kvk", ""))},
                defaults={"kind": OrganisationKind.SCHOOL_BOARD},
                only_if_exists=other_gemeente() if elsewhere else "",
            )
        ]


SUPPRESSED = {"", "<5", "< 5", "*", "-", ".", "x", "X", "<10"}


class YearColumns(Source):
    """A file with a column per year (LEERLINGEN_2024, PROGNOSE_2026): `bound["years"]` maps
    each year to its column, and a row's `years` each year to its value."""

    year_column: str  # a pattern of the normalised column name, its group the year

    def columns_by_pattern(self, header) -> dict:
        years = {}
        for index, name in enumerate(header):
            match = re.fullmatch(self.year_column, normalise_column(name))
            if match:
                years[int(match.group(1))] = index
        return {"years": years} if years else {}

    def row_values(self, bound, values):
        row = {ours: values[index].strip() for ours, index in bound.items() if ours != "years"}
        if "years" in bound:
            row["years"] = {year: values[index].strip() for year, index in bound["years"].items()}
        return row


class DuoPupils(YearColumns):
    source = RegisterSource.DUO_PUPILS
    columns = {
        "brin": ("INSTELLINGSCODE", "BRIN_NUMMER", "BRINNUMMER", "BRIN"),
        "vestiging": ("VESTIGINGSCODE", "VESTIGINGSNUMMER", "VESTIGING"),
        "gemeente_number": ("GEMEENTENUMMER",),
        "count": (
            "AANTAL_LEERLINGEN",
            "TOTAAL_AANTAL_LEERLINGEN",
            "LEERLINGEN",
            "TOTAAL",
            "AANTAL",
        ),
    }
    required = ("brin", "vestiging")
    signature = ("brin", "vestiging")
    # LEERLINGEN_2023, LEERLINGEN_2024, ...: the year of the reference date, else the latest.
    year_column = r"(?:AANTAL_)?LEERLINGEN_(\d{4})"

    one_of = ("years", "count")
    one_of_missing = gettext_lazy(
        "This file of pupils has no column with the number of pupils "
        "(LEERLINGEN_2024, or AANTAL LEERLINGEN)."
    )

    def parse(self, row, context):
        skip_another_gemeente(row.get("gemeente_number", ""), context)
        if "years" in row:
            years = row["years"]
            year = context.reference_date.year
            count = years[year] if year in years else years[max(years)]
        else:
            count = row["count"]
        if count.strip() in SUPPRESSED:
            raise Skipped(_("The number is suppressed (small counts); the portal keeps its own."))
        pupils = number_or_none(count, _("The number of pupils"))
        return [
            Item(
                "location",
                ("school_code", school_code(row)),
                fields={"pupils": pupils, "count_reference_date": context.reference_date},
                only_if_exists=_("Not a school location in the portal."),
            )
        ]


LRK_KINDS = {
    "KDV": LocationKind.DAY_CARE,
    "BSO": LocationKind.OUT_OF_SCHOOL_CARE,
    "VGO": LocationKind.CHILDMINDING_AGENCY,
}


class Lrk(Source):
    source = RegisterSource.LRK
    columns = {
        "lrk_id": ("LRK_ID", "LRK_NUMMER", "REGISTRATIENUMMER"),
        "type": ("TYPE_OKO", "TYPE_OPVANG"),
        "name": ("ACTUELE_NAAM_OKO", "NAAM_OKO", "NAAM"),
        "places": ("AANTAL_KINDPLAATSEN", "KINDPLAATSEN"),
        "status": ("STATUS",),
        "address": ("OPVANGLOCATIE_ADRES", "ADRES"),
        "postcode": ("OPVANGLOCATIE_POSTCODE", "POSTCODE"),
        "place": ("OPVANGLOCATIE_WOONPLAATS", "WOONPLAATS"),
        "cbs_code": ("CBS_CODE", "GEMEENTECODE"),
        "gemeente_name": ("VERANTWOORDELIJKE_GEMEENTE", "GEMEENTE"),
        "holder": ("NAAM_HOUDER", "HOUDER"),
        "holder_kvk": ("KVK_NUMMER_HOUDER", "KVK_HOUDER"),
    }
    required = ("lrk_id", "type", "name")
    signature = ("lrk_id", "type")

    one_of = ("cbs_code", "gemeente_name")
    one_of_missing = gettext_lazy(
        "This LRK file has neither cbs_code nor verantwoordelijke_gemeente: it "
        "cannot tell which locations are in the gemeente."
    )

    def in_gemeente(self, row, context):
        number = gemeente_number(row.get("cbs_code", ""))
        if number is not None:
            return number == context.gemeente_number
        name = row.get("gemeente_name", "").strip().casefold()
        return name == context.gemeente_name.strip().casefold()

    def parse(self, row, context):
        if not self.in_gemeente(row, context):
            raise Skipped(other_gemeente())
        kind_code = row["type"].strip().upper()
        if kind_code == "GO":
            raise Skipped(_("A childminder (gastouder) at home: private persons are not taken."))
        if kind_code not in LRK_KINDS:
            raise Rejected(
                _("Unknown kind of childcare (type_oko): “%(value)s”.") % {"value": row["type"]}
            )
        holder_kvk = kvk(row.get("holder_kvk", ""))
        holder = row.get("holder", "").strip()
        if not holder_kvk and not holder:
            raise Rejected(_("The holder (naam_houder, kvk_nummer_houder) is empty."))
        holder_key = ("kvk_number", holder_kvk) if holder_kvk else ("name", holder)
        street, number = split_address(row.get("address", ""))
        status = row.get("status", "").strip().casefold()
        return [
            Item(
                "organisation",
                holder_key,
                fields={"name": holder} if holder else {},
                defaults={"kind": OrganisationKind.CHILDCARE, "kvk_number": holder_kvk},
            ),
            Item(
                "location",
                ("lrk_number", digits(row["lrk_id"])),
                fields={
                    "name": row["name"],
                    "street": street,
                    "house_number": number,
                    "postcode": postcode(row.get("postcode", "")),
                    "city": place(row.get("place", "")),
                    "capacity": number_or_none(row.get("places", ""), "aantal_kindplaatsen"),
                    "count_reference_date": context.reference_date,
                    "is_active": status in ("", "ingeschreven", "actief"),
                },
                defaults={"kind": LRK_KINDS[kind_code]},
                parent=holder_key,
            ),
        ]


def compact(name: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", name.upper())


class Cbs(Source):
    """CBS renames its columns every year by a suffix (`Gemeentenaam_1`, `k_0Tot4Jaar_12`);
    they are recognised by their name without it."""

    source = RegisterSource.CBS
    columns = {
        "code": ("CODERING", "WIJKCODE", "REGIOCODE", "GWBCODE", "CODE"),
        "name": ("WIJKENENBUURTEN", "REGIOAANDUIDING", "REGIONAAM", "WIJKNAAM", "NAAM"),
        "gemeente_name": ("GEMEENTENAAM",),
        "children_0_4": (
            "K0TOT4JAAR",
            "KINDEREN0TOT4JAAR",
            "AANTALKINDEREN0TOT4JAAR",
            "LEEFTIJD0TOT4JAAR",
            "0TOT4JAAR",
        ),
        "children_4_12": (
            "K4TOT12JAAR",
            "KINDEREN4TOT12JAAR",
            "AANTALKINDEREN4TOT12JAAR",
            "LEEFTIJD4TOT12JAAR",
            "4TOT12JAAR",
        ),
    }
    required = ("code", "name")
    signature = ("code", "name")

    def column_key(self, name):
        return compact(re.sub(r"_\d+\s*$", "", name.strip()))

    one_of = ("children_0_4", "children_4_12")
    one_of_missing = gettext_lazy(
        "This CBS file has no column with the number of children 0 to 4 or 4 to 12 years old."
    )

    def parse(self, row, context):
        code = row["code"].replace(" ", "").upper()
        if not code.startswith("WK"):
            raise Skipped(_("Not a wijk (a buurt or the gemeente as a whole)."))
        if code[2:6] != f"{context.gemeente_number:04d}":
            raise Skipped(other_gemeente())
        fields = {"name": row["name"], "reference_year": context.reference_date.year}
        for ours in ("children_0_4", "children_4_12"):
            if ours in row and row[ours] not in SUPPRESSED:
                fields[ours] = number_or_none(row[ours], self.columns[ours][0])
        return [Item("wijk", ("cbs_code", code), fields=fields)]


class CbsBoundaries(Source):
    """The wijken of the CBS wijk and buurt map (PDOK, GeoJSON): each wijk's outline for the map,
    simplified and in RD New. It keeps the outline of the portal's wijken current; a wijk the
    portal does not have yet comes in with the CBS key figures."""

    source = RegisterSource.CBS_BOUNDARIES
    columns = {
        "code": ("WIJKCODE", "STATCODE", "CODE"),
        "name": ("WIJKNAAM", "STATNAAM", "NAAM"),
        "gemeente_code": ("GEMEENTECODE", "GM_CODE"),
        "geometry": (normalise_column(GEOMETRY),),
        "crs": (normalise_column(CRS),),
    }
    required = ("code", "geometry")
    signature = ("code", "geometry")

    def bind(self, header):
        if normalise_column(GEOMETRY) not in {self.column_key(name) for name in header}:
            raise RegisterFileError(
                _(
                    "This file holds no boundaries. Upload the wijken of the CBS wijk and buurt "
                    "map as GeoJSON, as PDOK publishes them."
                )
            )
        return super().bind(header)

    def parse(self, row, context):
        code = row["code"].replace(" ", "").upper()
        if not code.startswith("WK"):
            raise Skipped(_("Not a wijk (a buurt or the gemeente as a whole)."))
        number = gemeente_number(row.get("gemeente_code", ""))
        if (number if number is not None else gemeente_number(code[2:6])) != (
            context.gemeente_number
        ):
            raise Skipped(other_gemeente())
        if not row["geometry"]:
            raise Rejected(_("The wijk has no geometry."))
        try:
            boundary = outline(json.loads(row["geometry"]), crs=row.get("crs"))
        except (GeometryError, json.JSONDecodeError) as error:
            raise Rejected(str(error)) from error
        return [
            Item(
                "wijk",
                ("cbs_code", code),
                fields={"boundary": boundary},
                only_if_exists=_(
                    "Not a wijk in the portal: its figures come in with the CBS key figures."
                ),
            )
        ]


SOURCES = {
    source.source: source
    for source in (DuoSchools(), DuoBoards(), DuoPupils(), Lrk(), Cbs(), CbsBoundaries())
}
