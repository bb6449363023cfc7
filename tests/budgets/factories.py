"""Factories for funding streams, pooled budgets, contributions and allocations.

They write rows directly, as fixtures; tests of the rules go through budgets.services."""

import datetime
from decimal import Decimal

import factory

from budgets.models import Allocation, Contribution, FundingStream, PooledBudget


class FundingStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream

    name = factory.Sequence(lambda n: f"Geldstroom {n}")
    code = factory.Sequence(lambda n: f"GS-{n:03d}")
    year = 2026
    amount = Decimal("100000.00")
    source = "own_means"
    legal_basis = "Raadsbesluit"
    domain = "education"
    purpose = "Jonge kinderen een sterke start geven."
    accountability = "none"
    earmarked = False
    poolable = True
    iv3_taakveld = "4.3"


class PooledBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PooledBudget

    name = factory.Sequence(lambda n: f"Programma {n}")
    year = 2026


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    pooled_budget = factory.SubFactory(PooledBudgetFactory)
    stream = factory.SubFactory(
        FundingStreamFactory, year=factory.SelfAttribute("..pooled_budget.year")
    )
    amount = Decimal("10000.00")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    stream = factory.SubFactory(FundingStreamFactory)
    pooled_budget = None
    year = factory.LazyAttribute(lambda a: (a.stream or a.pooled_budget).year)
    organisation = factory.SubFactory("tests.partners.factories.OrganisationFactory")
    description = factory.Sequence(lambda n: f"Toekenning {n}")
    period_start = factory.LazyAttribute(lambda a: datetime.date(a.year, 1, 1))
    period_end = factory.LazyAttribute(lambda a: datetime.date(a.year, 12, 31))
    budgeted = Decimal("1000.00")
    realised = Decimal("0.00")
