"""Locations: the list, the page, and the rules of their codes, address and numbers."""

import pytest
from django.urls import reverse

from partners.models import Location
from tests.kindcentra.factories import KindcentrumFactory, KindcentrumLocationFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.conftest import location_data
from tests.partners.factories import LocationFactory, SchoolLocationFactory

pytestmark = pytest.mark.django_db


def create(client, organisation, **changes):
    return client.post(
        reverse("partners:location_create", args=[organisation.pk]), location_data(**changes)
    )


def test_list_filters_by_kind_wijk_organisation_and_vve(
    client_for, council_member, organisation_a, organisation_b
):
    oost = WijkFactory(name="Oost")
    SchoolLocationFactory(organisation=organisation_a, name="OBS De Wilg", wijk=oost)
    LocationFactory(organisation=organisation_b, name="KDV Boomhut", wijk=oost, vve_certified=False)
    LocationFactory(organisation=organisation_b, name="BSO Boomhut", kind="out_of_school_care")
    client = client_for(council_member)
    url = reverse("partners:location_list")

    def names(**query):
        html = client.get(url, query).content.decode()
        return [n for n in ("OBS De Wilg", "KDV Boomhut", "BSO Boomhut") if n in html]

    assert names(wijk=oost.pk) == ["OBS De Wilg", "KDV Boomhut"]
    assert names(organisation="boomhut", kind="day_care") == ["KDV Boomhut"]
    assert names(vve="no") == ["OBS De Wilg", "KDV Boomhut"]
    assert names(q="boomhut", sort="-name") == ["KDV Boomhut", "BSO Boomhut"]


def test_location_page_shows_its_organisation_address_and_kindcentrum(
    client_for, council_member, organisation_a
):
    school = SchoolLocationFactory(
        organisation=organisation_a,
        name="OBS De Wilg",
        street="Wilgenlaan",
        house_number="3a",
        postcode="1234 AB",
        city="Voorbeeldstad",
    )
    kindcentrum = KindcentrumFactory(name="IKC De Wilg")
    KindcentrumLocationFactory(kindcentrum=kindcentrum, location=school)
    html = client_for(council_member).get(school.get_absolute_url()).content.decode()
    assert "Stichting Openbaar Onderwijs Noord" in html
    assert "Wilgenlaan 3a, 1234 AB Voorbeeldstad" in html
    assert "Hoort bij" in html and "IKC De Wilg" in html
    assert "4 tot 12 jaar" in html


def test_director_adds_a_location_to_own_organisation_with_a_tidy_postcode(
    client_for, director_b, organisation_b
):
    response = create(client_for(director_b), organisation_b, postcode="3011ab")
    location = Location.objects.get(name="Kinderdagverblijf Het Anker")
    assert response["Location"] == location.get_absolute_url()
    assert (location.organisation, location.postcode) == (organisation_b, "3011 AB")
    assert location.history.get().history_user == director_b


def test_the_lrk_number_is_kept_without_spaces(client_for, policy_officer, organisation_b):
    # The register numbers are the gemeente's (tests/partners/test_register_identifiers.py).
    create(client_for(policy_officer), organisation_b, lrk_number="123 123 123")
    assert Location.objects.get(name="Kinderdagverblijf Het Anker").lrk_number == "123123123"


def test_director_cannot_add_a_location_to_another_organisation(
    client_for, director_a, organisation_b
):
    response = create(client_for(director_a), organisation_b)
    assert response.status_code == 403
    assert not Location.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postcode": "0123 AB"}, "postcode", "Vul een Nederlandse postcode in"),
        ({"postcode": "1234 SS"}, "postcode", "Vul een Nederlandse postcode in"),
        ({"lrk_number": "12345"}, "lrk_number", "Een LRK-nummer heeft precies 9 cijfers."),
        (
            {"kind": "primary_school", "lrk_number": "", "school_code": "1AB00"},
            "school_code",
            "Een vestigingscode is het BRIN-nummer",
        ),
        ({"school_code": "12AB00"}, "school_code", "Alleen een school heeft een vestigingscode"),
        (
            {"kind": "youth_team"},
            "lrk_number",
            "Alleen een kinderopvanglocatie heeft een LRK-nummer",
        ),
        ({"age_from": "6", "age_to": "4"}, "age_to", "mag niet eindigen voordat"),
        ({"count_reference_date": ""}, "count_reference_date", "Vul de peildatum in"),
        ({"capacity": "-3"}, "capacity", "Zorg ervoor dat deze waarde minstens 0 is."),
        ({"name": "x" * 201}, "name", "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ({"wijk": "999999"}, "wijk", "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_changes_nothing(
    client_for, policy_officer, organisation_b, changes, field, message
):
    response = create(client_for(policy_officer), organisation_b, **changes)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Location.objects.exists()


def test_an_lrk_number_or_school_code_used_twice_is_refused_at_the_field(
    client_for, policy_officer, organisation_a, organisation_b, location_b, school_a
):
    client = client_for(policy_officer)
    response = create(client, organisation_b, lrk_number=location_b.lrk_number)
    assert "Een andere locatie heeft dit LRK-nummer al." in response.content.decode()
    response = create(
        client,
        organisation_a,
        kind="primary_school",
        lrk_number="",
        school_code=school_a.school_code.lower(),
        capacity="",
        pupils="200",
    )
    html = response.content.decode()
    assert 'id="id_school_code_error"' in html
    assert "Een andere locatie heeft deze vestigingscode al." in html
    assert Location.objects.count() == 2


def test_director_edits_own_location_but_not_anothers(client_for, director_b, location_b, school_a):
    client = client_for(director_b)
    response = client.post(
        reverse("partners:location_edit", args=[location_b.pk]),
        location_data(location_b, capacity="64"),
    )
    assert response.status_code == 302
    location_b.refresh_from_db()
    assert location_b.capacity == 64
    page = client.get(location_b.get_absolute_url()).content.decode()
    assert "kindplaatsen: “48” werd “64”" in page

    refused = client.post(
        reverse("partners:location_edit", args=[school_a.pk]), location_data(school_a, name="X")
    )
    assert refused.status_code == 403
    school_a.refresh_from_db()
    assert school_a.name == "OBS De Wilg"


def test_director_cannot_move_a_location_to_an_organisation_they_do_not_act_for(
    client_for, director_b, location_b, organisation_a
):
    response = client_for(director_b).post(
        reverse("partners:location_edit", args=[location_b.pk]),
        location_data(location_b, organisation=organisation_a.pk),
    )
    assert 'id="id_organisation_error"' in response.content.decode()
    location_b.refresh_from_db()
    assert location_b.organisation_id != organisation_a.pk


def test_two_people_editing_one_location_get_a_conflict_not_a_lost_update(
    client_for, policy_officer, director_b, location_b
):
    opened = location_data(location_b)
    client_for(director_b).post(
        reverse("partners:location_edit", args=[location_b.pk]), {**opened, "capacity": "60"}
    )
    response = client_for(policy_officer).post(
        reverse("partners:location_edit", args=[location_b.pk]), {**opened, "street": "Kade"}
    )
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "kindplaatsen: “48” werd “60”" in html
    location_b.refresh_from_db()
    assert (location_b.capacity, location_b.street) == (60, "Dorpsstraat")


def test_deleting_a_location_of_a_kindcentrum_is_refused_until_it_is_removed_there(
    client_for, director_b, location_b
):
    kindcentrum = KindcentrumFactory(name="IKC Het Anker")
    membership = KindcentrumLocationFactory(kindcentrum=kindcentrum, location=location_b)
    client = client_for(director_b)
    url = reverse("partners:location_delete", args=[location_b.pk])
    refused = client.post(url, {"version": location_b.version})
    assert "KDV De Boomhut – IKC Het Anker" in refused.content.decode()
    assert Location.objects.filter(pk=location_b.pk).exists()

    membership.delete()
    done = client.post(url, {"version": location_b.version})
    assert done["Location"] == location_b.organisation.get_absolute_url()
    assert not Location.objects.filter(pk=location_b.pk).exists()


def test_a_delete_without_the_version_shown_deletes_nothing(client_for, policy_officer, location_b):
    response = client_for(policy_officer).post(
        reverse("partners:location_delete", args=[location_b.pk])
    )
    assert "Deze pagina is verouderd" in response.content.decode()
    assert Location.objects.filter(pk=location_b.pk).exists()
