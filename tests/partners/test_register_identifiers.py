"""The numbers register imports match on (KvK, DUO board number, school location code, LRK
number) are the gemeente's to change: a partner director who set their organisation's KvK
number to another holder's made the next LRK import rename their organisation and hand them
that holder's locations."""

import pytest
from django.urls import reverse

from partners.models import Location, Organisation
from tests.drills.forms import post_forms
from tests.partners.factories import LocationFactory, SchoolLocationFactory

pytestmark = pytest.mark.django_db

ONLY_THE_GEMEENTE = "alleen een beleidsmedewerker kan het wijzigen"


def _post_edited(client, url, **changes):
    page = client.get(url)
    (form,) = [form for form in post_forms(page.content) if "version" in form.named()]
    return page, client.post(url, {**form.data(), **changes})


def test_a_director_cannot_change_the_kvk_or_duo_number_of_their_organisation(
    client_for, director_a, organisation_a
):
    url = reverse("partners:organisation_edit", args=[organisation_a.pk])
    page, response = _post_edited(
        client_for(director_a),
        url,
        kvk_number="69999999",
        duo_board_number="99999",
        phone="0201234567",
    )
    assert ONLY_THE_GEMEENTE in page.content.decode()
    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.kvk_number == "41000001"
    assert organisation_a.duo_board_number != "99999"
    assert organisation_a.phone == "0201234567", "the rest of the form is saved"


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [(LocationFactory, "lrk_number", "999999999"), (SchoolLocationFactory, "school_code", "99ZZ")],
)
def test_a_director_cannot_change_the_register_number_of_a_location(
    client_for, director_a, organisation_a, factory, field, value
):
    location = factory(organisation=organisation_a)
    before = getattr(location, field)
    url = reverse("partners:location_edit", args=[location.pk])
    _page, response = _post_edited(client_for(director_a), url, **{field: value})
    assert response.status_code == 302
    location.refresh_from_db()
    assert getattr(location, field) == before


def test_a_director_adds_a_location_without_a_register_number(
    client_for, director_a, organisation_a
):
    url = reverse("partners:location_create", args=[organisation_a.pk])
    client = client_for(director_a)
    page = client.get(url)
    (form,) = [form for form in post_forms(page.content) if "name" in form.named()]
    data = {
        **form.data(),
        "name": "KDV Nieuw",
        "kind": "day_care",
        "lrk_number": "123456781",
        "street": "Dorpsstraat",
        "house_number": "1",
        "postcode": "1234AB",
        "city": "Voorbeeldstad",
    }
    assert client.post(url, data).status_code == 302
    assert Location.objects.get(name="KDV Nieuw").lrk_number == ""


def test_a_policy_officer_changes_the_register_numbers(client_for, policy_officer, organisation_a):
    url = reverse("partners:organisation_edit", args=[organisation_a.pk])
    _page, response = _post_edited(client_for(policy_officer), url, kvk_number="69999999")
    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation_a.pk).kvk_number == "69999999"
