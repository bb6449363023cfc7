"""Fixtures of the budgets tests: a small ontschotting of two streams in one pooled budget."""

from decimal import Decimal

import pytest

from tests.budgets.factories import (
    AllocationFactory,
    ContributionFactory,
    FundingStreamFactory,
    PooledBudgetFactory,
)


@pytest.fixture
def oab(db):
    return FundingStreamFactory(
        code="SPUK-OAB",
        name="Onderwijsachterstandenbeleid",
        source="rijk_specific",
        accountability="sisa",
        earmarked=True,
        amount=Decimal("300000.00"),
    )


@pytest.fixture
def youth(db):
    return FundingStreamFactory(
        code="JH-PREVENTIE",
        name="Jeugdhulp preventie",
        source="gemeentefonds",
        domain="youth",
        iv3_taakveld="6.2",
        amount=Decimal("200000.00"),
    )


@pytest.fixture
def housing(db):
    return FundingStreamFactory(
        code="OHV",
        name="Onderwijshuisvesting",
        domain="housing",
        poolable=False,
        legal_basis="de Verordening huisvesting onderwijs",
        iv3_taakveld="4.2",
        amount=Decimal("500000.00"),
    )


@pytest.fixture
def pool(oab, youth):
    """Sterke start: € 100.000 from OAB and € 50.000 from youth (shares 2/3 and 1/3)."""
    pool = PooledBudgetFactory(name="Sterke start")
    ContributionFactory(pooled_budget=pool, stream=oab, amount=Decimal("100000.00"))
    ContributionFactory(pooled_budget=pool, stream=youth, amount=Decimal("50000.00"))
    return pool


@pytest.fixture
def allocation_a(pool, organisation_a):
    return AllocationFactory(
        stream=None,
        pooled_budget=pool,
        organisation=organisation_a,
        description="VVE-plaatsen Noord",
        budgeted=Decimal("30000.00"),
        realised=Decimal("10000.00"),
    )


@pytest.fixture
def allocation_b(oab, organisation_b):
    return AllocationFactory(
        stream=oab,
        organisation=organisation_b,
        description="Peuteropvang De Boomhut",
        budgeted=Decimal("20000.00"),
        realised=Decimal("5000.00"),
    )
