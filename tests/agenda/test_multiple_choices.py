"""Choice fields: checkboxes when the list is short; a searchable control when it is long,
which holds only the chosen options, loads matches from a permission-checked endpoint, and
without JavaScript takes names typed one per line. A single choice is a select, and the same
searchable control with one name when its list is long."""

import pytest
from django.urls import reverse

from agenda.forms import AgreementForm
from agenda.models import Agreement
from kindportaal.choices import SHORT_LIST, SHORT_SELECT
from tests.agenda.factories import AgreementFactory
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_organisations(db):
    """A city's worth of organisations, as far as the threshold goes."""
    return [
        OrganisationFactory(name=f"Kinderopvang Zon {number:02d}")
        for number in range(SHORT_LIST + 5)
    ]


def _new_agreement_page(client_for, user):
    response = client_for(user).get(reverse("agenda:agreement_create"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_short_list_is_a_group_of_checkboxes(organisation_a, organisation_b, policy_officer):
    form = AgreementForm()
    html = form["parties"].as_widget()
    assert 'type="checkbox"' in html
    assert "<select" not in html
    assert organisation_b.name in html


def test_a_long_list_shows_only_what_is_chosen(many_organisations, policy_officer, client_for):
    page = _new_agreement_page(client_for, policy_officer)
    parties = page.split('name="parties__names"')[0].rsplit("<fieldset", 1)[1]
    assert "Kinderopvang Zon" not in parties
    assert 'data-url="/choices/partners.organisation/"' in page
    assert "vendor/tom-select.min.js" in page
    # The owner (a single choice) is not this control's business.
    assert page.count("Kinderopvang Zon 03") == 1


def test_the_endpoint_answers_matches_of_what_was_typed(
    many_organisations, organisation_b, council_member, client_for
):
    response = client_for(council_member).get(
        reverse("kindportaal:choices", args=["partners.organisation"]), {"q": "zon 1"}
    )
    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert texts == [f"Kinderopvang Zon {n}" for n in range(10, 20)]
    assert organisation_b.name not in texts


def test_people_are_searched_by_policy_officers_only(director_a, client_for, policy_officer):
    url = reverse("kindportaal:choices", args=["kindportaal.user"])
    assert client_for(director_a).get(url, {"q": "a"}).status_code == 403
    names = [
        r["text"] for r in client_for(policy_officer).get(url, {"q": "Vries"}).json()["results"]
    ]
    assert names == ["Jeroen de Vries"]


def test_an_unknown_source_is_not_found(client_for, policy_officer):
    url = reverse("kindportaal:choices", args=["kindportaal.session"])
    assert client_for(policy_officer).get(url, {"q": "a"}).status_code == 404


def _agreement_post(theme, owner, **data):
    return {
        "title": "Samen scholen",
        "theme": theme.pk,
        "owner": owner.pk,
        "whole_gemeente": "on",
        "start_date": "2025-01-01",
        "due_date": "2026-12-31",
        **data,
    }


def test_without_javascript_parties_are_added_by_typing_their_names(
    many_organisations, organisation_a, theme, policy_officer
):
    form = AgreementForm(
        _agreement_post(theme, organisation_a, parties__names="zon 03\nKinderopvang Zon 07\n\n")
    )
    assert form.is_valid(), form.errors
    assert {party.name for party in form.cleaned_data["parties"]} == {
        "Kinderopvang Zon 03",
        "Kinderopvang Zon 07",
    }


def test_a_name_that_matches_several_or_none_says_so(
    many_organisations, organisation_a, theme, policy_officer
):
    form = AgreementForm(_agreement_post(theme, organisation_a, parties__names="zon 1\nZonnebloem"))
    assert not form.is_valid()
    errors = form.errors["parties"]
    assert any(e.startswith("“zon 1” past bij meer dan één: Kinderopvang Zon 10") for e in errors)
    assert "Niets past bij “Zonnebloem”: controleer de spelling." in errors


def test_chosen_parties_stay_chosen_as_checkboxes_after_an_error(
    many_organisations, organisation_a, theme, policy_officer
):
    chosen = many_organisations[4]
    form = AgreementForm(_agreement_post(theme, organisation_a, title="", parties=[str(chosen.pk)]))
    assert not form.is_valid()
    html = form["parties"].as_widget()
    assert f'value="{chosen.pk}"' in html and "checked" in html
    assert many_organisations[5].name not in html


@pytest.fixture
def a_city_of_organisations(db):
    """More organisations than a single choice lists as a select."""
    return [
        OrganisationFactory(name=f"Stichting Stad {number:02d}")
        for number in range(SHORT_SELECT + 5)
    ]


def test_a_long_single_choice_holds_only_the_chosen_one(
    a_city_of_organisations, theme, policy_officer, client_for
):
    owner = a_city_of_organisations[7]
    agreement = AgreementFactory(theme=theme, owner=owner, title="Samen scholen")
    page = client_for(policy_officer).get(reverse("agenda:agreement_edit", args=[agreement.pk]))
    html = page.content.decode()
    start = html.index('kp-searchable kp-searchable--single"')
    control = html[start : html.index("</div>\n</div>", start)]
    assert f'value="{owner.pk}"' in control and 'value="Stichting Stad 07"' in control
    assert 'name="owner__names"' in control
    # None of the other organisations is on the page (the parties list holds the chosen ones).
    assert "Stichting Stad 08" not in html
    assert "vendor/tom-select.min.js" in html


def test_without_javascript_the_owner_is_chosen_by_typing_its_name(
    a_city_of_organisations, organisation_a, theme, policy_officer
):
    data = _agreement_post(theme, organisation_a, parties=[str(organisation_a.pk)])
    data["owner__names"] = "stad 07"  # part of the name is enough when only one matches
    form = AgreementForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == a_city_of_organisations[7]
    # The name as the page showed it keeps the chosen one.
    data["owner__names"] = organisation_a.name
    form = AgreementForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == organisation_a


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("stad 0", "“stad 0” past bij meer dan één: Stichting Stad 00"),
        ("Zonnebloem", "Niets past bij “Zonnebloem”: controleer de spelling."),
        ("", "Dit veld is verplicht."),
    ],
)
def test_an_owner_typed_that_matches_several_none_or_nothing_says_so_and_saves_nothing(
    a_city_of_organisations, organisation_a, theme, policy_officer, client_for, typed, message
):
    data = _agreement_post(theme, organisation_a, parties=[str(organisation_a.pk)])
    data["owner__names"] = typed
    response = client_for(policy_officer).post(reverse("agenda:agreement_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.filter(title="Samen scholen").exists()
