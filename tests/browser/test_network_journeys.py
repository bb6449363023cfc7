"""The network in the browser: a policy officer builds part of Voorbeeldstad's network, a partner
director keeps their own organisation current, a council member reads it all. Every page on the
way is axe-clean."""

import pytest
from playwright.sync_api import expect

from kindcentra.models import Kindcentrum, SelfAssessment
from kindportaal.models import Wijk
from partners.models import Location, Organisation
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in
from tests.kindcentra.factories import (
    KindcentrumFactory,
    KindcentrumLocationFactory,
    SelfAssessmentFactory,
)
from tests.kindportaal.factories import WijkFactory
from tests.partners.factories import LocationFactory, SchoolLocationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def main_nav(page):
    return page.get_by_role("navigation", name="Hoofdmenu")


def test_policy_officer_builds_up_part_of_the_network(page, policy_officer, organisation_b):
    opvang = LocationFactory(organisation=organisation_b, name="KDV De Boomhut", wijk=None)
    log_in(page, policy_officer)

    # A wijk
    main_nav(page).get_by_role("link", name="Wijken").click()
    page.get_by_role("link", name="Wijk toevoegen").click()
    page.get_by_label("Naam", exact=True).fill("Havenkwartier")
    page.get_by_label("CBS-wijkcode").fill("wk999907")
    page.get_by_label("Kinderen 0–4").fill("420")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul het jaar in waarop de aantallen")
    assert_accessible(page)
    page.get_by_label("Peiljaar").fill("2025")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Havenkwartier")

    # An organisation with a location
    main_nav(page).get_by_role("link", name="Organisaties").click()
    page.get_by_role("link", name="Organisatie toevoegen").click()
    page.get_by_label("Naam", exact=True).fill("Stichting Openbaar Onderwijs Haven")
    page.get_by_label("Soort").select_option(label="Schoolbestuur (onderwijs)")
    page.get_by_label("KvK-nummer").fill("4111 2222")
    page.get_by_label("Bevoegd-gezagnummer (DUO)").fill("41999")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is toegevoegd")
    page.get_by_role("link", name="Locatie toevoegen").click()
    page.get_by_label("Naam", exact=True).fill("OBS De Kade")
    page.get_by_label("Soort").select_option(label="Basisschool")
    page.get_by_label("Vestigingscode").fill("99ZZ00")
    page.get_by_label("Postcode").fill("9999 Z")
    page.get_by_label("Wijk").select_option(label="Havenkwartier")
    page.get_by_label("Leerlingen").fill("210")
    page.get_by_label("Peildatum").fill("2025-10-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_postcode_error")).to_contain_text("Nederlandse postcode")
    assert_accessible(page)
    page.get_by_label("Postcode").fill("9999zz")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OBS De Kade")

    # A kindcentrum with locations of two organisations, and its first self-assessment
    main_nav(page).get_by_role("link", name="Kindcentra").click()
    page.get_by_role("link", name="Kindcentrum toevoegen").click()
    page.get_by_label("Naam", exact=True).fill("Kindcentrum De Kade")
    page.get_by_label("Wijk").select_option(label="Havenkwartier")
    page.get_by_label("Trekkende organisatie").select_option(
        label="Stichting Openbaar Onderwijs Haven"
    )
    page.get_by_label("Brede school").check()
    page.get_by_label("Gedeelde pedagogische visie").check()
    page.get_by_label("Doorgaande lijn 0–12").check()
    page.get_by_label("VVE-aanbod").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Fase volgens de checklist")).to_be_visible()

    page.get_by_role("link", name="Locatie toevoegen").click()
    page.get_by_label("Locatie", exact=True).select_option(
        label="OBS De Kade — Stichting Openbaar Onderwijs Haven, Havenkwartier"
    )
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_role("link", name="Locatie toevoegen").click()
    page.get_by_role("textbox", name="Locatie zoeken").fill("boomhut")
    page.get_by_role("main").get_by_role("button", name="Zoeken").click()
    page.get_by_label("Locatie", exact=True).select_option(
        label="KDV De Boomhut — Kinderopvang De Boomhut"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("KDV De Boomhut hoort nu bij")

    page.get_by_role("link", name="Zelfevaluatie toevoegen").click()
    page.get_by_label("Jaar").fill("2025")
    for label, score in [
        ("Visie", "3"),
        ("Team", "2"),
        ("Leiding", "2"),
        ("Huisvesting", "1"),
        ("Zorg", "2"),
        ("Ouders", "5"),
    ]:
        page.get_by_label(label, exact=True).fill(score)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_parents_score_error")).to_contain_text("Een score is maximaal 4.")
    page.get_by_label("Ouders", exact=True).fill("3")
    page.get_by_role("button", name="Opslaan").click()

    # One self-assessment is one data point: a sentence, not a chart, with its numbers.
    development = page.get_by_role("figure").filter(has_text="Ontwikkeling van Kindcentrum De Kade")
    expect(development.locator(".kp-figure__sentence")).to_contain_text("2025: Visie")
    expect(development.get_by_role("img")).to_have_count(0)
    expect(page.locator("table.kp-chart-table")).to_contain_text("2025")
    assert_accessible(page)

    kindcentrum = Kindcentrum.objects.get(name="Kindcentrum De Kade")
    assert kindcentrum.wijk == Wijk.objects.get(cbs_code="WK999907")
    assert set(kindcentrum.locations.values_list("name", flat=True)) == {
        "OBS De Kade",
        opvang.name,
    }
    assert SelfAssessment.objects.get(kindcentrum=kindcentrum).parents_score == 3
    assert Location.objects.get(name="OBS De Kade").postcode == "9999 ZZ"
    assert Organisation.objects.get(kvk_number="41112222").duo_board_number == "41999"


def test_partner_director_keeps_their_own_organisation_current(
    page, director_a, organisation_a, organisation_b
):
    school = SchoolLocationFactory(organisation=organisation_a, name="OBS De Wilg", pupils=240)
    log_in(page, director_a)
    page.get_by_role("link", name=organisation_a.name).click()
    assert_accessible(page)
    page.get_by_role("link", name="Gegevens bewerken").click()
    page.get_by_label("Telefoonnummer").fill("020 765 43 21")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je wijzigingen zijn opgeslagen")
    expect(page.locator(".kp-history")).to_contain_text("020 765 43 21")

    page.get_by_role("link", name="OBS De Wilg").click()
    page.get_by_role("link", name="Gegevens bewerken").click()
    page.get_by_label("Leerlingen").fill("256")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".kp-history")).to_contain_text("“240” werd “256”")
    assert_accessible(page)

    # Another organisation: readable, not editable.
    page.goto(organisation_b.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation_b.name)
    expect(page.get_by_role("link", name="Gegevens bewerken")).to_have_count(0)
    response = page.goto(f"/partners/organisaties/{organisation_b.pk}/bewerken/")
    assert response.status == 403
    assert_accessible(page)

    organisation_a.refresh_from_db()
    school.refresh_from_db()
    assert (organisation_a.phone, school.pupils) == ("020 765 43 21", 256)


def test_council_member_reads_the_network(page, council_member, organisation_a, organisation_b):
    wijk = WijkFactory(name="Oosterpark")
    kindcentrum = KindcentrumFactory(
        name="IKC Oosterpark", wijk=wijk, lead_organisation=organisation_a
    )
    school = SchoolLocationFactory(organisation=organisation_a, name="OBS Oost", wijk=wijk)
    KindcentrumLocationFactory(kindcentrum=kindcentrum, location=school)
    for year, score in [(2024, 1), (2025, 3)]:
        SelfAssessmentFactory(kindcentrum=kindcentrum, year=year, vision_score=score)
    KindcentrumFactory(name="Samenwerking West", phase=1)
    log_in(page, council_member)

    main_nav(page).get_by_role("link", name="Kindcentra").click()
    page.get_by_label("Fase").select_option(label="Samenwerking")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("table")).to_contain_text("IKC Oosterpark")
    expect(page.get_by_role("table")).not_to_contain_text("Samenwerking West")
    expect(page.get_by_role("link", name="Kindcentrum toevoegen")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="IKC Oosterpark").click()
    expect(page.get_by_role("img", name="Ontwikkeling van IKC Oosterpark")).to_be_visible()
    expect(page.get_by_role("link", name="Gegevens bewerken")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="OBS Oost").click()
    expect(page.get_by_text("Hoort bij")).to_be_visible()
    page.get_by_role("link", name=organisation_a.name).first.click()
    expect(page.get_by_role("heading", name="Kindcentra")).to_be_visible()
    assert_accessible(page)

    main_nav(page).get_by_role("link", name="Wijken").click()
    page.get_by_role("link", name="Oosterpark").click()
    expect(page.get_by_role("table").first).to_contain_text("IKC Oosterpark")
    assert_accessible(page)
