"""Places against children per wijk and year (toegangsrecht): pure rules on plain facts, so the
arithmetic is tested without a database. `housing.selectors.capacity_facts` reads the facts in a
fixed number of queries; the pages, the map, the dashboard and the LEA document all use this.

- Children: the forecast of the wijk for the year; a year without one carries the latest earlier
  figure forward (a forecast, or the CBS count of its reference year), and before the first
  figure the first one is used; a wijk with no figure at all has unknown children.
- Places: childcare places (LRK places of day care and preschool) against children 0–4, school
  places (the buildings' capacity) against children 4–12. A location counts in the wijk of the
  building it is housed in, else in its own wijk.
- Projects change a building's places from their year ready on, in that order: a demolition
  ends the building (its places, the locations' included, are gone from that year), the others
  add their change (never below zero). Temporary housing counts from its start year up to and
  including its year ready. A cancelled project changes nothing.
- Needed: children × norm / 100, rounded up; the gap is places − needed (negative: too few);
  without a norm nothing is needed and there is no gap.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

DEMOLITION = "demolition"
TEMPORARY = "temporary"


@dataclass(frozen=True)
class WijkFacts:
    id: int
    name: str
    children_0_4: int | None = None
    children_4_12: int | None = None
    reference_year: int | None = None


@dataclass(frozen=True)
class BuildingFacts:
    id: int
    wijk_id: int
    school_places: int = 0
    # The LRK places of the young-childcare locations housed in it.
    childcare_places: int = 0


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    building_id: int
    kind: str
    start_year: int
    ready_year: int
    school_change: int = 0
    childcare_change: int = 0
    counts: bool = True


@dataclass(frozen=True)
class Norm:
    childcare: Decimal | int | None  # places per 100 children 0–4; None: no norm set
    school: Decimal | int | None  # places per 100 children 4–12


@dataclass(frozen=True)
class Facts:
    wijken: list[WijkFacts]
    buildings: list[BuildingFacts]
    projects: list[ProjectFacts]
    # (wijk id, year) → (children 0–4, children 4–12)
    forecasts: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    # wijk id → childcare places of locations not housed in a building
    loose_childcare: dict[int, int] = field(default_factory=dict)


# How the children of a year are known
FORECAST = "forecast"
CBS = "cbs"
CARRIED = "carried"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class WijkYear:
    wijk_id: int
    wijk: str
    year: int
    basis: str  # FORECAST, CBS, CARRIED or UNKNOWN
    children_0_4: int | None
    children_4_12: int | None
    childcare_places: int
    school_places: int
    childcare_needed: int | None
    school_needed: int | None

    @property
    def childcare_gap(self):
        if self.childcare_needed is None:
            return None
        return self.childcare_places - self.childcare_needed

    @property
    def school_gap(self):
        return None if self.school_needed is None else self.school_places - self.school_needed

    @property
    def shortage(self):
        """True when either kind of place falls short of the norm."""
        return any(gap is not None and gap < 0 for gap in (self.childcare_gap, self.school_gap))


def needed(children, norm):
    if children is None or norm is None:
        return None
    return math.ceil(children * norm / 100)


def children_in(wijk: WijkFacts, year: int, forecasts) -> tuple[str, int | None, int | None]:
    """The children of `wijk` in `year` and how they are known; `forecasts` maps the wijk's
    forecast years to (children 0–4, children 4–12)."""
    if year in forecasts:
        young, older = forecasts[year]
        return FORECAST, young, older
    points = dict(forecasts)
    counted = wijk.children_0_4 is not None or wijk.children_4_12 is not None
    if counted and wijk.reference_year is not None:
        points.setdefault(wijk.reference_year, (wijk.children_0_4, wijk.children_4_12))
    if counted and wijk.reference_year == year:
        return CBS, wijk.children_0_4, wijk.children_4_12
    if not points:
        if counted:  # counted, the year not known: the count is all there is
            return CARRIED, wijk.children_0_4, wijk.children_4_12
        return UNKNOWN, None, None
    earlier = [y for y in points if y <= year]
    young, older = points[max(earlier)] if earlier else points[min(points)]
    return CARRIED, young, older


def _applies(project: ProjectFacts, year: int) -> bool:
    if not project.counts:
        return False
    if project.kind == TEMPORARY:
        return project.start_year <= year <= project.ready_year
    return project.ready_year <= year


def building_places(building: BuildingFacts, projects, year: int) -> tuple[int, int]:
    """(school places, childcare places) of a building in `year`, its projects applied."""
    school, childcare = building.school_places, building.childcare_places
    ordered = sorted(
        (p for p in projects if p.building_id == building.id and _applies(p, year)),
        key=lambda p: (p.ready_year if p.kind != TEMPORARY else p.start_year, p.id),
    )
    for project in ordered:
        if project.kind == DEMOLITION:
            school, childcare = 0, 0
        else:
            school = max(school + project.school_change, 0)
            childcare = max(childcare + project.childcare_change, 0)
    return school, childcare


def wijk_years(facts: Facts, years, norm: Norm, *, with_projects=True) -> list[WijkYear]:
    """Per wijk (in the order given) and per year the children, places, what is needed, the gap."""
    projects = facts.projects if with_projects else []
    of_building = {}
    for project in projects:
        of_building.setdefault(project.building_id, []).append(project)
    places = {}  # (wijk id, year) → [school, childcare]
    for year in years:
        for building in facts.buildings:
            school, childcare = building_places(building, of_building.get(building.id, ()), year)
            total = places.setdefault((building.wijk_id, year), [0, 0])
            total[0] += school
            total[1] += childcare
    forecasts = {}
    for (wijk_id, year), value in facts.forecasts.items():
        forecasts.setdefault(wijk_id, {})[year] = value
    rows = []
    for wijk in facts.wijken:
        for year in years:
            basis, young, older = children_in(wijk, year, forecasts.get(wijk.id, {}))
            school, childcare = places.get((wijk.id, year), (0, 0))
            rows.append(
                WijkYear(
                    wijk_id=wijk.id,
                    wijk=wijk.name,
                    year=year,
                    basis=basis,
                    children_0_4=young,
                    children_4_12=older,
                    childcare_places=childcare + facts.loose_childcare.get(wijk.id, 0),
                    school_places=school,
                    childcare_needed=needed(young, norm.childcare),
                    school_needed=needed(older, norm.school),
                )
            )
    return rows


CHILDCARE = "childcare"
SCHOOL = "school"


@dataclass(frozen=True)
class Closing:
    """What the plan does to a wijk's shortage of one kind of place (childcare or school)."""

    wijk_id: int
    wijk: str
    year: int
    kind: str  # CHILDCARE or SCHOOL
    gap_without_plan: int
    gap_with_plan: int

    @property
    def closed(self):
        return self.gap_without_plan < 0 <= self.gap_with_plan

    @property
    def remains(self):
        return self.gap_with_plan < 0


def shortages(facts: Facts, years, norm: Norm, *, with_plan=None) -> list[Closing]:
    """Every wijk, year and kind of place short by the norm with or without the plan's
    projects, school places first; `with_plan` the wijk_years of the facts when they are at
    hand already."""
    without = wijk_years(facts, years, norm, with_projects=False)
    if with_plan is None:
        with_plan = wijk_years(facts, years, norm)
    found = []
    for kind in (SCHOOL, CHILDCARE):
        for a, b in zip(without, with_plan, strict=True):
            before, after = getattr(a, f"{kind}_gap"), getattr(b, f"{kind}_gap")
            if before is None or after is None or (before >= 0 and after >= 0):
                continue
            found.append(Closing(a.wijk_id, a.wijk, a.year, kind, before, after))
    return found
