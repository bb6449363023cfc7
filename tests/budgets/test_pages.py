"""The overview per year, the ontschotting matrix and the account per stream: the numbers a
council member reads, reconciled to the cent, exported for the controller, in a fixed number of
queries however much data there is."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budgets import selectors
from budgets.models import FundingStream, PooledBudget
from tests.agenda.factories import AgreementFactory, GoalFactory
from tests.budgets.factories import (
    AllocationFactory,
    ContributionFactory,
    FundingStreamFactory,
    PooledBudgetFactory,
)
from tests.kindcentra.factories import KindcentrumFactory
from tests.querycount import assert_query_count_constant

pytestmark = pytest.mark.django_db


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode()).replace("\u00a0", " ")


def _plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def row_of(text, heading):
    """The cells of the first table row whose row header starts with `heading`, as text."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text):
        header = re.search(r'<th[^>]*scope="row"[^>]*>(.*?)</th>', row)
        if header and _plain(header.group(1)).startswith(heading):
            return [_plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    raise AssertionError(f"no row {heading}")


@pytest.fixture
def reader(client_for, council_member):
    return client_for(council_member)


def test_the_overview_attributes_pooled_spending_to_the_domains_of_its_streams(
    reader, allocation_a, allocation_b, housing
):
    text = page_text(reader.get(reverse("budgets:overview") + "?year=2026"))
    # OAB (education): € 20.000 direct + 2/3 of the pool's € 30.000; youth: 1/3 of it.
    assert row_of(text, "Onderwijs") == [
        "€ 300.000,00",
        "€ 100.000,00",
        "33,3 %",
        "€ 40.000,00",
        "€ 11.666,67",
        "29,2 %",
    ]
    assert row_of(text, "Jeugd") == [
        "€ 200.000,00",
        "€ 50.000,00",
        "25,0 %",
        "€ 10.000,00",
        "€ 3.333,33",
        "33,3 %",
    ]
    assert row_of(text, "Huisvesting")[:3] == ["€ 500.000,00", "€ 0,00", "0,0 %"]
    assert "Pooled share" not in text
    assert "(15,0 % van het totaal, in 1 ontschot budget)" in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="kp-chart" role="img"' in text
    caption = r'<caption class="utrecht-table__caption"[^>]*>Budgetten 2026 per domein<'
    assert re.search(caption, text)


def test_the_overview_of_a_year_without_budgets_says_so(reader):
    text = page_text(reader.get(reverse("budgets:overview") + "?year=2031"))
    assert "Budgetten 2031" in text
    assert "Geen geldstromen in dit jaar." in text


def test_the_matrix_shows_which_stream_put_what_into_which_pool(reader, pool, housing, oab):
    GoalFactory(statement="Meer peuters naar de voorschool").pooled_budgets.add(pool)
    text = page_text(reader.get(reverse("budgets:matrix") + "?year=2026"))
    assert row_of(text, "SPUK-OAB — Onderwijsachterstandenbeleid Onderwijs") == [
        "€ 300.000,00",
        "€ 100.000,00",
        "€ 100.000,00",
        "33,3 %",
    ]
    assert "Onderwijs · mag niet ontschot worden" not in text
    assert "Huisvesting · mag niet ontschot worden" in text
    assert row_of(text, "Ontvangen") == [
        "€ 1.000.000,00",
        "€ 150.000,00",
        "€ 150.000,00",
        "15,0 %",
    ]
    assert "Sterke start</a>: Meer peuters naar de voorschool" in text


def test_the_account_holds_direct_allocations_and_the_streams_share_of_pooled_ones(
    reader, oab, allocation_a, allocation_b
):
    text = page_text(reader.get(reverse("budgets:stream_account", args=[oab.pk])))
    assert row_of(text, "Peuteropvang De Boomhut") == [
        "rechtstreeks",
        "Kinderopvang De Boomhut",
        "€ 20.000,00",
        "100 %",
        "€ 20.000,00",
        "€ 5.000,00",
    ]
    assert row_of(text, "VVE-plaatsen Noord") == [
        "Sterke start",
        "Stichting Openbaar Onderwijs Noord",
        "€ 30.000,00",
        "66,7 %",
        "€ 20.000,00",
        "€ 6.666,67",
    ]
    assert "€ 40.000,00 begroot" not in text  # totals are in their own row
    assert row_of(text, "Totaal") == ["€ 40.000,00", "€ 11.666,67"]


def test_the_account_is_exported_for_sisa_in_csv_and_xlsx(reader, oab, allocation_a, allocation_b):
    url = reverse("budgets:stream_account", args=[oab.pk])
    response = reader.get(url + "?export=csv")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="verantwoording-spuk-oab-2026-'
    )
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][:7] == [
        "Code geldstroom",
        "Jaar",
        "Iv3-taakveld",
        "Verantwoording",
        "Route",
        "Ontschot budget",
        "Aandeel van de geldstroom in het budget (%)",
    ]
    assert rows[1][4:5] + rows[1][-4:] == [
        "rechtstreeks",
        "20000,00",
        "5000,00",
        "20000,00",
        "5000,00",
    ]
    assert rows[2][4:7] + rows[2][-2:] == [
        "via ontschot budget",
        "Sterke start",
        "66,7",
        "20000,00",
        "6666,67",
    ]
    sheet = load_workbook(io.BytesIO(reader.get(url + "?export=xlsx").getvalue())).active
    assert [cell.value for cell in sheet[3]][-2:] == [20000, pytest.approx(6666.67)]
    assert sheet["A2"].value == "SPUK-OAB"


def test_every_pooled_allocation_is_accounted_for_to_the_cent_across_the_streams(organisation_a):
    pool = PooledBudgetFactory()
    streams = [
        ContributionFactory(pooled_budget=pool, amount=Decimal(amount)).stream
        for amount in ("333.33", "333.33", "333.34", "0.01")
    ]
    for budgeted, realised in [("0.05", "0.01"), ("999.99", "500.00"), ("0.01", "0.00")]:
        AllocationFactory(
            stream=None,
            pooled_budget=pool,
            organisation=organisation_a,
            budgeted=Decimal(budgeted),
            realised=Decimal(realised),
        )
    accounts = [selectors.stream_account(stream) for stream in streams]
    assert sum(a.pooled_budgeted for a in accounts) == Decimal("1000.05")
    assert sum(a.pooled_realised for a in accounts) == Decimal("500.01")
    overview = selectors.year_overview(2026)
    assert overview.total.budgeted == Decimal("1000.05")


def test_a_long_account_shows_fifty_lines_a_page_with_the_totals_of_all_of_them(
    reader, oab, allocation_a, allocation_b, organisation_a
):
    for _ in range(53):
        AllocationFactory(stream=oab, organisation=organisation_a, budgeted=Decimal("1.00"))
    url = reverse("budgets:stream_account", args=[oab.pk])
    first = page_text(reader.get(url))
    assert len(re.findall(r'href="/budgets/toekenningen/\d+/"', first)) == 50
    assert "Hier staan de toekenningen 1 tot en met 50 van 55." in first
    assert "Pagina 1 van 2 (55 in totaal)" in first
    assert 'rel="next" href="?page=2"' in first
    # The footer adds up every line of the account, not those of the page.
    assert row_of(first, "Totaal van alle 55 toekenningen") == ["€ 40.053,00", "€ 11.666,67"]
    second = page_text(reader.get(url + "?page=2"))
    assert "Hier staan de toekenningen 51 tot en met 55 van 55." in second
    assert row_of(second, "VVE-plaatsen Noord")[-2:] == ["€ 20.000,00", "€ 6.666,67"]
    assert "VVE-plaatsen Noord" not in first
    assert row_of(second, "Totaal van alle 55 toekenningen") == ["€ 40.053,00", "€ 11.666,67"]
    # The downloads hold every line.
    response = reader.get(url + "?export=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 55


def test_the_account_links_the_other_years_of_the_stream(reader, oab):
    earlier = FundingStreamFactory(code="SPUK-OAB", year=2025)
    text = page_text(reader.get(reverse("budgets:stream_account", args=[oab.pk])))
    assert f'href="{reverse("budgets:stream_account", args=[earlier.pk])}">2025</a>' in text


def _grow(organisations, times=3):
    """More of everything: streams, pools with contributions, and allocations from both, to
    organisations, kindcentra and agreements, in this year and another."""

    def grow():
        for year in (2026, 2025):
            for _ in range(times):
                stream = FundingStreamFactory(year=year, amount=Decimal("1000000.00"))
                pool = PooledBudgetFactory(year=year)
                pool.goals.add(GoalFactory())
                ContributionFactory(pooled_budget=pool, stream=stream, amount=Decimal("5000"))
                ContributionFactory(pooled_budget=pool, amount=Decimal("5000"))
                for organisation in organisations:
                    AllocationFactory(
                        stream=None,
                        pooled_budget=pool,
                        organisation=organisation,
                        kindcentrum=KindcentrumFactory(),
                        agreement=AgreementFactory(),
                    )
                    AllocationFactory(stream=stream, organisation=organisation)
                    ContributionFactory(
                        pooled_budget=PooledBudget.objects.filter(year=year).first(),
                        stream=FundingStreamFactory(year=year),
                    )

    return grow


def test_the_overview_takes_a_fixed_number_of_queries(
    reader, allocation_a, organisation_a, organisation_b
):
    assert_query_count_constant(
        reader,
        reverse("budgets:overview") + "?year=2026",
        _grow([organisation_a, organisation_b]),
        expected=9,
    )


def test_the_matrix_takes_a_fixed_number_of_queries(
    reader, allocation_a, organisation_a, organisation_b
):
    assert_query_count_constant(
        reader,
        reverse("budgets:matrix") + "?year=2026",
        _grow([organisation_a, organisation_b]),
        expected=8,
    )


def test_the_account_takes_a_fixed_number_of_queries(
    reader, oab, allocation_a, organisation_a, organisation_b
):
    grow_more = _grow([organisation_a, organisation_b])

    def grow():
        grow_more()
        ContributionFactory(stream=oab, amount=Decimal("1.00"))
        AllocationFactory(stream=oab, organisation=organisation_b)
        FundingStreamFactory(code=oab.code, year=2024)

    # The session, the user, the two-factor check, the stream, its contributions, the totals
    # and the number of lines, its share of each pool, its other years, the page's allocations
    # and their shares of the pools.
    assert_query_count_constant(
        reader, reverse("budgets:stream_account", args=[oab.pk]), grow, expected=10
    )


def test_an_allocations_page_takes_a_fixed_number_of_queries(
    client_for, director_a, allocation_a, organisation_a, organisation_b
):
    url = reverse("budgets:allocation_detail", args=[allocation_a.pk])
    grow = _grow([organisation_a, organisation_b])
    assert_query_count_constant(client_for(director_a), url, grow, expected=8)


def test_lists_take_a_fixed_number_of_queries(
    client_for, policy_officer, director_a, allocation_a, organisation_a, organisation_b
):
    grow = _grow([organisation_a, organisation_b], times=2)
    officer = client_for(policy_officer)
    assert_query_count_constant(officer, reverse("budgets:stream_list"), grow, expected=7)
    assert_query_count_constant(officer, reverse("budgets:pool_list"), grow, expected=7)
    assert_query_count_constant(officer, reverse("budgets:allocation_list"), grow, expected=12)
    assert_query_count_constant(
        client_for(director_a), reverse("budgets:allocation_list"), grow, expected=12
    )
    assert FundingStream.objects.count() > 10
