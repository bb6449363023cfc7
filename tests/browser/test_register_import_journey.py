"""The policy officer keeps the network current from the national registers: uploads the sample
files, reads each preview, imports, sees the locations with their provenance, and finds that
importing a file again changes nothing. Every page on the way is axe-clean."""

import pytest
from playwright.sync_api import expect

from partners.models import Location
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in
from tests.partners.registers import SAMPLE_FILES, SAMPLES, make_gemeente

pytestmark = pytest.mark.django_db(transaction=True)

REGISTERS = {
    "cbs": "CBS: kerncijfers wijken en buurten",
    "duo_schools": "DUO: vestigingen basisonderwijs",
    "duo_boards": "DUO: bevoegde gezagen (schoolbesturen)",
    "duo_pupils": "DUO: leerlingen per schoolvestiging",
    "lrk": "LRK: Landelijk Register Kinderopvang",
}


def summary_value(page, label):
    row = page.locator("#import-summary .utrecht-data-list__item").filter(
        has=page.get_by_text(label, exact=True)
    )
    return row.locator("dd").inner_text().strip()


def upload(page, source, name):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Registerbestand importeren").click()
    page.get_by_label("Register", exact=True).select_option(label=REGISTERS[source])
    page.get_by_label("Bestand").set_input_files(str(SAMPLES / name))
    page.get_by_label("Peildatum").fill("2025-01-01")
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", level=2, name="Voorbeeld", exact=True)).to_be_visible()


def test_policy_officer_imports_the_registers_and_sees_where_the_data_came_from(
    page, policy_officer
):
    make_gemeente()
    log_in(page, policy_officer)

    for source, name in SAMPLE_FILES:
        upload(page, source, name)
        if source == "lrk":
            assert_accessible(page)
            assert summary_value(page, "Nieuw") == "7"
            assert summary_value(page, "Afgewezen") == "1"
            rejected = page.locator("#rejected-rows")
            expect(rejected).to_contain_text("10")
            expect(rejected).to_contain_text("aantal_kindplaatsen is geen geheel getal")
            expect(page.locator("#changes")).to_contain_text("Crèche Ééntje Twee")
            expect(page.get_by_text("Een gastouder aan huis")).to_be_visible()
        page.get_by_role("button", name="Importeren").click()
        expect(page.get_by_role("status")).to_contain_text("Het bestand is geïmporteerd.")
        expect(page.get_by_role("heading", level=2, name="Resultaat", exact=True)).to_be_visible()

    assert_accessible(page)
    assert Location.objects.filter(lrk_number="456789121").exists()

    # The location with its provenance
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    page.get_by_role("link", name="Crèche Ééntje Twee").click()
    provenance = page.get_by_role("region", name="Herkomst")
    expect(provenance).to_contain_text("LRK: Landelijk Register Kinderopvang")
    expect(provenance).to_contain_text("lrk_export.csv")
    expect(provenance).to_contain_text("1 januari 2025")
    assert_accessible(page)

    # A school got its pupils from DUO
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    page.get_by_role("link", name="De Vrije School Zonnehof").click()
    expect(page.get_by_role("region", name="Herkomst")).to_contain_text(
        "DUO: leerlingen per schoolvestiging"
    )

    # Importing the LRK file again changes nothing.
    upload(page, "lrk", "lrk_export.csv")
    assert summary_value(page, "Nieuw") == "0"
    assert summary_value(page, "Gewijzigd") == "0"
    assert summary_value(page, "Ongewijzigd") == "7"
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status")).to_contain_text("Het bestand is geïmporteerd.")

    # The runs are listed with their results.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Imports").click()
    expect(page.get_by_role("table")).to_contain_text("lrk_export.csv")
    expect(page.get_by_role("table")).to_contain_text("duo_bevoegde_gezagen.csv")
    assert_accessible(page)
