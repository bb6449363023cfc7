"""Factories for buildings, housing plans, projects and forecasts."""

import factory

from housing.models import (
    Building,
    BuildingLocation,
    ChildrenForecast,
    HousingPlan,
    HousingProject,
    Owner,
    ProjectKind,
)
from tests.kindportaal.factories import WijkFactory


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    name = factory.Sequence(lambda n: f"Gebouw De Wissel {n}")
    bag_id = factory.Sequence(lambda n: f"0363100{n:09d}")
    street = "Schoolstraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "1234 AB"
    city = "Voorbeeldstad"
    wijk = factory.SubFactory(WijkFactory)
    owner_kind = Owner.SCHOOL_BOARD
    year_built = 1975
    floor_area = 2400
    classrooms = 10
    school_places = 250
    childcare_groups = 2


class BuildingLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildingLocation


class HousingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingPlan

    name = factory.Sequence(lambda n: f"IHP 2025–2040 ({n})")
    first_year = 2025
    last_year = 2040
    school_norm = 100


class HousingProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingProject

    plan = factory.SubFactory(HousingPlanFactory)
    name = factory.Sequence(lambda n: f"Uitbreiding {n}")
    kind = ProjectKind.EXTENSION
    building = factory.SubFactory(BuildingFactory)
    start_year = 2027
    ready_year = 2028
    school_places_change = 50


class ChildrenForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildrenForecast

    wijk = factory.SubFactory(WijkFactory)
    year = 2028
    children_0_4 = 300
    children_4_12 = 600
    source = "Prognose gemeente 2026"
