"""Reads of the housing app that need prefetching: every page asks a fixed number of queries
however many buildings, projects and wijken there are."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from housing import capacity
from housing.models import (
    Building,
    BuildingLocation,
    ChildrenForecast,
    HousingPlan,
    HousingProject,
    ProjectFunding,
    PupilForecast,
)
from kindcentra.models import KindcentrumLocation
from kindportaal.models import Gemeente, Wijk
from partners.models import Location, LocationKind

MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)
# Childcare places counted against children 0–4 (the dashboard's reach uses the same kinds).
YOUNG_CHILDCARE_KINDS = [LocationKind.DAY_CARE, LocationKind.PRESCHOOL]


def _housed_places():
    """The LRK places of the active young-childcare locations housed in a building, added up
    over its housed locations (one join, grouped by building: a subquery per building made
    PostgreSQL scan every location once per building)."""
    return Coalesce(
        Sum(
            "housed__location__capacity",
            filter=Q(
                housed__location__is_active=True,
                housed__location__kind__in=YOUNG_CHILDCARE_KINDS,
            ),
        ),
        0,
    )


def building_list():
    return Building.objects.select_related("wijk", "owner_organisation").annotate(
        location_count=Count("housed", distinct=True),
        childcare_places=_housed_places(),
    )


def _housed():
    return BuildingLocation.objects.select_related(
        "location__organisation", "location__wijk", "location__kindcentrum_membership__kindcentrum"
    ).order_by("location__name")


def building_detail(pk):
    return get_object_or_404(
        building_list().prefetch_related(
            Prefetch("housed", queryset=_housed()),
            Prefetch("projects", queryset=HousingProject.objects.select_related("plan")),
        ),
        pk=pk,
    )


def pupil_forecast(building):
    """DUO's forecast of pupils of the school locations housed in `building`, summed per year:
    one query."""
    rows = (
        PupilForecast.objects.filter(location__housing__building=building)
        .values("year")
        .annotate(pupils=Sum("pupils"))
        .order_by("year")
    )
    return [(row["year"], row["pupils"]) for row in rows]


def kindcentra_in(building):
    """The kindcentra of the locations housed in `building` (from a prefetched detail)."""
    found = {}
    for housed in building.housed.all():
        membership = getattr(housed.location, "kindcentrum_membership", None)
        if membership is not None:
            found[membership.kindcentrum_id] = membership.kindcentrum
    return sorted(found.values(), key=lambda k: k.name)


def kindcentrum_buildings(kindcentrum):
    """The buildings the kindcentrum's locations are housed in, and the locations housed in none:
    the partners share one building when there is exactly one and nobody is outside it."""
    memberships = KindcentrumLocation.objects.filter(kindcentrum=kindcentrum).select_related(
        "location__housing__building"
    )
    buildings, unhoused = {}, []
    for membership in memberships:
        housed = getattr(membership.location, "housing", None)
        if housed is None:
            unhoused.append(membership.location)
        else:
            buildings.setdefault(housed.building_id, housed.building)
    return sorted(buildings.values(), key=lambda b: b.name), unhoused


# The plan


def plan_list():
    return HousingPlan.objects.annotate(project_count=Count("projects"))


def current_plan():
    """The plan whose period holds this year, else the latest one; None without plans."""
    year = timezone.localdate().year
    plans = HousingPlan.objects.order_by("-first_year", "-pk")
    return plans.filter(first_year__lte=year, last_year__gte=year).first() or plans.first()


def project_list():
    return HousingProject.objects.select_related("plan", "building__wijk", "kindcentrum").annotate(
        funded=Coalesce(Sum("funding__amount"), Value(Decimal("0.00")), output_field=MONEY_FIELD)
    )


def project_detail(pk):
    return get_object_or_404(
        HousingProject.objects.select_related(
            "plan", "building__wijk", "kindcentrum"
        ).prefetch_related(
            "partners",
            "goals",
            Prefetch(
                "funding",
                queryset=ProjectFunding.objects.select_related("stream", "pooled_budget"),
            ),
        ),
        pk=pk,
    )


# Places against children


def capacity_facts(plan=None, *, wijken=None) -> capacity.Facts:
    """The facts of the capacity arithmetic, in five queries: the wijken, the buildings with
    their childcare places, the projects of `plan`, the forecasts, the places not housed."""
    if wijken is None:
        wijken = list(Wijk.objects.order_by("name"))
    wijk_ids = [w.pk for w in wijken]
    buildings = [
        capacity.BuildingFacts(
            id=row["pk"],
            wijk_id=row["wijk_id"],
            school_places=row["school_places"],
            childcare_places=row["childcare_places"],
        )
        for row in Building.objects.filter(wijk_id__in=wijk_ids)
        .annotate(childcare_places=_housed_places())
        .values("pk", "wijk_id", "school_places", "childcare_places")
    ]
    projects = []
    if plan is not None:
        projects = [
            capacity.ProjectFacts(
                id=row["pk"],
                building_id=row["building_id"],
                kind=row["kind"],
                start_year=row["start_year"],
                ready_year=row["ready_year"],
                school_change=row["school_places_change"],
                childcare_change=row["childcare_places_change"],
                counts=row["status"] != "cancelled",
            )
            for row in HousingProject.objects.filter(
                plan=plan, building__wijk_id__in=wijk_ids
            ).values(
                "pk",
                "building_id",
                "kind",
                "start_year",
                "ready_year",
                "school_places_change",
                "childcare_places_change",
                "status",
            )
        ]
    forecasts = {
        (row["wijk_id"], row["year"]): (row["children_0_4"], row["children_4_12"])
        for row in ChildrenForecast.objects.filter(wijk_id__in=wijk_ids).values(
            "wijk_id", "year", "children_0_4", "children_4_12"
        )
    }
    loose = {
        row["wijk_id"]: row["total"] or 0
        for row in Location.objects.filter(
            wijk_id__in=wijk_ids,
            is_active=True,
            kind__in=YOUNG_CHILDCARE_KINDS,
            housing__isnull=True,
        )
        .order_by()
        .values("wijk_id")
        .annotate(total=Sum("capacity"))
    }
    return capacity.Facts(
        wijken=[
            capacity.WijkFacts(
                id=w.pk,
                name=w.name,
                children_0_4=w.children_0_4,
                children_4_12=w.children_4_12,
                reference_year=w.reference_year,
            )
            for w in wijken
        ],
        buildings=buildings,
        projects=projects,
        forecasts=forecasts,
        loose_childcare=loose,
    )


def norm_of(plan, gemeente=None):
    """The norms: childcare places per 100 children 0–4 from the gemeente's settings (None
    while it has none: then nothing is needed or short), school places from the plan."""
    childcare = (gemeente or Gemeente.current()).norm_childcare_per_100
    school = (plan or HousingPlan()).school_norm
    return capacity.Norm(childcare=childcare, school=school)


def plan_years(plan):
    if plan is not None:
        return plan.years
    year = timezone.localdate().year
    return list(range(year, year + 8))


def outlook_year(plan, years=None):
    """The year the pages look ahead to by default: five years into the plan (or its last)."""
    years = years if years is not None else plan_years(plan)
    return years[min(5, len(years) - 1)] if years else None


@dataclass(frozen=True)
class Outlook:
    """Places against children in one year of the current plan, for the dashboard and the map."""

    plan: object
    year: int
    rows: list  # capacity.WijkYear per wijk, with the plan
    shortages: list  # capacity.Closing

    def row_of(self, wijk_id):
        return next((row for row in self.rows if row.wijk_id == wijk_id), None)

    def short_wijken(self, wijk_id=None):
        """The wijken (ids) still short of school or childcare places with the plan."""
        return {c.wijk_id for c in self.shortages if c.remains and wijk_id in (None, c.wijk_id)}

    def closed(self, wijk_id=None):
        """The shortages (wijk, kind) the plan's projects close."""
        return [c for c in self.shortages if c.closed and wijk_id in (None, c.wijk_id)]


def places_outlook(year=None, *, gemeente=None, wijken=None) -> Outlook:
    """Seven queries (the plan, the five of the facts, the gemeente), less the wijken and the
    gemeente when they are given (the wijken ordered by name, as capacity_facts reads them)."""
    plan = current_plan()
    years = plan_years(plan)
    if year not in years:
        year = outlook_year(plan, years)
    facts = capacity_facts(plan, wijken=wijken)
    norm = norm_of(plan, gemeente)
    rows = capacity.wijk_years(facts, [year], norm)
    return Outlook(
        plan=plan,
        year=year,
        rows=rows,
        shortages=capacity.shortages(facts, [year], norm, with_plan=rows),
    )
