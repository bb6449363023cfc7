"""Budgets in the browser: a policy officer pools two streams and allocates from the pool, a
council member reads the matrix and an account, a partner director sees only their own
allocations. Every page on the way is axe-clean."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budgets.models import Allocation, Contribution, PooledBudget
from tests.browser.conftest import assert_accessible
from tests.browser.helpers import log_in
from tests.budgets.factories import (
    AllocationFactory,
    ContributionFactory,
    FundingStreamFactory,
    PooledBudgetFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def new_stream(page, *, name, code, amount, domain):
    page.get_by_role("link", name="Nieuwe geldstroom").click()
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Code").fill(code)
    page.get_by_label("Jaar").fill("2026")
    page.get_by_label("Bedrag").fill(amount)
    page.get_by_label("Bron").select_option(label="Eigen middelen van de gemeente")
    page.get_by_label("Domein").select_option(label=domain)
    page.get_by_label("Doel").fill("Een sterke start voor jonge kinderen.")
    page.get_by_label("Verantwoording").select_option(label="Subsidieverantwoording")
    page.get_by_label("Ontschotten toegestaan").check()
    page.get_by_label("Iv3-taakveld").fill("4.3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De geldstroom is opgeslagen.")


def test_a_policy_officer_pools_two_streams_and_allocates_from_the_pool(
    page, policy_officer, organisation_a
):
    log_in(page, policy_officer)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Budgetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Budgetten \d{4}"))
    page.get_by_role("navigation", name="Budgetten").get_by_role("link", name="Geldstromen").click()
    assert_accessible(page)

    # A first attempt with a bad amount is refused at the field, accessibly.
    page.get_by_role("link", name="Nieuwe geldstroom").click()
    page.get_by_label("Bedrag").fill("12,345")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul hoogstens twee decimalen in")
    assert_accessible(page)
    page.get_by_role("link", name="Annuleren").click()

    new_stream(page, name="Voorschoolse educatie", code="VVE", amount="80.000", domain="Opvang")
    page.get_by_role("link", name="Geldstromen").first.click()
    new_stream(page, name="Jeugdhulp preventie", code="JH", amount="40.000", domain="Jeugd")
    assert_accessible(page)

    page.get_by_role("navigation", name="Budgetten").get_by_role(
        "link", name="Ontschotte budgetten"
    ).click()
    page.get_by_role("link", name="Nieuw ontschot budget").click()
    page.get_by_label("Naam").fill("Sterke start")
    page.get_by_label("Jaar").fill("2026")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sterke start (2026)")
    for stream, amount in (
        ("VVE — Voorschoolse educatie (2026)", "50.000"),
        ("JH — Jeugdhulp preventie (2026)", "25.000"),
    ):
        page.get_by_role("link", name="Bijdrage toevoegen").click()
        page.get_by_label("Geldstroom").select_option(label=stream)
        page.get_by_label("Bedrag").fill(amount)
        assert_accessible(page)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("De bijdrage is opgeslagen.")
    expect(
        page.get_by_role("table", name="De geldstromen die in dit budget ontschot zijn")
    ).to_contain_text("€ 75.000,00")
    assert_accessible(page)

    page.get_by_role("link", name="Toekennen uit dit ontschotte budget").click()
    expect(page.get_by_label("Uit ontschot budget")).to_have_value(
        str(PooledBudget.objects.get().pk)
    )
    page.get_by_label("Aan organisatie").select_option(label=organisation_a.name)
    page.get_by_label("Omschrijving").fill("Peutergroepen Noord")
    page.get_by_label("Begroot").fill("75.000,01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_budgeted_error")).to_contain_text("heeft nog € 75.000,00 te verdelen")
    assert_accessible(page)
    page.get_by_label("Begroot").fill("30.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peutergroepen Noord")
    assert_accessible(page)

    allocation = Allocation.objects.get()
    assert (allocation.pooled_budget.name, allocation.budgeted) == (
        "Sterke start",
        Decimal("30000"),
    )
    assert Contribution.objects.count() == 2

    # The VVE stream's account shows its two-thirds share of the allocation.
    page.get_by_role("link", name="Sterke start (2026)").click()
    page.get_by_role("link", name=re.compile("^VVE — Voorschoolse educatie")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verantwoording van Voorschoolse educatie (2026)"
    )
    row = page.get_by_role("row", name=re.compile("Peutergroepen Noord"))
    expect(row).to_contain_text("66,7 %")
    expect(row).to_contain_text("€ 20.000,00")
    assert_accessible(page)


@pytest.fixture
def budgets(organisation_a, organisation_b):
    oab = FundingStreamFactory(
        code="SPUK-OAB", name="Onderwijsachterstandenbeleid", amount=Decimal("300000")
    )
    youth = FundingStreamFactory(code="JH", name="Jeugdhulp preventie", domain="youth")
    pool = PooledBudgetFactory(name="Sterke start")
    ContributionFactory(pooled_budget=pool, stream=oab, amount=Decimal("60000"))
    ContributionFactory(pooled_budget=pool, stream=youth, amount=Decimal("40000"))
    AllocationFactory(
        stream=None,
        pooled_budget=pool,
        organisation=organisation_a,
        description="VVE-plaatsen Noord",
        budgeted=Decimal("50000"),
        realised=Decimal("20000"),
    )
    AllocationFactory(
        stream=oab,
        organisation=organisation_b,
        description="Peuteropvang De Boomhut",
        budgeted=Decimal("25000"),
    )
    return oab


def test_a_council_member_reads_the_matrix_and_a_streams_account(page, council_member, budgets):
    log_in(page, council_member)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Budgetten").click()
    assert_accessible(page)
    page.get_by_role("navigation", name="Budgetten").get_by_role(
        "link", name="Ontschotting"
    ).click()
    page.get_by_role("link", name="2026", exact=True).click()
    matrix = page.get_by_role("table", name=re.compile("Bijdragen van geldstromen"))
    expect(matrix.get_by_role("row", name=re.compile("SPUK-OAB"))).to_contain_text("€ 60.000,00")
    expect(page.get_by_role("link", name="Wijzigen")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^SPUK-OAB — ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verantwoording van Onderwijsachterstandenbeleid (2026)"
    )
    expect(page.get_by_role("row", name=re.compile("VVE-plaatsen Noord"))).to_contain_text(
        "€ 30.000,00"
    )
    expect(page.get_by_role("row", name=re.compile("Peuteropvang De Boomhut"))).to_contain_text(
        "rechtstreeks"
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith("verantwoording-spuk-oab-2026-")


def test_a_partner_director_sees_only_their_own_allocations(page, director_a, budgets):
    log_in(page, director_a)
    page.get_by_role("link", name="Onze toekenningen").click()
    table = page.get_by_role("table", name="Toekenningen")
    expect(table).to_contain_text("VVE-plaatsen Noord")
    expect(table).not_to_contain_text("Peuteropvang De Boomhut")
    assert_accessible(page)
    page.get_by_role("link", name="VVE-plaatsen Noord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("VVE-plaatsen Noord")
    assert_accessible(page)
