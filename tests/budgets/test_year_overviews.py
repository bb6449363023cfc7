"""The overviews of several years at once: each year as its own overview says, in the same five
queries however many years, and added up per domain and source."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets import selectors
from tests.budgets.factories import AllocationFactory, ContributionFactory, FundingStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(pool, allocation_a, allocation_b, housing):
    earlier = FundingStreamFactory(
        code="SPUK-OAB", year=2025, domain="education", amount=Decimal("250000.00")
    )
    AllocationFactory(stream=earlier, budgeted=Decimal("70000.00"), realised=Decimal("70000.00"))
    youth_2025 = FundingStreamFactory(year=2025, domain="youth", source="gemeentefonds")
    ContributionFactory(pooled_budget__year=2025, stream=youth_2025, amount=Decimal("40000.00"))


def totals(overview):
    return {
        row.key: (row.available, row.pooled, row.budgeted, row.realised)
        for row in overview.by_domain
    }


def test_several_years_at_once_are_each_year_as_its_own_overview_says(two_years):
    with CaptureQueriesContext(connection) as queries:
        both = selectors.year_overviews([2025, 2026, 2027])
    assert len(queries) == 5
    for overview in both[:2]:
        alone = selectors.year_overview(overview.year)
        assert totals(overview) == totals(alone)
        assert overview.total == alone.total
        assert (overview.pool_count, overview.stream_count) == (
            alone.pool_count,
            alone.stream_count,
        )
    assert (both[2].year, both[2].stream_count, both[2].by_domain) == (2027, 0, [])


def test_the_combined_overview_adds_the_years_up_per_domain_and_source(two_years):
    overviews = selectors.year_overviews([2025, 2026])
    combined = selectors.combined_overview(overviews, label="2025–2026")
    assert combined.year == "2025–2026"
    education = next(row for row in combined.by_domain if row.key == "education")
    # 2025: € 250.000 available, € 70.000 spent directly; 2026: the OAB stream of the fixtures.
    assert education.available == Decimal("550000.00")
    assert education.budgeted == Decimal("70000.00") + Decimal("40000.00")
    youth = next(row for row in combined.by_domain if row.key == "youth")
    assert youth.pooled == Decimal("90000.00")
    assert combined.total.available == sum(
        (overview.total.available for overview in overviews), Decimal(0)
    )
    assert combined.stream_count == 5
