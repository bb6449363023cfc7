"""Kindcentra: the list, the page with its phase, locations and development, and keeping them
current by the gemeente and the lead organisation's directors."""

import csv
import io
import re

import pytest
from django.urls import reverse

from kindcentra.models import Kindcentrum, KindcentrumLocation, Phase
from tests.kindcentra.conftest import kindcentrum_data, text
from tests.kindcentra.factories import (
    KindcentrumFactory,
    KindcentrumLocationFactory,
    SelfAssessmentFactory,
)
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory, SchoolLocationFactory

pytestmark = pytest.mark.django_db


# The list


def test_list_filters_by_wijk_phase_and_organisation_and_exports_the_checklist(
    client_for, council_member, organisation_a, organisation_b
):
    oost = WijkFactory(name="Oost")
    linde = KindcentrumFactory(
        name="IKC De Linde", wijk=oost, phase=Phase.INTEGRAL, lead_organisation=organisation_a
    )
    eik = KindcentrumFactory(name="Brede School De Eik", phase=Phase.COMMUNITY_SCHOOL)
    KindcentrumFactory(name="Samenwerking De Wilg", phase=Phase.COOPERATION)
    KindcentrumLocationFactory(
        kindcentrum=eik, location=LocationFactory(organisation=organisation_b)
    )
    client = client_for(council_member)
    url = reverse("kindcentra:kindcentrum_list")

    def names(**query):
        html = client.get(url, query).content.decode()
        return [
            n for n in ("IKC De Linde", "Brede School De Eik", "Samenwerking De Wilg") if n in html
        ]

    assert names(wijk=oost.pk) == ["IKC De Linde"]
    assert names(phase=Phase.COMMUNITY_SCHOOL) == ["Brede School De Eik"]
    assert names(organisation="de boomhut") == ["Brede School De Eik"]
    assert names(organisation="onderwijs noord") == ["IKC De Linde"]
    assert names(q="de", sort="-phase") == [
        "IKC De Linde",
        "Brede School De Eik",
        "Samenwerking De Wilg",
    ]

    exported = b"".join(client.get(url, {"wijk": oost.pk, "export": "csv"}).streaming_content)
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    assert row[header.index("Naam")] == linde.name
    assert row[header.index("Fase")] == "Integraal kindcentrum (IKC)"
    assert row[header.index("Fase volgens checklist")] == "Samenwerking"
    assert row[header.index("Gedeelde pedagogische visie")] == "ja"
    assert row[header.index("Één team")] == "nee"


def test_a_city_of_wijken_is_a_searchable_filter_that_takes_a_typed_name(
    client_for, council_member
):
    wijken = [WijkFactory(name=f"Stadswijk {number:03}") for number in range(60)]
    KindcentrumFactory(name="IKC De Linde", wijk=wijken[7])
    KindcentrumFactory(name="Brede School De Eik", wijk=wijken[8])
    client = client_for(council_member)
    url = reverse("kindcentra:kindcentrum_list")

    page = client.get(url).content.decode()
    assert 'data-url="/choices/kindportaal.wijk/"' in page
    assert "Stadswijk 030" not in page  # the page does not hold every wijk as an option
    # Without JavaScript the wijk's name is typed in the text box.
    typed = client.get(url, {"wijk__names": "Stadswijk 007"}).content.decode()
    assert "IKC De Linde" in typed
    assert "Brede School De Eik" not in typed


# The page


def test_page_shows_the_chosen_and_the_suggested_phase_with_what_is_missing(
    client_for, council_member
):
    kindcentrum = KindcentrumFactory(
        phase=Phase.INTEGRAL,
        shared_vision=True,
        continuous_line=True,
        one_leadership=True,
        vve_offer=True,
    )
    page = text(client_for(council_member).get(kindcentrum.get_absolute_url()))
    assert "Fase Integraal kindcentrum (IKC)" in page
    assert "Fase volgens de checklist Kindcentrum" in page
    assert "De gekozen fase is verder dan de checklist aangeeft." in page
    assert "Één team: nog niet" in page
    assert "Voor de fase “Integraal kindcentrum (IKC)” vraagt de checklist nog om: één team" in page


def test_page_shows_locations_of_several_organisations(
    client_for, council_member, kindcentrum_a, organisation_a, organisation_b
):
    school = SchoolLocationFactory(organisation=organisation_a, name="OBS De Linde")
    opvang = LocationFactory(organisation=organisation_b, name="KDV De Linde")
    for location in (school, opvang):
        KindcentrumLocationFactory(kindcentrum=kindcentrum_a, location=location)
    page = text(client_for(council_member).get(kindcentrum_a.get_absolute_url()))
    assert "OBS De Linde Basisschool Stichting Openbaar Onderwijs Noord" in page
    assert "KDV De Linde Dagopvang Kinderopvang De Boomhut" in page
    assert "Weghalen" not in page  # a council member only reads


def test_development_chart_and_its_table_hold_the_same_numbers(client_for, council_member):
    kindcentrum = KindcentrumFactory(name="IKC De Horizon")
    SelfAssessmentFactory(kindcentrum=kindcentrum, year=2024, vision_score=1, parents_score=3)
    SelfAssessmentFactory(kindcentrum=kindcentrum, year=2025, vision_score=3, parents_score=4)
    html = client_for(council_member).get(kindcentrum.get_absolute_url()).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "<title" in svg and "Ontwikkeling van IKC De Horizon" in svg
    assert svg.count("<polyline") == 6  # one line per dimension
    table = re.search(r'<table class="[^"]*kp-chart-table.*?</table>', html, re.S).group(0)
    rows = [
        re.findall(r"<t[hd][^>]*>\s*(.*?)\s*</t[hd]>", row)
        for row in re.findall(r"<tr.*?</tr>", table, re.S)
    ]
    assert rows[0] == ["", "Visie", "Team", "Leiding", "Huisvesting", "Zorg", "Ouders"]
    assert rows[1] == ["2024", "1", "2", "1", "3", "2", "3"]
    assert rows[2] == ["2025", "3", "2", "1", "3", "2", "4"]


def test_page_without_self_assessments_says_so(client_for, council_member):
    kindcentrum = KindcentrumFactory()
    html = client_for(council_member).get(kindcentrum.get_absolute_url()).content.decode()
    assert "Nog geen zelfevaluatie." in html
    assert "<svg" not in html


# Keeping it current


def test_policy_officer_adds_a_kindcentrum_with_its_checklist(
    client_for, policy_officer, organisation_a
):
    wijk = WijkFactory(name="Oost")
    response = client_for(policy_officer).post(
        reverse("kindcentra:kindcentrum_create"),
        kindcentrum_data(
            wijk=wijk.pk,
            lead_organisation=organisation_a.pk,
            criteria=["shared_vision", "vve_offer"],
        ),
    )
    kindcentrum = Kindcentrum.objects.get(name="IKC De Horizon")
    assert response["Location"] == kindcentrum.get_absolute_url()
    assert (kindcentrum.shared_vision, kindcentrum.vve_offer, kindcentrum.one_team) == (
        True,
        True,
        False,
    )


def test_director_of_the_lead_organisation_edits_but_cannot_hand_over_the_lead(
    client_for, director_a, kindcentrum_a, organisation_b
):
    response = client_for(director_a).post(
        reverse("kindcentra:kindcentrum_edit", args=[kindcentrum_a.pk]),
        kindcentrum_data(
            kindcentrum_a,
            lead_organisation=organisation_b.pk,
            phase=Phase.KINDCENTRUM,
            criteria=["shared_vision", "continuous_line", "one_building", "vve_offer"],
        ),
    )
    assert response.status_code == 302
    kindcentrum_a.refresh_from_db()
    assert kindcentrum_a.phase == Phase.KINDCENTRUM
    assert kindcentrum_a.one_building
    assert kindcentrum_a.lead_organisation.name == "Stichting Openbaar Onderwijs Noord"
    page = text(client_for(director_a).get(kindcentrum_a.get_absolute_url()))
    assert "gewijzigd door Jeroen de Vries" in page
    assert "fase: “Samenwerking” werd “Kindcentrum”" in page


def test_director_of_another_organisation_cannot_edit(client_for, director_b, kindcentrum_a):
    response = client_for(director_b).post(
        reverse("kindcentra:kindcentrum_edit", args=[kindcentrum_a.pk]),
        kindcentrum_data(kindcentrum_a, name="Overgenomen"),
    )
    assert response.status_code == 403
    kindcentrum_a.refresh_from_db()
    assert kindcentrum_a.name == "Kindcentrum De Linde"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"housing": "planned"},
            "ihp_year",
            "Geef bij geplande huisvesting het jaar in het IHP op.",
        ),
        ({"age_from": "8", "age_to": "4"}, "age_to", "De leeftijdsrange mag niet eindigen"),
        (
            {"ihp_year": "1850"},
            "ihp_year",
            "Zorg ervoor dat deze waarde minstens 2000 is.",
        ),
        ({"vision": "x" * 5001}, "vision", "Zorg dat deze waarde niet meer dan 5000 tekens bevat"),
        ({"phase": "9"}, "phase", "Selecteer een geldige keuze"),
        ({"criteria": ["free_coffee"]}, "criteria", "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_changes_nothing(
    client_for, policy_officer, kindcentrum_a, changes, field, message
):
    before = Kindcentrum.objects.values().get(pk=kindcentrum_a.pk)
    response = client_for(policy_officer).post(
        reverse("kindcentra:kindcentrum_edit", args=[kindcentrum_a.pk]),
        kindcentrum_data(kindcentrum_a, **changes),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert Kindcentrum.objects.values().get(pk=kindcentrum_a.pk) == before


def test_a_name_used_twice_is_refused_at_the_field(client_for, policy_officer, kindcentrum_a):
    response = client_for(policy_officer).post(
        reverse("kindcentra:kindcentrum_create"),
        kindcentrum_data(
            name=kindcentrum_a.name,
            wijk=kindcentrum_a.wijk_id,
            lead_organisation=kindcentrum_a.lead_organisation_id,
        ),
    )
    assert 'id="id_name_error"' in response.content.decode()
    assert Kindcentrum.objects.count() == 1


def test_concurrent_edits_of_a_kindcentrum_give_a_conflict(
    client_for, policy_officer, director_a, kindcentrum_a
):
    opened = kindcentrum_data(kindcentrum_a)
    client_for(director_a).post(
        reverse("kindcentra:kindcentrum_edit", args=[kindcentrum_a.pk]),
        {**opened, "vision": "Eén visie, één team."},
    )
    response = client_for(policy_officer).post(
        reverse("kindcentra:kindcentrum_edit", args=[kindcentrum_a.pk]),
        {**opened, "phase": "3"},
    )
    page = text(response)
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "visie: “—” werd “Eén visie, één team.”" in page
    kindcentrum_a.refresh_from_db()
    assert (kindcentrum_a.phase, kindcentrum_a.vision) == (
        Phase.COOPERATION,
        "Eén visie, één team.",
    )


def test_deleting_a_kindcentrum_frees_its_locations(client_for, policy_officer, kindcentrum_a):
    location = LocationFactory()
    KindcentrumLocationFactory(kindcentrum=kindcentrum_a, location=location)
    SelfAssessmentFactory(kindcentrum=kindcentrum_a)
    response = client_for(policy_officer).post(
        reverse("kindcentra:kindcentrum_delete", args=[kindcentrum_a.pk]),
        {"version": kindcentrum_a.version},
    )
    assert response["Location"] == reverse("kindcentra:kindcentrum_list")
    assert not Kindcentrum.objects.exists()
    location.refresh_from_db()
    assert not KindcentrumLocation.objects.exists()


def test_a_director_cannot_delete_the_kindcentrum_they_lead(client_for, director_a, kindcentrum_a):
    response = client_for(director_a).post(
        reverse("kindcentra:kindcentrum_delete", args=[kindcentrum_a.pk]),
        {"version": kindcentrum_a.version},
    )
    assert response.status_code == 403
    assert Kindcentrum.objects.filter(pk=kindcentrum_a.pk).exists()
