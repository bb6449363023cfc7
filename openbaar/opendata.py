"""The open data: every public table, with its published field list, as CSV and as JSON.

Each table is read from `openbaar.selectors` (so it holds exactly what the public pages show)
and described field by field: name, type, meaning, unit and source. The same list is the CSV's
header, the keys of the JSON's records, the field list published beside them and the table on
the open data page. CSV is written by the portal's export helper (kindportaal.exports: UTF-8
with a byte-order mark, semicolons, a decimal comma, dates as YYYY-MM-DD, yes/no as ja/nee);
JSON is an array of records with numbers as numbers, dates as YYYY-MM-DD and lists as arrays.
Both are streamed.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kindcentra.models import Phase
from kindportaal.exports import ExportColumn
from openbaar import selectors
from partners.models import Provenance, RegisterSource

# What the portal records itself (the gemeente's policy officers and the partners).
PORTAL = "Kindportaal"
LIST_SEPARATOR = " | "

# Types as in Frictionless Table Schema; the CSV's kinds as kindportaal.exports knows them.
EXPORT_KINDS = {"integer": "number", "number": "decimal", "date": "date", "boolean": "bool"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # integer, number, string, date, boolean, array (of strings or integers)
    meaning: object  # a lazy text
    unit: str = ""
    source: str = PORTAL  # a register (RegisterSource value) or the portal

    def export_column(self):
        return ExportColumn(self.name, EXPORT_KINDS.get(self.type, "text"))


@dataclass(frozen=True)
class Table:
    slug: str
    title: object
    description: object
    fields: tuple[Field, ...]
    records: Callable  # () -> iterable of public records
    values: Callable  # record -> dict of field name → value

    @property
    def registers(self):
        """The national registers some of its fields come from."""
        return sorted({f.source for f in self.fields if f.source != PORTAL})

    def rows(self):
        for record in self.records():
            values = self.values(record)
            yield [values[f.name] for f in self.fields]

    def csv_rows(self):
        for row in self.rows():
            yield [
                LIST_SEPARATOR.join(str(v) for v in value) if isinstance(value, list) else value
                for value in row
            ]

    def json_chunks(self):
        """The table as a JSON array, one record at a time."""
        yield "["
        first = True
        names = [f.name for f in self.fields]
        for row in self.rows():
            yield (
                ("" if first else ",")
                + "\n"
                + json.dumps(
                    dict(zip(names, row, strict=True)), default=_json_value, ensure_ascii=False
                )
            )
            first = False
        yield "\n]\n"

    def field_list(self):
        """The published field list (a Frictionless Table Schema with Dutch descriptions)."""
        return {
            "fields": [
                {
                    "name": f.name,
                    "type": f.type,
                    "description": str(f.meaning),
                    "unit": f.unit,
                    "source": source_label(f.source),
                }
                for f in self.fields
            ],
            "primaryKey": self.fields[0].name,
            "csv": {
                "delimiter": ";",
                "decimalChar": ",",
                "trueValues": ["ja"],
                "falseValues": ["nee"],
                "listSeparator": LIST_SEPARATOR.strip(),
            },
        }


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value))


def source_label(source):
    return PORTAL if source == PORTAL else str(RegisterSource(source).label)


def _listed(value):
    return list(value)


def _agreement_values(a):
    return {
        "id": a.id,
        "titel": a.title,
        "omschrijving": a.description,
        "thema_id": a.theme_id,
        "thema": a.theme,
        "doel_id": a.goal_id,
        "doel": a.goal,
        "trekker": a.owner,
        "partijen": _listed(a.parties),
        "hele_gemeente": a.whole_gemeente,
        "wijken": _listed(a.wijken),
        "kindcentra": _listed(a.kindcentra),
        "startdatum": a.start_date,
        "einddatum": a.due_date,
        "status": a.status,
        "vastgesteld_op": a.adopted_on,
        "voortgangsbeeld": a.health,
        "percentage_gereed": a.progress_percent,
        "laatste_voortgang_op": a.last_progress_on,
    }


def _themes():
    agenda = selectors.public_agenda()
    return [(agenda, theme) for theme in agenda.themes] if agenda else []


def _goals():
    return [goal for _agenda, theme in _themes() for goal in theme.goals]


def _measurements():
    return [(goal, m) for goal in _goals() for m in goal.measurements]


def _decisions():
    return [
        (meeting, number, decision)
        for meeting in selectors.public_meetings()
        for number, decision in enumerate(meeting.decisions, start=1)
    ]


def _wijk_values(w):
    values = {
        "id": w.id,
        "naam": w.name,
        "cbs_code": w.cbs_code,
        "peiljaar": w.reference_year,
        "kinderen_0_4": w.children_0_4,
        "kinderen_4_12": w.children_4_12,
        "vve_plaatsen": w.vve_places,
        "opvangplaatsen": w.childcare_places,
        "vve_per_100": w.vve_per_100,
        "opvang_per_100": w.childcare_per_100,
        "kindcentra": w.kindcentra,
    }
    for phase, count in zip(Phase.values, w.kindcentra_per_phase, strict=True):
        values[f"kindcentra_fase_{phase}"] = count
    return values


TABLES = (
    Table(
        slug="afspraken",
        title=_("Agreements"),
        description=_(
            "The agreements (convenanten) of the Lokale Educatieve Agenda that the parties "
            "adopted and the gemeente published: parties, period, status and progress."
        ),
        fields=(
            Field("id", "integer", _("Number of the agreement in the portal.")),
            Field("titel", "string", _("Title.")),
            Field("omschrijving", "string", _("What will be done, by whom, and how.")),
            Field("thema_id", "integer", _("Number of the theme (table themas).")),
            Field("thema", "string", _("Theme of the LEA.")),
            Field("doel_id", "integer", _("Number of the goal it contributes to (table doelen).")),
            Field("doel", "string", _("The goal it contributes to.")),
            Field("trekker", "string", _("The organisation that leads it.")),
            Field("partijen", "array", _("The organisations bound by it.")),
            Field("hele_gemeente", "boolean", _("Whether it applies in the whole gemeente.")),
            Field("wijken", "array", _("The wijken it applies to.")),
            Field("kindcentra", "array", _("The kindcentra it applies to.")),
            Field("startdatum", "date", _("Start date.")),
            Field("einddatum", "date", _("Due date.")),
            Field("status", "string", _("adopted, in_progress or realised.")),
            Field("vastgesteld_op", "date", _("The day the last party confirmed it.")),
            Field(
                "voortgangsbeeld",
                "string",
                _(
                    "on_track, at_risk or off_track, from the latest progress report; empty "
                    "without one."
                ),
            ),
            Field("percentage_gereed", "integer", _("Percentage complete."), unit="%"),
            Field("laatste_voortgang_op", "date", _("Date of the latest progress report.")),
        ),
        records=selectors.public_agreements,
        values=_agreement_values,
    ),
    Table(
        slug="themas",
        title=_("Themes"),
        description=_("The themes of the adopted Lokale Educatieve Agenda."),
        fields=(
            Field("id", "integer", _("Number of the theme.")),
            Field("lea", "string", _("The LEA period.")),
            Field("volgorde", "integer", _("Place in the LEA.")),
            Field("titel", "string", _("Title.")),
            Field("omschrijving", "string", _("Description.")),
            Field("wettelijke_onderwerpen", "array", _("Statutory OOGO topics it covers.")),
        ),
        records=_themes,
        values=lambda pair: {
            "id": pair[1].id,
            "lea": pair[0].title,
            "volgorde": pair[1].order,
            "titel": pair[1].title,
            "omschrijving": pair[1].description,
            "wettelijke_onderwerpen": _listed(pair[1].statutory_topics),
        },
    ),
    Table(
        slug="doelen",
        title=_("Goals"),
        description=_(
            "The goals of the adopted LEA: indicator, baseline, target and the latest "
            "measured value."
        ),
        fields=(
            Field("id", "integer", _("Number of the goal.")),
            Field("thema_id", "integer", _("Number of its theme (table themas).")),
            Field("doel", "string", _("The goal.")),
            Field("indicator", "string", _("What is measured.")),
            Field("eenheid", "string", _("Unit of the values.")),
            Field("nulmeting", "number", _("Baseline value."), unit=_("the goal's unit")),
            Field("nulmeting_jaar", "integer", _("Year of the baseline.")),
            Field("streefwaarde", "number", _("Target value."), unit=_("the goal's unit")),
            Field("streefjaar", "integer", _("Target year.")),
            Field(
                "laatste_waarde", "number", _("Latest measured value."), unit=_("the goal's unit")
            ),
            Field("laatste_meting_op", "date", _("Date of the latest measurement.")),
            Field("oordeel", "string", _("reached, on_course, behind or not_measured.")),
        ),
        records=_goals,
        values=lambda g: {
            "id": g.id,
            "thema_id": g.theme_id,
            "doel": g.statement,
            "indicator": g.indicator,
            "eenheid": g.unit,
            "nulmeting": g.baseline_value,
            "nulmeting_jaar": g.baseline_year,
            "streefwaarde": g.target_value,
            "streefjaar": g.target_year,
            "laatste_waarde": g.latest_value,
            "laatste_meting_op": g.latest_on,
            "oordeel": g.verdict,
        },
    ),
    Table(
        slug="metingen",
        title=_("Measurements"),
        description=_("Every measured value of the goals of the adopted LEA."),
        fields=(
            Field("doel_id", "integer", _("Number of the goal (table doelen).")),
            Field("datum", "date", _("The day measured.")),
            Field("waarde", "number", _("Measured value."), unit=_("the goal's unit")),
            Field("bron", "string", _("Where the value comes from.")),
        ),
        records=_measurements,
        values=lambda pair: {
            "doel_id": pair[0].id,
            "datum": pair[1].measured_on,
            "waarde": pair[1].value,
            "bron": pair[1].source,
        },
    ),
    Table(
        slug="overleggen",
        title=_("Meetings"),
        description=_(
            "The meetings of the network that the gemeente made public, with their minutes."
        ),
        fields=(
            Field("id", "integer", _("Number of the meeting.")),
            Field("titel", "string", _("Title.")),
            Field("datum", "date", _("Date.")),
            Field("plaats", "string", _("Place.")),
            Field("organisaties", "array", _("The attending organisations.")),
            Field("verslag", "string", _("The minutes.")),
        ),
        records=selectors.public_meetings,
        values=lambda m: {
            "id": m.id,
            "titel": m.title,
            "datum": m.held_on,
            "plaats": m.place,
            "organisaties": _listed(m.organisations),
            "verslag": m.minutes,
        },
    ),
    Table(
        slug="besluiten",
        title=_("Decisions"),
        description=_(
            "The decisions of the public meetings and the public agreements they are about."
        ),
        fields=(
            Field("overleg_id", "integer", _("Number of the meeting (table overleggen).")),
            Field("volgnummer", "integer", _("Number of the decision in the meeting.")),
            Field("besluit", "string", _("The decision.")),
            Field("afspraak_ids", "array", _("Numbers of the agreements (table afspraken).")),
        ),
        records=_decisions,
        values=lambda triple: {
            "overleg_id": triple[0].id,
            "volgnummer": triple[1],
            "besluit": triple[2].text,
            "afspraak_ids": _listed(triple[2].agreement_ids),
        },
    ),
    Table(
        slug="kindcentra",
        title=_("Kindcentra"),
        description=_("The active kindcentra per wijk with their phase of development."),
        fields=(
            Field("id", "integer", _("Number of the kindcentrum.")),
            Field("naam", "string", _("Name.")),
            Field("wijk_id", "integer", _("Number of the wijk (table wijken).")),
            Field("wijk", "string", _("The wijk.")),
            Field("trekker", "string", _("The organisation that leads it.")),
            Field(
                "fase",
                "integer",
                _("Phase from 1 (separate provisions) to 5 (integral kindcentrum)."),
            ),
            Field("fase_naam", "string", _("Name of the phase.")),
            Field("leeftijd_van", "integer", _("Youngest age it is for."), unit=_("years")),
            Field("leeftijd_tot", "integer", _("Oldest age it is for."), unit=_("years")),
        ),
        records=selectors.public_kindcentra,
        values=lambda k: {
            "id": k.id,
            "naam": k.name,
            "wijk_id": k.wijk_id,
            "wijk": k.wijk,
            "trekker": k.lead_organisation,
            "fase": k.phase,
            "fase_naam": k.phase_label,
            "leeftijd_van": k.age_from,
            "leeftijd_tot": k.age_to,
        },
    ),
    Table(
        slug="wijken",
        title=_("Wijken"),
        description=_(
            "Per wijk the children who live there, the VVE and childcare places of its active "
            "locations and its kindcentra per phase: the public figures of the dashboard."
        ),
        fields=(
            Field("id", "integer", _("Number of the wijk.")),
            Field("naam", "string", _("Name.")),
            Field("cbs_code", "string", _("CBS wijk code."), source=RegisterSource.CBS),
            Field(
                "peiljaar",
                "integer",
                _("Year the numbers of children refer to."),
                source=RegisterSource.CBS,
            ),
            Field(
                "kinderen_0_4",
                "integer",
                _("Children aged 0 up to 4."),
                unit=_("children"),
                source=RegisterSource.CBS,
            ),
            Field(
                "kinderen_4_12",
                "integer",
                _("Children aged 4 up to 12."),
                unit=_("children"),
                source=RegisterSource.CBS,
            ),
            Field(
                "vve_plaatsen",
                "integer",
                _("VVE-certified places of active locations."),
                unit=_("places"),
                source=RegisterSource.LRK,
            ),
            Field(
                "opvangplaatsen",
                "integer",
                _("Places of day care and preschool of active locations."),
                unit=_("places"),
                source=RegisterSource.LRK,
            ),
            Field(
                "vve_per_100",
                "number",
                _("VVE places per 100 children 0–4."),
                unit=_("places per 100 children"),
            ),
            Field(
                "opvang_per_100",
                "number",
                _("Childcare places per 100 children 0–4."),
                unit=_("places per 100 children"),
            ),
            Field("kindcentra", "integer", _("Active kindcentra.")),
            *(
                Field(
                    f"kindcentra_fase_{phase}",
                    "integer",
                    format_lazy("{}: {}.", _("Active kindcentra in phase"), label),
                )
                for phase, label in Phase.choices
            ),
        ),
        records=selectors.public_wijken,
        values=_wijk_values,
    ),
)
BY_SLUG = {table.slug: table for table in TABLES}


def register_provenance():
    """Per register (RegisterSource value) its latest import: reference date, file and when."""
    latest = (
        Provenance.objects.order_by()
        .values("source")
        .annotate(reference_date=Max("reference_date"), imported_at=Max("imported_at"))
    )
    found = {row["source"]: row for row in latest}
    files = {}
    for row in found.values():
        record = (
            Provenance.objects.filter(source=row["source"], reference_date=row["reference_date"])
            .order_by("-imported_at")
            .values_list("file_name", flat=True)
            .first()
        )
        files[row["source"]] = record or ""
    return {
        source: {
            "label": source_label(source),
            "reference_date": row["reference_date"],
            "imported_at": row["imported_at"],
            "file_name": files[source],
        }
        for source, row in found.items()
    }
