"""Wijken: maintained by policy officers; their page shows the kindcentra and locations in them."""

import pytest
from django.urls import reverse

from kindportaal.models import Wijk
from tests.kindcentra.conftest import text
from tests.kindcentra.factories import KindcentrumFactory, KindcentrumLocationFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory


def wijk_data(wijk=None, **changes):
    data = {
        "name": "De Akkers",
        "cbs_code": "WK999903",
        "children_0_4": "1210",
        "children_4_12": "2240",
        "reference_year": "2025",
    }
    if wijk is not None:
        data.update(
            name=wijk.name,
            cbs_code=wijk.cbs_code,
            children_0_4=wijk.children_0_4,
            children_4_12=wijk.children_4_12,
            reference_year=wijk.reference_year,
            version=wijk.version,
        )
    data.update(changes)
    return data


pytestmark = pytest.mark.django_db


def test_policy_officer_adds_a_wijk_with_a_tidy_cbs_code(client_for, policy_officer):
    response = client_for(policy_officer).post(
        reverse("kindcentra:wijk_create"), wijk_data(cbs_code="wk 999903")
    )
    wijk = Wijk.objects.get()
    assert response["Location"] == wijk.get_absolute_url()
    assert wijk.cbs_code == "WK999903"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cbs_code": "GM0363"}, "cbs_code", "Vul WK in, gevolgd door zes cijfers"),
        ({"children_0_4": "-5"}, "children_0_4", "Zorg ervoor dat deze waarde minstens 0 is."),
        ({"reference_year": ""}, "reference_year", "Vul het jaar in waarop de aantallen"),
        ({"reference_year": "1850"}, "reference_year", "Vul een jaar in tussen 2000 en 2100."),
        ({"name": "x" * 101}, "name", "niet meer dan 100 tekens"),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field(
    client_for, policy_officer, changes, field, message
):
    response = client_for(policy_officer).post(
        reverse("kindcentra:wijk_create"), wijk_data(**changes)
    )
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Wijk.objects.exists()


def test_a_cbs_code_used_twice_is_refused_at_the_field(client_for, policy_officer):
    WijkFactory(cbs_code="WK999903")
    response = client_for(policy_officer).post(reverse("kindcentra:wijk_create"), wijk_data())
    assert 'id="id_cbs_code_error"' in response.content.decode()
    assert Wijk.objects.count() == 1


def test_editing_a_wijk_is_recorded_and_concurrent_edits_conflict(
    client_for, policy_officer, administrator
):
    wijk = WijkFactory(name="Centrum", children_0_4=400)
    url = reverse("kindcentra:wijk_edit", args=[wijk.pk])
    opened = wijk_data(wijk)
    assert (
        client_for(policy_officer).post(url, {**opened, "children_0_4": "450"}).status_code == 302
    )
    conflict = client_for(policy_officer).post(url, {**opened, "name": "Binnenstad"})
    assert "kinderen 0–4: “400” werd “450”" in conflict.content.decode()
    wijk.refresh_from_db()
    assert (wijk.name, wijk.children_0_4) == ("Centrum", 450)
    page = text(client_for(policy_officer).get(wijk.get_absolute_url()))
    assert "gewijzigd door Fatima El Amrani" in page


def test_only_policy_officers_maintain_wijken(client_for, director_a, council_member):
    wijk = WijkFactory(name="Centrum")
    for person in (director_a, council_member):
        client = client_for(person)
        assert client.post(reverse("kindcentra:wijk_create"), wijk_data()).status_code == 403
        edited = client.post(
            reverse("kindcentra:wijk_edit", args=[wijk.pk]), wijk_data(wijk, name="Weg")
        )
        assert edited.status_code == 403
        assert "Wijk toevoegen" not in client.get(reverse("kindcentra:wijk_list")).content.decode()
    assert list(Wijk.objects.values_list("name", flat=True)) == ["Centrum"]


def test_wijk_page_shows_its_kindcentra_and_locations(client_for, council_member):
    wijk = WijkFactory(name="Oosterpark", children_0_4=980, reference_year=2025)
    kindcentrum = KindcentrumFactory(name="IKC Oost", wijk=wijk)
    location = LocationFactory(name="KDV Oost", wijk=wijk)
    KindcentrumLocationFactory(kindcentrum=kindcentrum, location=location)
    LocationFactory(name="KDV Elders")
    page = text(client_for(council_member).get(wijk.get_absolute_url()))
    assert "IKC Oost Samenwerking" in page
    assert "KDV Oost" in page
    assert "KDV Elders" not in page
    assert "Kinderen 0–4 980" in page
    assert "Peiljaar 2025" in page


def test_wijk_list_counts_kindcentra_and_locations_and_sorts_by_them(client_for, council_member):
    busy, quiet = WijkFactory(name="Druk"), WijkFactory(name="Stil")
    KindcentrumFactory.create_batch(2, wijk=busy)
    LocationFactory.create_batch(3, wijk=busy)
    LocationFactory(wijk=quiet)
    client = client_for(council_member)
    html = client.get(reverse("kindcentra:wijk_list"), {"sort": "-locations"}).content.decode()
    assert html.index("Druk") < html.index("Stil")
    exported = b"".join(
        client.get(
            reverse("kindcentra:wijk_list"), {"q": "druk", "export": "csv"}
        ).streaming_content
    ).decode("utf-8-sig")
    header, row = exported.strip().splitlines()
    assert header.split(";")[-2:] == ["Kindcentra", "Locaties"]
    assert row.split(";")[-2:] == ["2", "3"]
