"""seed_demo gives Voorbeeldstad believable budgets that keep every rule, at demo and city scale."""

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum

from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from budgets.services import pool_allocated, pool_received, stream_committed

pytestmark = pytest.mark.django_db


def assert_invariants():
    for stream in FundingStream.objects.all():
        assert stream_committed(stream.pk) <= stream.amount, stream
    for pool in PooledBudget.objects.all():
        assert pool_allocated(pool.pk) <= pool_received(pool.pk), pool
    assert not Contribution.objects.exclude(stream__year=F("pooled_budget__year")).exists()
    assert not Contribution.objects.filter(stream__poolable=False).exists()
    assert not Allocation.objects.exclude(year=F("stream__year")).filter(stream__isnull=False)
    assert not Allocation.objects.exclude(year=F("pooled_budget__year")).filter(
        pooled_budget__isnull=False
    )


def test_the_demo_has_the_streams_of_voorbeeldstad_and_two_pools_a_year():
    call_command("seed_demo")
    codes = set(FundingStream.objects.filter(year=2026).values_list("code", flat=True))
    assert {"SPUK-OAB", "VVE-EIGEN", "PEUTER", "JH-PREVENTIE", "OHV-IHP", "KC-IMPULS"} <= codes
    assert FundingStream.objects.filter(year=2026, source="own_means").exists()
    pools = PooledBudget.objects.values("year").annotate(n=Count("pk")).order_by("year")
    assert list(pools) == [{"year": 2025, "n": 2}, {"year": 2026, "n": 2}]
    assert Allocation.objects.filter(pooled_budget__isnull=False).exists()
    assert Allocation.objects.filter(stream__isnull=False).exists()
    assert_invariants()
    first = Allocation.objects.aggregate(Sum("budgeted"), Count("pk"))
    call_command("seed_demo")
    assert Allocation.objects.aggregate(Sum("budgeted"), Count("pk")) == first


def test_the_demo_links_goals_and_agreements_of_the_agenda_when_there_are():
    call_command("seed_demo")
    pool = PooledBudget.objects.get(name="Sterke start 0–6", year=2026)
    goals = list(pool.goals.select_related("theme__agenda"))
    assert goals, "the pool serves goals of the demo's agenda"
    assert all(goal.theme.agenda.is_current for goal in goals)
    assert any("VVE" in goal.statement or "peuter" in goal.statement.lower() for goal in goals)
    assert Allocation.objects.filter(year=2026, agreement__isnull=False).exists()


@pytest.mark.slow
def test_the_city_set_is_city_sized_and_keeps_the_rules():
    call_command("seed_demo", "--scale", "city")
    city = FundingStream.objects.filter(code__startswith="STAD-")
    assert city.count() == 300
    assert city.values("year").distinct().count() == 5
    assert Allocation.objects.count() >= 5000
    assert_invariants()
