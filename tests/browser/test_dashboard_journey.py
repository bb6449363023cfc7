"""A raadslid's journey through the dashboard in Chromium: home is the dashboard, a wijk and a theme
chosen in the filters open the wijk's page, a figure's numbers download as CSV, and the way back
keeps the theme. Every page on the way is axe-clean."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kindcentra.models import Kindcentrum
from kindportaal.models import Wijk
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_raadslid_reads_the_dashboard_a_wijk_and_downloads_its_numbers(
    page, council_member, settings, tmp_path
):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    # Voorbeeldstad; its raadslid is the council member of the tests (the same e-mail address).
    call_command("seed_demo", stdout=io.StringIO())
    log_in(page, council_member, password="Demo-wachtwoord-2026")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("link", name="Dashboard", exact=True).first).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("figure").first).to_contain_text("Kindcentra in de gemeente per fase")
    assert_accessible(page)

    filters = page.get_by_role("search")
    filters.get_by_label("Wijk").select_option(label="De Akkers")
    filters.get_by_label("Thema").select_option(label="VVE en onderwijsachterstanden")
    page.get_by_role("button", name="Tonen", exact=True).click()
    akkers = Wijk.objects.get(name="De Akkers")
    expect(page).to_have_url(re.compile(rf"/dashboard/wijken/{akkers.pk}/\?.*theme=\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De Akkers in cijfers")
    expect(filters.get_by_label("Thema")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_role("table", name="Kindcentra in De Akkers", exact=True)).to_contain_text(
        "Kindcentrum De Fontein"
    )
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Download de cijfers van “Kindcentra in De Akkers per fase” (CSV)"
        ).click()
    saved = tmp_path / "fasen.csv"
    download.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Fase;Kindcentra"
    in_akkers = Kindcentrum.objects.filter(wijk=akkers, is_active=True, phase=4).count()
    assert f"Kindcentrum;{in_akkers}" in lines
    assert download.value.suggested_filename.startswith("kindcentra-in-de-akkers-per-fase-")

    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(filters.get_by_label("Wijk")).to_have_value("")
    expect(filters.get_by_label("Thema")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)
