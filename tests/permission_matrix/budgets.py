"""Permission expectations for the budgets app's URLs.

Beleidsmedewerkers do everything; raadsleden read everything and change nothing; partner
directors read only the allocations to their own organisation; beheerders have no business here.
Write URLs are also POSTed to (without data): refused personas get 403, the policy officer the
form again with its messages (or, for a removal without the version shown, the conflict)."""

from decimal import Decimal

from tests.budgets.factories import (
    AllocationFactory,
    ContributionFactory,
    FundingStreamFactory,
    PooledBudgetFactory,
)
from tests.permission_matrix.framework import FORBIDDEN, LOGIN, NOT_FOUND, OK, Rule, only


def build(world):
    world.stream = FundingStreamFactory(amount=Decimal("100000.00"))
    world.pool = PooledBudgetFactory()
    world.contribution = ContributionFactory(
        pooled_budget=world.pool, stream=world.stream, amount=Decimal("50000.00")
    )
    world.allocation = AllocationFactory(
        stream=None,
        pooled_budget=world.pool,
        organisation=world.organisation_a,
        kindcentrum=getattr(world, "kindcentrum", None),
    )


READERS = only("policy_officer", "council_member")
MANAGER = only("policy_officer")
MANAGER_POST = only("policy_officer", outcome=OK, refused=FORBIDDEN, anonymous=LOGIN)


def _stream(world):
    return {"pk": world.stream.pk}


def _pool(world):
    return {"pk": world.pool.pk}


def _contribution(world):
    return {"pk": world.contribution.pk}


def _allocation(world):
    return {"pk": world.allocation.pk}


def _write(kwargs=None):
    return Rule(MANAGER, kwargs=kwargs, post=MANAGER_POST)


EXPECTATIONS = {
    "budgets:overview": Rule(READERS),
    "budgets:matrix": Rule(READERS),
    "budgets:stream_list": Rule(READERS),
    "budgets:stream_detail": Rule(READERS, kwargs=_stream),
    "budgets:stream_account": Rule(READERS, kwargs=_stream),
    "budgets:stream_create": _write(),
    "budgets:stream_update": _write(_stream),
    "budgets:stream_delete": _write(_stream),
    "budgets:pool_list": Rule(READERS),
    "budgets:pool_detail": Rule(READERS, kwargs=_pool),
    "budgets:pool_create": _write(),
    "budgets:pool_update": _write(_pool),
    "budgets:pool_delete": _write(_pool),
    "budgets:contribution_create": _write(_pool),
    "budgets:contribution_update": _write(_contribution),
    "budgets:contribution_delete": _write(_contribution),
    "budgets:allocation_list": Rule(
        only("policy_officer", "council_member", "director_a", "director_b")
    ),
    # The allocation goes to organisation A: director B is not told it exists.
    "budgets:allocation_detail": Rule(
        only("policy_officer", "council_member", "director_a", director_b=NOT_FOUND),
        kwargs=_allocation,
    ),
    "budgets:allocation_create": _write(),
    "budgets:allocation_update": _write(_allocation),
    "budgets:allocation_delete": _write(_allocation),
}
