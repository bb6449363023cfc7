"""Organisations: the list, the page with its relations, and keeping them current, by whom."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import Location, Membership, Organisation
from tests.kindcentra.factories import KindcentrumFactory, KindcentrumLocationFactory
from tests.kindportaal.factories import WijkFactory
from tests.partners.conftest import organisation_data
from tests.partners.factories import LocationFactory, OrganisationFactory, SchoolBoardFactory

pytestmark = pytest.mark.django_db


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


# The list


def test_list_searches_filters_by_kind_and_wijk_and_exports_what_it_shows(
    client_for, council_member
):
    centrum, oost = WijkFactory(name="Centrum"), WijkFactory(name="Oost")
    zon = OrganisationFactory(name="Kinderopvang Zonnestraal", kvk_number="52000010")
    maan = OrganisationFactory(name="Kinderopvang Maanlicht", kvk_number="52000011")
    SchoolBoardFactory(name="Stichting Onderwijs Zonnestraal", kvk_number="41000010")
    LocationFactory(organisation=zon, wijk=centrum)
    LocationFactory(organisation=maan, wijk=oost)
    client = client_for(council_member)
    url = reverse("partners:organisation_list")

    html = client.get(url, {"q": "zonnestraal", "kind": "childcare"}).content.decode()
    assert "Kinderopvang Zonnestraal" in html
    assert "Stichting Onderwijs Zonnestraal" not in html
    assert "1 resultaat" in html

    html = client.get(url, {"wijk": oost.pk}).content.decode()
    assert "Kinderopvang Maanlicht" in html
    assert "Kinderopvang Zonnestraal" not in html

    exported = content(client.get(url, {"kind": "childcare", "sort": "-name", "export": "csv"}))
    rows = list(csv.reader(io.StringIO(exported), delimiter=";"))
    assert rows[0][:3] == ["Naam", "Soort", "KvK-nummer"]
    assert [row[0] for row in rows[1:]] == ["Kinderopvang Zonnestraal", "Kinderopvang Maanlicht"]

    response = client.get(url, {"q": "maan", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    values = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert values[1][0] == "Kinderopvang Maanlicht"
    assert len(values) == 2


def test_list_sorts_by_number_of_locations_and_says_how_it_is_sorted(client_for, council_member):
    big = OrganisationFactory(name="Groot")
    OrganisationFactory(name="Klein")
    LocationFactory.create_batch(3, organisation=big)
    html = (
        client_for(council_member)
        .get(reverse("partners:organisation_list"), {"sort": "-locations"})
        .content.decode()
    )
    assert html.index("Groot") < html.index("Klein")
    assert 'aria-sort="descending"' in html


def test_a_bad_filter_value_is_explained_not_an_error(client_for, council_member):
    response = client_for(council_member).get(
        reverse("partners:organisation_list"), {"kind": "spaceship", "wijk": "abc"}
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


# The page


def test_page_shows_locations_kindcentra_members_and_history(
    client_for, policy_officer, organisation_a, director_a
):
    school = LocationFactory(organisation=organisation_a, name="OBS De Linde")
    kindcentrum = KindcentrumFactory(name="IKC De Linde", lead_organisation=organisation_a)
    KindcentrumLocationFactory(kindcentrum=kindcentrum, location=school)
    html = client_for(policy_officer).get(organisation_a.get_absolute_url()).content.decode()
    assert "OBS De Linde" in html
    assert "IKC De Linde" in html  # the kindcentra app's panel
    assert "trekker" in html
    assert "Jeroen de Vries" in html
    assert "Geschiedenis" in html


def test_members_are_shown_to_the_gemeente_and_the_organisation_only(
    client_for, organisation_a, director_a, director_b, council_member
):
    url = organisation_a.get_absolute_url()
    assert "bestuurder.a@example.org" in client_for(director_a).get(url).content.decode()
    assert "bestuurder.a@example.org" not in client_for(director_b).get(url).content.decode()
    assert "bestuurder.a@example.org" not in client_for(council_member).get(url).content.decode()


# Keeping it current


def test_policy_officer_adds_an_organisation_and_its_creation_is_in_the_history(
    client_for, policy_officer
):
    response = client_for(policy_officer).post(
        reverse("partners:organisation_create"), organisation_data(kvk_number="5299 9999")
    )
    organisation = Organisation.objects.get(name="Stichting Kinderopvang Het Anker")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.kvk_number == "52999999"
    page = client_for(policy_officer).get(organisation.get_absolute_url()).content.decode()
    assert "aangemaakt door Fatima El Amrani" in page


def test_director_keeps_own_organisation_current_and_the_change_is_recorded(
    client_for, director_a, organisation_a
):
    client = client_for(director_a)
    url = reverse("partners:organisation_edit", args=[organisation_a.pk])
    response = client.post(
        url, organisation_data(organisation_a, phone="020 765 43 21", website="sopo.example.org")
    )
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.phone == "020 765 43 21"
    assert organisation_a.website == "https://sopo.example.org"
    assert organisation_a.version == 2
    page = client.get(organisation_a.get_absolute_url()).content.decode()
    assert "gewijzigd door Jeroen de Vries" in page
    assert "telefoonnummer: “—” werd “020 765 43 21”" in page


def test_director_cannot_edit_another_organisation_and_nothing_changes(
    client_for, director_b, organisation_a
):
    client = client_for(director_b)
    url = reverse("partners:organisation_edit", args=[organisation_a.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, organisation_data(organisation_a, name="Overgenomen"))
    assert response.status_code == 403
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Stichting Openbaar Onderwijs Noord"
    assert "Bewerken" not in client.get(organisation_a.get_absolute_url()).content.decode()


def test_director_cannot_make_their_organisation_inactive(client_for, director_a, organisation_a):
    data = organisation_data(organisation_a)
    data.pop("is_active")
    client_for(director_a).post(
        reverse("partners:organisation_edit", args=[organisation_a.pk]), data
    )
    organisation_a.refresh_from_db()
    assert organisation_a.is_active


def test_council_member_reads_but_cannot_add(client_for, council_member):
    client = client_for(council_member)
    assert (
        "Organisatie toevoegen"
        not in client.get(reverse("partners:organisation_list")).content.decode()
    )
    response = client.post(reverse("partners:organisation_create"), organisation_data())
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Stichting Kinderopvang Het Anker").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kvk_number": "1234"}, "kvk_number", "Een KvK-nummer heeft precies 8 cijfers."),
        (
            {"kind": "school_board", "duo_board_number": "12"},
            "duo_board_number",
            "Een bevoegd-gezagnummer van DUO heeft precies 5 cijfers.",
        ),
        (
            {"duo_board_number": "12345"},
            "duo_board_number",
            "Alleen een schoolbestuur heeft een bevoegd-gezagnummer (DUO)",
        ),
        ({"name": "x" * 201}, "name", "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ({"phone": "bel maar"}, "phone", "Vul een telefoonnummer in."),
        ({"email": "geen-adres"}, "email", "Voer een geldig e-mailadres in."),
    ],
)
def test_bad_input_gets_a_dutch_message_at_the_field_and_changes_nothing(
    client_for, policy_officer, changes, field, message
):
    response = client_for(policy_officer).post(
        reverse("partners:organisation_create"), organisation_data(**changes)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Organisation.objects.exists()


def test_a_kvk_number_used_twice_is_refused_at_the_field(
    client_for, policy_officer, organisation_a
):
    response = client_for(policy_officer).post(
        reverse("partners:organisation_create"),
        organisation_data(kvk_number=organisation_a.kvk_number),
    )
    html = response.content.decode()
    assert 'id="id_kvk_number_error"' in html
    assert "Een andere organisatie heeft dit KvK-nummer al." in html
    assert Organisation.objects.count() == 1


def test_saving_over_someone_elses_change_shows_their_change_and_keeps_it(
    client_for, policy_officer, director_a, organisation_a
):
    opened = organisation_data(organisation_a)  # the policy officer opens the form
    client_for(director_a).post(
        reverse("partners:organisation_edit", args=[organisation_a.pk]),
        organisation_data(organisation_a, email="nieuw@sopo.example.org"),
    )
    response = client_for(policy_officer).post(
        reverse("partners:organisation_edit", args=[organisation_a.pk]),
        {**opened, "name": "Stichting Openbaar Onderwijs Noord en Oost"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "Jeroen de Vries" in html
    assert "e-mailadres: “—” werd “nieuw@sopo.example.org”" in html
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Stichting Openbaar Onderwijs Noord"
    assert organisation_a.email == "nieuw@sopo.example.org"
    # Saving again is a deliberate choice and goes through.
    again = client_for(policy_officer).post(
        reverse("partners:organisation_edit", args=[organisation_a.pk]),
        {**opened, "name": "Stichting Openbaar Onderwijs Noord en Oost", "version": 2},
    )
    assert again.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Stichting Openbaar Onderwijs Noord en Oost"


# Deleting


def test_deleting_an_organisation_takes_its_locations_and_memberships_along(
    client_for, policy_officer, organisation_b, director_b
):
    LocationFactory(organisation=organisation_b)
    client = client_for(policy_officer)
    url = reverse("partners:organisation_delete", args=[organisation_b.pk])
    assert "Ook de 1 locatie en de lidmaatschappen" in client.get(url).content.decode()
    response = client.post(url, {"version": organisation_b.version})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation_b.pk).exists()
    assert not Location.objects.exists()
    assert not Membership.objects.filter(user=director_b).exists()


def test_deleting_an_organisation_whose_location_is_in_a_kindcentrum_is_refused(
    client_for, policy_officer, organisation_b
):
    location = LocationFactory(organisation=organisation_b, name="BSO De Boomhut")
    kindcentrum = KindcentrumFactory(name="IKC Het Anker")
    KindcentrumLocationFactory(kindcentrum=kindcentrum, location=location)
    response = client_for(policy_officer).post(
        reverse("partners:organisation_delete", args=[organisation_b.pk]),
        {"version": organisation_b.version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit kan niet worden verwijderd" in html
    assert "Locaties van kindcentra: BSO De Boomhut – IKC Het Anker" in html
    assert Organisation.objects.filter(pk=organisation_b.pk).exists()
    assert Location.objects.filter(pk=location.pk).exists()


def test_deleting_an_organisation_that_leads_a_kindcentrum_is_refused(
    client_for, policy_officer, organisation_a
):
    KindcentrumFactory(name="IKC De Linde", lead_organisation=organisation_a)
    response = client_for(policy_officer).post(
        reverse("partners:organisation_delete", args=[organisation_a.pk]),
        {"version": organisation_a.version},
    )
    assert "Kindcentra: IKC De Linde" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_deleting_what_someone_changed_meanwhile_asks_again(
    client_for, policy_officer, organisation_b, director_b
):
    shown = organisation_b.version
    client_for(director_b).post(
        reverse("partners:organisation_edit", args=[organisation_b.pk]),
        organisation_data(organisation_b, phone="030 111 22 33"),
    )
    response = client_for(policy_officer).post(
        reverse("partners:organisation_delete", args=[organisation_b.pk]), {"version": shown}
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation_b.pk).exists()


def test_only_policy_officers_delete_organisations(client_for, director_a, organisation_a):
    response = client_for(director_a).post(
        reverse("partners:organisation_delete", args=[organisation_a.pk]),
        {"version": organisation_a.version},
    )
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()
