"""The housing pages as their users meet them: buildings kept by their owner's director, the
plan and its projects by the policy officer, the places per wijk changing with the plan."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from housing.models import Building, BuildingLocation, HousingProject
from kindportaal.models import Gemeente
from tests.housing.factories import (
    BuildingFactory,
    BuildingLocationFactory,
    ChildrenForecastFactory,
    HousingPlanFactory,
    HousingProjectFactory,
)
from tests.kindcentra.factories import KindcentrumFactory, KindcentrumLocationFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory, SchoolLocationFactory

pytestmark = pytest.mark.django_db


def text(response):
    """The page's text as a reader sees it: no tags, single spaces, no space before a stop."""
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r" ([.,:;])", r"\1", plain)


def building_data(building, **changes):
    data = {
        "name": building.name,
        "bag_id": building.bag_id,
        "street": building.street,
        "house_number": building.house_number,
        "postcode": building.postcode,
        "city": building.city,
        "wijk": building.wijk_id,
        "owner_kind": building.owner_kind,
        "owner_organisation": building.owner_organisation_id or "",
        "year_built": building.year_built or "",
        "floor_area": building.floor_area or "",
        "condition_score": building.condition_score or "",
        "inspected_on": building.inspected_on or "",
        "energy_label": building.energy_label,
        "classrooms": building.classrooms,
        "school_places": building.school_places,
        "childcare_groups": building.childcare_groups,
        "notes": building.notes,
        "version": building.version,
    }
    data.update(changes)
    return data


def test_a_director_keeps_their_own_organisations_building_current(
    client_for, director_a, organisation_a
):
    building = BuildingFactory(owner_organisation=organisation_a)
    url = reverse("housing:building_edit", args=[building.pk])
    response = client_for(director_a).post(
        url, building_data(building, condition_score=3, inspected_on="2026-03-02")
    )
    assert response.status_code == 302
    building.refresh_from_db()
    assert (building.condition_score, str(building.inspected_on)) == (3, "2026-03-02")
    assert building.history.count() == 2


def test_a_condition_score_without_inspection_date_is_refused_in_dutch(client_for, policy_officer):
    building = BuildingFactory()
    response = client_for(policy_officer).post(
        reverse("housing:building_edit", args=[building.pk]),
        building_data(building, condition_score=7),
    )
    page = text(response)
    assert "Een conditiescore is hoogstens 6." in page
    assert "Geef de inspectiedatum van de conditiescore." in page
    building.refresh_from_db()
    assert building.condition_score is None


def test_a_second_save_of_the_same_version_shows_the_conflict(client_for, policy_officer):
    building = BuildingFactory()
    officer = client_for(policy_officer)
    url = reverse("housing:building_edit", args=[building.pk])
    officer.post(url, building_data(building, name="De Wissel"))
    response = officer.post(url, building_data(building, name="De Brug"))
    assert "Iemand anders heeft dit intussen opgeslagen" in response.content.decode()
    building.refresh_from_db()
    assert building.name == "De Wissel"


def test_a_director_cannot_edit_another_organisations_building(client_for, director_b):
    building = BuildingFactory()
    response = client_for(director_b).get(reverse("housing:building_edit", args=[building.pk]))
    assert response.status_code == 403


def test_housing_a_location_moves_it_from_its_previous_building(client_for, policy_officer):
    first, second = BuildingFactory(), BuildingFactory()
    location = LocationFactory(capacity=48)
    BuildingLocationFactory(building=first, location=location)
    officer = client_for(policy_officer)
    response = officer.post(
        reverse("housing:building_location_add", args=[second.pk]), {"location": location.pk}
    )
    assert response.status_code == 302
    assert BuildingLocation.objects.get(location=location).building == second
    page = text(officer.get(second.get_absolute_url()))
    assert location.name in page
    assert location.name not in text(officer.get(first.get_absolute_url()))


def test_the_kindcentrum_page_says_whether_its_partners_share_one_building(
    client_for, council_member
):
    kindcentrum = KindcentrumFactory(one_building=False)
    building = BuildingFactory(name="Het Kompas")
    for location in (LocationFactory(), SchoolLocationFactory()):
        KindcentrumLocationFactory(kindcentrum=kindcentrum, location=location)
        BuildingLocationFactory(building=building, location=location)
    reader = client_for(council_member)
    page = text(reader.get(kindcentrum.get_absolute_url()))
    assert "De partners delen één gebouw: Het Kompas." in page
    assert "De checklist vinkt „één gebouw” nog niet aan." in page
    other = LocationFactory()
    KindcentrumLocationFactory(kindcentrum=kindcentrum, location=other)
    BuildingLocationFactory(building=BuildingFactory(), location=other)
    page = text(reader.get(kindcentrum.get_absolute_url()))
    assert "De partners delen niet één gebouw: hun locaties zitten in 2 gebouwen." in page


def _project_data(building, **changes):
    data = {
        "name": "Uitbreiding De Wissel",
        "kind": "extension",
        "building": building.pk,
        "kindcentrum": "",
        "start_year": 2027,
        "ready_year": 2029,
        "school_places_change": 80,
        "childcare_places_change": 0,
        "estimated_cost": "1.250.000,00",
        "realised_cost": "",
        "status": "planned",
        "decisions": "",
    }
    data.update(changes)
    return data


def test_a_project_that_adds_places_closes_the_wijks_gap_on_its_page(client_for, policy_officer):
    Gemeente.objects.create(
        pk=1, name="Voorbeeldstad", cbs_code="GM9999", norm_childcare_per_100=Decimal("40")
    )
    wijk = WijkFactory(name="Oost", children_0_4=0, children_4_12=520, reference_year=2025)
    building = BuildingFactory(wijk=wijk, school_places=450)
    ChildrenForecastFactory(wijk=wijk, year=2030, children_0_4=0, children_4_12=530)
    plan = HousingPlanFactory(first_year=2026, last_year=2032)
    officer = client_for(policy_officer)
    overview = reverse("housing:overview") + "?year=2030"
    assert "Oost, schoolplaatsen: het plan sluit het tekort niet." in text(officer.get(overview))
    response = officer.post(
        reverse("housing:project_create", args=[plan.pk]), _project_data(building)
    )
    assert response.status_code == 302
    project = HousingProject.objects.get()
    assert (str(project.estimated_cost), str(project.realised_cost)) == ("1250000.00", "0.00")
    assert "Oost, schoolplaatsen: de projecten van het plan sluiten het tekort." in text(
        officer.get(overview)
    )
    page = text(officer.get(reverse("housing:wijk_places", args=[wijk.pk])))
    # 2030: 530 children, 530 places needed; 450 + 80 = 530 with the plan, 80 short without.
    page = page[page.find("Kinderen, plaatsen en het tekort") :]
    assert "2030 0 0 0 over 0 over 530 530 0 over 80 te weinig prognose" in page


def test_the_council_reads_the_plan_but_is_offered_no_change(client_for, council_member):
    project = HousingProjectFactory()
    reader = client_for(council_member)
    page = reader.get(project.plan.get_absolute_url()).content.decode()
    assert project.name in page
    assert reverse("housing:project_create", args=[project.plan_id]) not in page
    assert reader.get(reverse("housing:project_edit", args=[project.pk])).status_code == 403


def test_the_building_list_exports_its_rows_with_the_bag_id(client_for, council_member):
    BuildingFactory(name="De Wissel", bag_id="0363100012345678")
    response = client_for(council_member).get(reverse("housing:building_list") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "0363100012345678" in body
    assert "De Wissel" in body


def test_the_building_list_filters_on_the_owner_by_that_name(client_for, council_member):
    page = text(client_for(council_member).get(reverse("housing:building_list")))
    assert "Eigenaar Alle" in page  # the filter's label and its empty choice
    assert "Trekker" not in page  # an agreement's lead, not a building's owner


def test_deleting_a_building_that_a_project_needs_is_refused(client_for, policy_officer):
    project = HousingProjectFactory()
    building = project.building
    response = client_for(policy_officer).post(
        reverse("housing:building_delete", args=[building.pk]), {"version": building.version}
    )
    assert project.name in text(response)
    assert Building.objects.filter(pk=building.pk).exists()
