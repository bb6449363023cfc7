"""Housing in the browser: a policy officer adds a project to the IHP that closes a wijk's
shortage of school places, and sees the gap close on the wijk's page, on the map and on the
dashboard. Every page on the way is axe-clean and reflows at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in
from tests.browser.test_reflow_walk import reflow_problems
from tests.housing.factories import BuildingFactory, ChildrenForecastFactory, HousingPlanFactory
from tests.kindportaal.factories import WijkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def check(page):
    assert_accessible(page)
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 320, "height": 800})
    assert reflow_problems(page, 320) == [], page.url
    page.set_viewport_size({"width": width, "height": 800})


def map_row(page, klass):
    """The row of Oost in the map's table, when its class is `klass`."""
    return page.locator("tr").filter(has_text="Oost").filter(has_text=klass)


def test_a_project_closes_a_wijks_shortage_on_every_page(page, policy_officer):
    wijk = WijkFactory(name="Oost", children_0_4=0, children_4_12=520, reference_year=2025)
    BuildingFactory(name="De Wissel", wijk=wijk, school_places=450)
    ChildrenForecastFactory(wijk=wijk, year=2030, children_0_4=0, children_4_12=530)
    plan = HousingPlanFactory(name="IHP 2026–2032", first_year=2026, last_year=2032)
    log_in(page, policy_officer)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Huisvesting").click()
    page.get_by_role("link", name="2030", exact=True).click()
    shortages = page.locator("#shortages-heading + ul")
    expect(shortages).to_contain_text("Oost, schoolplaatsen: het plan sluit het tekort niet.")
    check(page)

    page.goto("/dashboard/?kaart=plaatsen")
    expect(page.get_by_text("1 wijk met te weinig plaatsen")).to_be_visible()
    expect(map_row(page, "meer dan 50 te weinig")).to_have_count(1)

    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Nieuw project").click()
    page.get_by_label("Naam", exact=True).fill("Uitbreiding De Wissel")
    page.get_by_label("Soort").select_option(label="Uitbreiding")
    page.get_by_label("Gebouw").select_option(label="De Wissel")
    page.get_by_label("Startjaar").fill("2027")
    page.get_by_label("Jaar van oplevering").fill("2026")
    page.get_by_label("Verandering in schoolplaatsen").fill("80")
    page.get_by_label("Geraamde kosten").fill("1.250.000,00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Het jaar van oplevering kan niet voor het startjaar liggen."
    )
    check(page)
    page.get_by_label("Jaar van oplevering").fill("2029")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitbreiding De Wissel")
    check(page)

    page.get_by_role("link", name="Oost").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plaatsen in Oost")
    years = page.get_by_role("table", name="Kinderen, plaatsen en het tekort of overschot in Oost")
    row = years.get_by_role("row").filter(has_text="2030")
    expect(row).to_contain_text("0 over")
    expect(row).to_contain_text("80 te weinig")  # without the plan
    check(page)

    page.goto("/huisvesting/?year=2030")
    expect(shortages).to_contain_text(
        "Oost, schoolplaatsen: de projecten van het plan sluiten het tekort."
    )
    page.goto("/dashboard/?kaart=plaatsen")
    expect(page.get_by_text("0 wijken met te weinig plaatsen")).to_be_visible()
    expect(page.get_by_text("1 tekort gesloten door het huisvestingsplan")).to_be_visible()
    expect(map_row(page, "genoeg")).to_have_count(1)
    check(page)
