"""Demo housing of Voorbeeldstad: a building per wijk with the wijk's locations, the IHP
2025–2040 with its projects and funding, and forecasts of children. De Akkers grows short of
school places and the new build of its kindcentrum closes the gap; Oosterpark grows short too,
and its extension does not close it. `--scale city` adds ~400 buildings and ~150 projects."""

import datetime
import math
from decimal import Decimal

from agenda.models import Goal
from budgets.models import FundingStream
from housing.models import (
    Building,
    BuildingLocation,
    ChildrenForecast,
    HousingPlan,
    HousingProject,
    Owner,
    ProjectFunding,
    ProjectKind,
    ProjectStatus,
)
from kindcentra.models import Kindcentrum
from kindportaal.models import Wijk
from partners.demo import upsert
from partners.models import Location

PLAN = "IHP Voorbeeldstad 2025–2040"
FIRST_YEAR, LAST_YEAR = 2025, 2040
SOURCE = "Bevolkingsprognose Voorbeeldstad 2025 (gemeente)"
# wijk: (school places per 100 children 4–12 now, children 4–12 in 2030 per 100 now)
WIJKEN = {
    "De Akkers": (103, 111),
    "Oosterpark": (103, 113),
}
DEFAULT = (110, 100)
# name, wijk, kind, start, ready, school change, childcare change, cost, status, kindcentrum
PROJECTS = [
    (
        "Nieuwbouw IKC De Akkers",
        "De Akkers",
        ProjectKind.NEW_BUILD,
        2027,
        2029,
        260,
        32,
        "6400000",
        ProjectStatus.DECIDED,
        "Kindcentrum De Fontein",
    ),
    (
        "Uitbreiding OBS Oosterpark",
        "Oosterpark",
        ProjectKind.EXTENSION,
        2027,
        2028,
        80,
        0,
        "1150000",
        ProjectStatus.PLANNED,
        None,
    ),
    (
        "Verduurzaming gebouw Centrum",
        "Centrum",
        ProjectKind.SUSTAINABILITY,
        2026,
        2026,
        0,
        0,
        "480000",
        ProjectStatus.IN_PROGRESS,
        None,
    ),
]


def _bag(number):
    return f"9999100{number:09d}"


def seed(*, scale, stdout, rng):
    wijken = list(Wijk.objects.order_by("cbs_code")[:6])
    if not wijken:
        return
    buildings = {}
    for index, wijk in enumerate(wijken):
        per_100, _growth = WIJKEN.get(wijk.name, DEFAULT)
        children = wijk.children_4_12 or 0
        building = upsert(
            Building,
            bag_id=_bag(index + 1),
            defaults={
                "name": f"Schoolgebouw {wijk.name}",
                "street": "Schoolstraat",
                "house_number": str(index + 1),
                "postcode": f"99{index:02d} AB",
                "city": "Voorbeeldstad",
                "wijk": wijk,
                "owner_kind": Owner.GEMEENTE,
                "year_built": 1968 + 7 * index,
                "floor_area": 1800 + 400 * index,
                "condition_score": 2 + index % 4,
                "inspected_on": datetime.date(2025, 3, 1 + index),
                "energy_label": "ABCDEF"[index % 6],
                "classrooms": math.ceil(children * per_100 / 100 / 25),
                "school_places": math.ceil(children * per_100 / 100),
                "childcare_groups": 2 + index % 3,
            },
        )
        buildings[wijk.name] = building
        for location in Location.objects.filter(wijk=wijk, housing__isnull=True):
            BuildingLocation.objects.get_or_create(
                location=location, defaults={"building": building}
            )
        _forecasts(wijk)
    akkers = next((w for w in wijken if w.name == "De Akkers"), None)
    if akkers is not None:
        buildings["De Akkers (nieuwbouw)"] = upsert(
            Building,
            bag_id=_bag(50),
            defaults={
                "name": "IKC De Akkers (nieuwbouw)",
                "street": "Akkerweg",
                "house_number": "2",
                "postcode": "9903 CD",
                "city": "Voorbeeldstad",
                "wijk": akkers,
                "owner_kind": Owner.GEMEENTE,
                "notes": "Gepland gebouw; het krijgt zijn plaatsen met de nieuwbouw.",
            },
        )
    plan = upsert(
        HousingPlan,
        name=PLAN,
        defaults={
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
            "adopted_on": datetime.date(2025, 6, 26),
            "school_norm": 100,
            "description": (
                "Het integraal huisvestingsplan van Voorbeeldstad: scholen, kinderopvang en "
                "jeugdhulp samen in kindcentra, met genoeg plaatsen in elke wijk."
            ),
        },
    )
    stream = FundingStream.objects.filter(code="OHV-IHP").order_by("-year").first()
    goals = list(Goal.objects.filter(theme__title__icontains="huisvesting"))
    for row in PROJECTS:
        name, wijk_name, kind, start, ready, school, childcare, cost, status, kc = row
        building = buildings.get(
            "De Akkers (nieuwbouw)" if kind == ProjectKind.NEW_BUILD else wijk_name
        )
        if building is None:
            continue
        project = upsert(
            HousingProject,
            plan=plan,
            name=name,
            defaults={
                "kind": kind,
                "building": building,
                "kindcentrum": Kindcentrum.objects.filter(name=kc).first() if kc else None,
                "start_year": start,
                "ready_year": ready,
                "school_places_change": school,
                "childcare_places_change": childcare,
                "estimated_cost": Decimal(cost),
                "status": status,
            },
        )
        if goals and not project.goals.exists():
            project.goals.set(goals)
        if not project.funding.exists():
            half = (Decimal(cost) / 2).quantize(Decimal("0.01"))
            ProjectFunding.objects.create(
                project=project, stream=stream, amount=half, description="Onderwijshuisvesting"
            )
            ProjectFunding.objects.create(
                project=project,
                amount=Decimal(cost) - half,
                description="Investeringskrediet van de raad",
            )
    if scale == "city":
        seed_city(rng=rng, stdout=stdout, plan=plan)


def _forecasts(wijk):
    """Children per year from the reference year, growing to the 2030 figure and on."""
    if wijk.children_4_12 is None:
        return
    _per_100, growth = WIJKEN.get(wijk.name, DEFAULT)
    for year in range(2026, LAST_YEAR + 1):
        share = min(year - 2025, 5) / 5
        factor = 1 + (growth - 100) / 100 * share
        upsert(
            ChildrenForecast,
            wijk=wijk,
            year=year,
            defaults={
                "children_0_4": round((wijk.children_0_4 or 0) * factor),
                "children_4_12": round(wijk.children_4_12 * factor),
                "source": SOURCE,
            },
        )


CITY_BUILDINGS = 400
CITY_PROJECTS = 150


def seed_city(*, rng, stdout, plan):
    """About 400 buildings over the city's wijken and 150 projects in the plan (bulk)."""
    if Building.objects.filter(bag_id=_bag(1000)).exists():
        return
    wijken = list(Wijk.objects.order_by("cbs_code"))
    buildings = [
        Building(
            name=f"Gebouw Stad {number:03d}",
            bag_id=_bag(1000 + number),
            street="Stadsweg",
            house_number=str(number + 1),
            city="Voorbeeldstad",
            wijk=wijken[number % len(wijken)],
            owner_kind=rng.choice(Owner.values),
            year_built=rng.randint(1950, 2020),
            floor_area=rng.randint(600, 5000),
            classrooms=rng.randint(4, 16),
            school_places=rng.randint(100, 400),
            childcare_groups=rng.randint(0, 4),
        )
        for number in range(CITY_BUILDINGS)
    ]
    Building.objects.bulk_create(buildings, batch_size=500)
    projects = []
    for number in range(CITY_PROJECTS):
        start = rng.randint(FIRST_YEAR, LAST_YEAR - 3)
        projects.append(
            HousingProject(
                plan=plan,
                name=f"Project Stad {number:03d}",
                kind=rng.choice(ProjectKind.values),
                building=buildings[number * 2],
                start_year=start,
                ready_year=start + rng.randint(0, 3),
                school_places_change=rng.choice([0, 25, 50, 100, -25]),
                estimated_cost=Decimal(rng.randint(2, 80) * 50_000),
                status=rng.choice(ProjectStatus.values),
            )
        )
    HousingProject.objects.bulk_create(projects, batch_size=500)
    stdout.write(f"  city: {len(buildings)} buildings, {len(projects)} projects")
