"""The housing pages ask a fixed number of queries, however many buildings, locations, projects,
forecasts and wijken there are (two data sizes, equal)."""

import itertools

import pytest
from django.urls import reverse

from tests.housing.factories import (
    BuildingFactory,
    BuildingLocationFactory,
    ChildrenForecastFactory,
    HousingPlanFactory,
    HousingProjectFactory,
)
from tests.kindcentra.factories import KindcentrumFactory, KindcentrumLocationFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db

YEARS = itertools.cycle(range(2026, 2041))


@pytest.fixture
def officer(client_for, policy_officer):
    return client_for(policy_officer)


@pytest.fixture
def plan():
    return HousingPlanFactory(first_year=2026, last_year=2040)


@pytest.fixture
def building(plan):
    building = BuildingFactory(wijk=WijkFactory(children_0_4=100, children_4_12=300))
    HousingProjectFactory(plan=plan, building=building)
    return building


def grow(plan, building):
    for _ in range(3):
        wijk = WijkFactory(children_0_4=50, children_4_12=200, reference_year=2025)
        other = BuildingFactory(wijk=wijk)
        for target in (building, other):
            BuildingLocationFactory(building=target, location=LocationFactory(wijk=wijk))
            HousingProjectFactory(plan=plan, building=target, ready_year=next(YEARS) + 1)
        ChildrenForecastFactory(wijk=wijk, year=next(YEARS))
        ChildrenForecastFactory(wijk=building.wijk, year=next(YEARS))
        LocationFactory(wijk=wijk)
        building.notes = f"Inspectie {next(YEARS)}"
        building.save()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("housing:overview", 11),
        ("housing:building_list", 7),
        ("housing:project_list", 7),
        ("housing:plan_list", 5),
    ],
)
def test_the_lists(officer, plan, building, name, expected):
    assert_query_count_constant(
        officer, reverse(name), lambda: grow(plan, building), expected=expected
    )


def test_the_places_of_a_wijk(officer, plan, building):
    url = reverse("housing:wijk_places", args=[building.wijk_id])
    assert_query_count_constant(officer, url, lambda: grow(plan, building), expected=13)


def test_the_building_page(officer, plan, building):
    kindcentrum = KindcentrumFactory(wijk=building.wijk)

    def more():
        grow(plan, building)
        for housed in building.housed.all():
            KindcentrumLocationFactory(kindcentrum=kindcentrum, location=housed.location)

    url = reverse("housing:building_detail", args=[building.pk])
    # +2 with the imports: DUO's forecast of pupils and the panel of provenance.
    assert_query_count_constant(officer, url, more, expected=11)


def test_the_plan_page(officer, plan, building):
    url = plan.get_absolute_url()
    assert_query_count_constant(officer, url, lambda: grow(plan, building), expected=7)


def test_the_project_page(officer, plan, building):
    url = plan.projects.first().get_absolute_url()
    assert_query_count_constant(officer, url, lambda: grow(plan, building), expected=11)


def test_the_kindcentrum_page_with_its_buildings(officer, plan, building):
    kindcentrum = KindcentrumFactory(wijk=building.wijk)

    def more():
        for _ in range(3):
            location = LocationFactory()
            KindcentrumLocationFactory(kindcentrum=kindcentrum, location=location)
            BuildingLocationFactory(building=BuildingFactory(), location=location)

    assert_query_count_constant(officer, kindcentrum.get_absolute_url(), more, expected=14)
