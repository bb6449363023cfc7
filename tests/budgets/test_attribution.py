"""The stored shares of pooled spending (budgets.PoolShare, kept by PostgreSQL's triggers) are
always what budgets.accounting works out from scratch from the allocations and contributions as
they are: after any sequence of writes through the services, and after writes past the model
layer too."""

import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budgets import services
from budgets.accounting import attribute_pool
from budgets.models import Allocation, Contribution, PoolShare
from tests.budgets.factories import FundingStreamFactory, PooledBudgetFactory
from tests.partners.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def from_scratch():
    contributions = defaultdict(dict)
    for pool_id, stream_id, amount in Contribution.objects.values_list(
        "pooled_budget_id", "stream_id", "amount"
    ):
        contributions[pool_id][stream_id] = amount
    allocations = defaultdict(list)
    for pk, pool_id, budgeted, realised in Allocation.objects.filter(
        pooled_budget__isnull=False
    ).values_list("pk", "pooled_budget_id", "budgeted", "realised"):
        allocations[pool_id].append((pk, budgeted, realised))
    return {
        (share.allocation_id, share.stream_id): (share.budgeted, share.realised)
        for pool_id, rows in allocations.items()
        for share in attribute_pool(contributions=contributions[pool_id], allocations=rows)
    }


def stored():
    return {
        (allocation_id, stream_id): (budgeted, realised)
        for allocation_id, stream_id, budgeted, realised in PoolShare.objects.values_list(
            "allocation_id", "stream_id", "budgeted", "realised"
        )
    }


def cents(rng, low, high):
    return Decimal(rng.randint(low, high)) / 100


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_stored_shares_equal_a_computation_from_scratch_after_random_writes(seed):
    rng = random.Random(seed)
    organisation = OrganisationFactory()
    streams = [FundingStreamFactory(amount=Decimal("1000000.00")) for _ in range(4)]
    pools = [PooledBudgetFactory() for _ in range(2)]
    steps = 0
    for _ in range(60):
        action = rng.choice(["contribute", "contribute", "allocate", "allocate", "change", "drop"])
        try:
            if action == "contribute":
                pool, stream = rng.choice(pools), rng.choice(streams)
                existing = Contribution.objects.filter(pooled_budget=pool, stream=stream).first()
                amount = cents(rng, 1, 5_000_000)
                if existing is None:
                    services.contribution_create(pooled_budget=pool, stream=stream, amount=amount)
                else:
                    services.contribution_update(
                        contribution=existing, expected_version=existing.version, amount=amount
                    )
            elif action == "allocate":
                budgeted = cents(rng, 0, 300_000)
                services.allocation_create(
                    description="Toekenning",
                    pooled_budget=rng.choice(pools),
                    organisation=organisation,
                    budgeted=budgeted,
                    realised=cents(rng, 0, int(budgeted * 100)),
                )
            elif action == "change":
                allocation = Allocation.objects.order_by("?").first()
                if allocation is None:
                    continue
                budgeted = cents(rng, 0, 300_000)
                services.allocation_update(
                    allocation=allocation,
                    expected_version=allocation.version,
                    pooled_budget=rng.choice(pools),
                    budgeted=budgeted,
                    realised=cents(rng, 0, int(budgeted * 100)),
                )
            else:
                target = rng.choice([Allocation, Contribution]).objects.order_by("?").first()
                if target is None:
                    continue
                if isinstance(target, Allocation):
                    services.allocation_delete(allocation=target, expected_version=target.version)
                else:
                    services.contribution_delete(
                        contribution=target, expected_version=target.version
                    )
        except ValidationError:
            continue  # refused, so nothing changed
        steps += 1
        assert stored() == from_scratch(), f"after step {steps} ({action})"
    assert steps > 20
    assert PoolShare.objects.exists()


def test_writes_past_the_model_layer_are_attributed_too():
    stream, other = FundingStreamFactory(), FundingStreamFactory()
    pool = PooledBudgetFactory()
    services.contribution_create(pooled_budget=pool, stream=stream, amount=Decimal("100.00"))
    services.contribution_create(pooled_budget=pool, stream=other, amount=Decimal("200.00"))
    allocation = services.allocation_create(
        description="Toekenning",
        pooled_budget=pool,
        organisation=OrganisationFactory(),
        budgeted=Decimal("100.00"),
    )
    assert stored()[(allocation.pk, stream.pk)] == (Decimal("33.33"), Decimal("0.00"))
    assert stored()[(allocation.pk, other.pk)] == (Decimal("66.67"), Decimal("0.00"))

    Allocation.objects.filter(pk=allocation.pk).update(realised=Decimal("0.05"))
    Contribution.objects.filter(stream=other).update(amount=Decimal("100.00"))

    assert stored()[(allocation.pk, stream.pk)] == (Decimal("50.00"), Decimal("0.03"))
    assert stored() == from_scratch()
    Allocation.objects.filter(pk=allocation.pk).delete()
    assert not PoolShare.objects.exists()
