"""Journeys on a phone (390 × 844, touch), axe-clean at every step: a partner director confirms,
reports progress and finds their organisation's agreements by tapping; a policy officer makes an
agreement with three parties chosen by typing part of their names in the searchable control."""

import pytest
from playwright.sync_api import expect

from agenda.models import Agenda, Agreement, AgreementStatus
from kindportaal.choices import SHORT_SELECT
from tests.agenda.factories import ThemeFactory, confirm, proposed_agreement
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in
from tests.partners.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def theme(db):
    agenda = Agenda.objects.create(
        title="Lokale Educatieve Agenda 2025–2028", start_year=2025, end_year=2028, is_current=True
    )
    return ThemeFactory(agenda=agenda, title="VVE en onderwijsachterstanden")


def test_a_director_confirms_reports_progress_and_finds_the_agreements_by_tapping(
    phone, theme, policy_officer, organisation_a, organisation_b, director_a, director_b
):
    title = "Gezamenlijke VVE-scholing"
    agreement = proposed_agreement(
        by=policy_officer, parties=[organisation_a, organisation_b], theme=theme, title=title
    )
    confirm(agreement, organisation_a, director_a)

    log_in(phone, director_b)
    panel = phone.get_by_role("region", name="Mijn afspraken")
    panel.get_by_role("link", name=title).first.tap()
    expect(phone.get_by_role("status")).to_contain_text("Wacht op bevestiging van Kinderopvang")
    expect(phone.get_by_text("Voortgang rapporteren kan zodra alle partijen")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Bevestigen of afwijzen").tap()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("versie 1")
    assert_accessible(phone)
    phone.get_by_text("Bevestigd", exact=True).tap()
    phone.get_by_role("button", name="Antwoord versturen").tap()
    expect(phone.get_by_role("status").first).to_contain_text("Je antwoord is vastgelegd")
    expect(phone.get_by_role("link", name="Bevestigen of afwijzen")).to_have_count(0)
    expect(phone.get_by_text("Je antwoord voor Kinderopvang De Boomhut: bevestigd")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("link", name="Voortgang rapporteren").tap()
    phone.get_by_text("Op koers", exact=True).tap()
    phone.get_by_label("Percentage gereed").fill("15")
    phone.get_by_label("Voortgang", exact=True).fill("De eerste scholingsdag is gegeven.")
    assert_accessible(phone)
    phone.get_by_role("button", name="Opslaan").tap()
    expect(phone.locator(".kp-agreement-status")).to_contain_text("In uitvoering")
    assert_accessible(phone)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_PROGRESS

    phone.get_by_role("link", name="Start").first.tap()
    phone.get_by_role("region", name="Jouw organisatie").get_by_role(
        "link", name=organisation_b.name
    ).tap()
    agreements = phone.get_by_role("region", name="Afspraken")
    expect(agreements.get_by_role("link", name=title)).to_be_visible()
    expect(agreements).to_contain_text("In uitvoering")
    assert_accessible(phone)


def test_a_policy_officer_chooses_three_parties_by_typing_part_of_their_names(
    phone, theme, policy_officer
):
    # More organisations than a select lists (SHORT_SELECT): the owner is searched as well.
    for number in range(SHORT_SELECT + 5):
        OrganisationFactory(name=f"Stichting Voorbeeld {number:02d}")
    zonnestraal = OrganisationFactory(name="Kinderopvang Zonnestraal")
    brug = OrganisationFactory(name="Stichting Jeugdzorg De Brug")
    regenboog = OrganisationFactory(name="Brede School De Regenboog")

    log_in(phone, policy_officer)
    phone.goto("/agenda/afspraken/nieuw/")
    # The page holds none of the organisations until someone types.
    expect(phone.get_by_text("Stichting Voorbeeld 03")).to_have_count(0)
    phone.get_by_label("Titel", exact=True).fill("Eén loket voor jeugdhulp in de school")
    phone.get_by_label("Thema", exact=True).select_option(str(theme.pk))
    owner = phone.locator(".kp-searchable--single")
    search = owner.get_by_placeholder("Typ een deel van een naam")  # Tom Select's combobox
    search.tap()
    search.press_sequentially("zonne")
    owner.get_by_role("listbox").locator("[role=option]", has_text=zonnestraal.name).tap()
    expect(owner).to_contain_text(zonnestraal.name)
    parties = phone.get_by_role("group", name="Partijen")
    search = parties.get_by_role("combobox")
    for typed, name in [
        ("zonne", zonnestraal.name),
        ("brug", brug.name),
        ("regenb", regenboog.name),
    ]:
        search.tap()
        search.fill("")  # what was typed for the previous party
        search.press_sequentially(typed)
        # The matches Tom Select loaded, in its list box (not the hidden native select's).
        parties.get_by_role("listbox").locator("[role=option]", has_text=name).tap()
        expect(parties).to_contain_text(name)
    assert_accessible(phone)
    # The first tap after choosing lands where the finger is: the parties' control keeps its
    # height when it loses focus (it used to shrink by its text box and move the page up).
    phone.locator("label", has_text="Hele gemeente").tap()
    expect(phone.get_by_label("Hele gemeente")).to_be_checked()
    phone.get_by_label("Startdatum").fill("2026-01-01")
    phone.get_by_label("Einddatum").fill("2026-12-31")
    phone.get_by_role("button", name="Opslaan").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Eén loket voor jeugdhulp in de school"
    )
    assert_accessible(phone)
    agreement = Agreement.objects.get(title="Eén loket voor jeugdhulp in de school")
    assert agreement.owner == zonnestraal
    assert {party.name for party in agreement.parties.all()} == {
        zonnestraal.name,
        brug.name,
        regenboog.name,
    }
