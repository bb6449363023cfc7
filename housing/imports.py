"""The housing app's files, read and imported by the register imports (partners/registers): the
gemeente's list of buildings (by BAG id), a gemeente or CBS prognosis of children per wijk and
year, and DUO's leerlingenprognose per school location. Each is a `Source` like the registers',
with the same preview, rejected rows, provenance and all-or-nothing import."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from housing.models import Building, ChildrenForecast, EnergyLabel, Owner, PupilForecast
from kindportaal.models import Wijk
from partners.models import Location, Organisation, RegisterSource
from partners.registers import planning
from partners.registers.reading import normalise_column
from partners.registers.sources import (
    SUPPRESSED,
    Item,
    Rejected,
    Skipped,
    Source,
    YearColumns,
    digits,
    kvk,
    number_or_none,
    other_gemeente,
    place,
    postcode,
    school_code,
    skip_another_gemeente,
)

OWNERS = {
    "GEMEENTE": Owner.GEMEENTE,
    "SCHOOLBESTUUR": Owner.SCHOOL_BOARD,
    "BEVOEGD_GEZAG": Owner.SCHOOL_BOARD,
    "KINDEROPVANG": Owner.CHILDCARE,
    "ANDERS": Owner.OTHER,
    "OVERIG": Owner.OTHER,
    **{normalise_column(value): value for value in Owner.values},
}


def _wijk_id(code, context):
    """The portal's wijk of a CBS wijk code of this gemeente, or the row is rejected."""
    code = code.replace(" ", "").upper()
    if not code:
        raise Rejected(_("The wijk code (wijkcode) is empty."))
    wijk_id = context.id_of(Wijk, "cbs_code", code)
    if wijk_id is None:
        raise Rejected(_("Wijk %(code)s is not a wijk in the portal.") % {"code": code})
    return wijk_id


def _in_gemeente(code, context):
    """Whether a wijk code (WK + the gemeente's four digits + two) is of this gemeente."""
    code = code.replace(" ", "").upper()
    return code.startswith("WK") and code[2:6] == f"{context.gemeente_number:04d}"


def _date(value, label):
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise Rejected(
        _("%(column)s is not a date (like 2025-03-01 or 1-3-2025): “%(value)s”.")
        % {"column": label, "value": value}
    )


def _count(value, label):
    """A number the file must give: empty or suppressed is not a count."""
    number = number_or_none(value, label)
    if number is None:
        raise Rejected(_("%(column)s is empty.") % {"column": label})
    return number


class Buildings(Source):
    """The gemeente's own list of buildings, e.g. from its real-estate system: one row per BAG
    pand. A column the file does not have leaves that value in the portal as it is."""

    source = RegisterSource.BUILDINGS
    gemeente_file = True
    columns = {
        "bag_id": ("BAG_ID", "BAG_PAND_ID", "PAND_ID", "BAG_PAND", "IDENTIFICATIE"),
        "name": ("NAAM", "GEBOUW", "NAAM_GEBOUW", "GEBOUWNAAM"),
        "street": ("STRAAT", "STRAATNAAM"),
        "number": ("HUISNUMMER", "HUISNUMMER_TOEVOEGING"),
        "postcode": ("POSTCODE",),
        "place": ("PLAATS", "WOONPLAATS", "PLAATSNAAM"),
        "wijk": ("WIJKCODE", "WIJK_CODE", "CBS_WIJKCODE"),
        "owner": ("EIGENAAR", "EIGENDOM"),
        "owner_kvk": ("EIGENAAR_KVK", "KVK_EIGENAAR", "KVK_NUMMER_EIGENAAR"),
        "year_built": ("BOUWJAAR",),
        "floor_area": ("BVO_M2", "BVO", "M2_BVO", "BRUTO_VLOEROPPERVLAK"),
        "condition_score": ("CONDITIESCORE", "CONDITIE", "NEN_2767"),
        "inspected_on": ("INSPECTIEDATUM", "DATUM_INSPECTIE", "INSPECTIE"),
        "energy_label": ("ENERGIELABEL", "LABEL"),
        "classrooms": ("LOKALEN", "GROEPSLOKALEN", "LESLOKALEN"),
        "school_places": ("SCHOOLPLAATSEN", "CAPACITEIT_ONDERWIJS", "LEERLINGPLAATSEN"),
        "childcare_groups": ("GROEPSRUIMTEN_OPVANG", "OPVANGGROEPEN", "GROEPSRUIMTEN"),
    }
    required = ("bag_id", "name", "wijk")
    signature = ("bag_id", "name", "wijk")

    def parse(self, row, context):
        bag_id = digits(row["bag_id"])
        if not bag_id:
            raise Rejected(_("The BAG building id (bag_id) is empty."))
        # A BAG id starts with the code of the gemeente the building stands in.
        if len(bag_id) == 16 and int(bag_id[:4]) != context.gemeente_number:
            raise Skipped(other_gemeente())
        if not _in_gemeente(row["wijk"], context):
            raise Rejected(_("Wijk code %(code)s is not of this gemeente.") % {"code": row["wijk"]})
        fields = {"name": row["name"], "wijk_id": _wijk_id(row["wijk"], context)}
        texts = {"street": row.get("street"), "house_number": row.get("number")}
        fields.update({name: value for name, value in texts.items() if value is not None})
        if "house_number" in fields:
            fields["house_number"] = fields["house_number"].replace(" ", "")
        if "postcode" in row:
            fields["postcode"] = postcode(row["postcode"])
        if "place" in row:
            fields["city"] = place(row["place"])
        defaults = {"owner_kind": Owner.GEMEENTE}
        if row.get("owner"):
            owner = OWNERS.get(normalise_column(row["owner"]))
            if owner is None:
                raise Rejected(
                    _(
                        "Unknown owner (eigenaar): “%(value)s”; give gemeente, schoolbestuur, "
                        "kinderopvang or anders."
                    )
                    % {"value": row["owner"]}
                )
            fields["owner_kind"] = owner
        if "owner_kvk" in row:
            fields["owner_organisation_id"] = self._owner(row["owner_kvk"], context)
        for name in ("year_built", "floor_area", "condition_score"):
            if name in row:
                fields[name] = number_or_none(row[name], self.columns[name][0].lower())
        for name in ("classrooms", "school_places", "childcare_groups"):
            if name in row:
                fields[name] = number_or_none(row[name], self.columns[name][0].lower()) or 0
        if "inspected_on" in row:
            fields["inspected_on"] = _date(row["inspected_on"], "inspectiedatum")
        if fields.get("condition_score") is not None and not fields.get("inspected_on"):
            raise Rejected(_("A condition score needs its inspection date (inspectiedatum)."))
        if "energy_label" in row:
            label = row["energy_label"].replace(" ", "").upper()
            if label and label not in EnergyLabel.values:
                raise Rejected(
                    _("Unknown energy label: “%(value)s”; give A++++ to G.")
                    % {"value": row["energy_label"]}
                )
            fields["energy_label"] = label
        return [Item("building", ("bag_id", bag_id), fields=fields, defaults=defaults)]

    def _owner(self, value, context):
        number = kvk(value)
        if not number:
            return None
        organisation_id = context.id_of(Organisation, "kvk_number", number)
        if organisation_id is None:
            raise Rejected(
                _("No organisation in the portal has KvK number %(kvk)s (eigenaar_kvk).")
                % {"kvk": number}
            )
        return organisation_id


class ChildrenForecasts(Source):
    """A prognosis of the children per wijk and year (the gemeente's own, or CBS's): one row per
    wijk and year, with children 0–4 and 4–12."""

    source = RegisterSource.CHILDREN_FORECAST
    gemeente_file = True
    columns = {
        "wijk": ("WIJKCODE", "WIJK_CODE", "CODERING", "REGIOCODE", "CODE"),
        "year": ("JAAR", "PROGNOSEJAAR", "PERIODE"),
        "children_0_4": (
            "KINDEREN_0_4",
            "KINDEREN_0_TOT_4_JAAR",
            "0_TOT_4_JAAR",
            "K_0TOT4JAAR",
            "LEEFTIJD_0_3",
        ),
        "children_4_12": (
            "KINDEREN_4_12",
            "KINDEREN_4_TOT_12_JAAR",
            "4_TOT_12_JAAR",
            "K_4TOT12JAAR",
            "LEEFTIJD_4_11",
        ),
        "source": ("BRON",),
    }
    required = ("wijk", "year", "children_0_4", "children_4_12")
    signature = ("wijk", "year", "children_0_4")

    def parse(self, row, context):
        code = row["wijk"].replace(" ", "").upper()
        if code.startswith("GM"):
            raise Skipped(_("Not a wijk (a buurt or the gemeente as a whole)."))
        if not _in_gemeente(code, context):
            raise Skipped(other_gemeente())
        year = number_or_none(row["year"][:4], "jaar")
        if year is None:
            raise Rejected(_("The year (jaar) is empty."))
        source = row.get("source") or _("Prognosis of children, reference date %(date)s") % {
            "date": context.reference_date.isoformat()
        }
        return [
            Item(
                "children_forecast",
                (("wijk_id", "year"), (_wijk_id(code, context), year)),
                fields={
                    "children_0_4": _count(row["children_0_4"], "kinderen_0_4"),
                    "children_4_12": _count(row["children_4_12"], "kinderen_4_12"),
                    "source": source,
                },
                label=f"{code} {year}",
            )
        ]


class DuoPupilForecasts(YearColumns):
    """DUO's leerlingenprognose per school location: a row per vestiging, a column per year
    (`2026`, `PROGNOSE_2026`, ...). Only the gemeente's locations that the portal has are
    taken; a suppressed count leaves that year out."""

    source = RegisterSource.DUO_PUPIL_FORECAST
    gemeente_file = True
    columns = {
        "brin": ("INSTELLINGSCODE", "BRIN_NUMMER", "BRINNUMMER", "BRIN"),
        "vestiging": ("VESTIGINGSCODE", "VESTIGINGSNUMMER", "VESTIGING"),
        "gemeente_number": ("GEMEENTENUMMER",),
    }
    required = ("brin", "vestiging")
    signature = ("brin", "vestiging")
    year_column = r"(?:PROGNOSE_|LEERLINGEN_|AANTAL_LEERLINGEN_|JAAR_)?(\d{4})"

    one_of = ("years",)
    one_of_missing = gettext_lazy(
        "This forecast of pupils has no column per year (2026, 2027, ... or PROGNOSE_2026, ...)."
    )

    def expand(self, row):
        counted = {year: value for year, value in row["years"].items() if value not in SUPPRESSED}
        if not counted:
            raise Skipped(_("The number is suppressed (small counts); the portal keeps its own."))
        return [{**row, "year": year, "count": value} for year, value in sorted(counted.items())]

    def parse(self, row, context):
        skip_another_gemeente(row.get("gemeente_number", ""), context)
        code = school_code(row)
        location_id = context.id_of(Location, "school_code", code)
        if location_id is None:
            raise Skipped(_("Not a school location in the portal."))
        pupils = number_or_none(row["count"], str(row["year"]))
        return [
            Item(
                "pupil_forecast",
                (("location_id", "year"), (location_id, row["year"])),
                fields={"pupils": pupils},
                label=f"{code} {row['year']}",
            )
        ]


def register():
    """Called when the app is ready (housing.apps)."""
    planning.register(Buildings(), models={"building": Building})
    planning.register(ChildrenForecasts(), models={"children_forecast": ChildrenForecast})
    planning.register(DuoPupilForecasts(), models={"pupil_forecast": PupilForecast})
