"""The rounding rule: pooled spending shared over streams to the cent, by largest remainder."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets.accounting import apportion, attribute_pool

cents = st.integers(min_value=0, max_value=10**12).map(lambda c: Decimal(c) / 100)
positive_cents = st.integers(min_value=1, max_value=10**12).map(lambda c: Decimal(c) / 100)


def test_an_amount_is_split_pro_rata_and_the_missing_cent_goes_to_the_largest_remainder():
    # 100,00 over 1 : 1 : 1 is 33,333…: the cent left goes to the first on equal terms.
    assert apportion(Decimal("100.00"), {1: Decimal(1), 2: Decimal(1), 3: Decimal(1)}) == {
        1: Decimal("33.34"),
        2: Decimal("33.33"),
        3: Decimal("33.33"),
    }
    # 10,00 over 2 : 1 is 6,666… and 3,333…: the larger remainder (,666) gets the cent.
    assert apportion(Decimal("10.00"), {7: Decimal(2), 3: Decimal(1)}) == {
        7: Decimal("6.67"),
        3: Decimal("3.33"),
    }


def test_on_equal_remainders_the_larger_contribution_gets_the_cent():
    # 0,03 over 3 : 1 : 2 (sum 6): quotas 1,5 / 0,5 / 1 cent → floors 1, 0, 1; remainders
    # ,5 and ,5 tie: the larger contribution (3) wins.
    shares = apportion(Decimal("0.03"), {1: Decimal(3), 2: Decimal(1), 3: Decimal(2)})
    assert shares == {1: Decimal("0.02"), 2: Decimal("0.00"), 3: Decimal("0.01")}


def test_nothing_to_share_over_nothing():
    assert apportion(Decimal("0"), {}) == {}
    assert apportion(Decimal("0"), {1: Decimal(0)}) == {1: Decimal("0.00")}
    # These are programming errors, not input a person typed: the message in the log says which.
    with pytest.raises(ValueError, match="^cannot apportion a non-zero amount over zero weights$"):
        apportion(Decimal("1"), {1: Decimal(0)})
    with pytest.raises(ValueError, match=r"^1\.001 is not a whole number of cents$"):
        apportion(Decimal("1.001"), {1: Decimal(1)})
    with pytest.raises(ValueError, match="^weights cannot be negative$"):
        apportion(Decimal("1"), {1: Decimal(2), 2: Decimal(-1)})


@settings(max_examples=300, deadline=None)
@given(amount=cents, weights=st.dictionaries(st.integers(1, 10**6), positive_cents, min_size=1))
def test_shares_always_add_up_to_the_amount_and_stay_within_a_cent(amount, weights):
    shares = apportion(amount, weights)
    assert sum(shares.values()) == amount
    total_weight = sum(weights.values())
    for key, share in shares.items():
        exact = amount * weights[key] / total_weight
        assert share >= 0
        assert abs(share - exact) < Decimal("0.01")
        assert share == share.quantize(Decimal("0.01"))


@settings(max_examples=150, deadline=None)
@given(
    contributions=st.dictionaries(st.integers(1, 1000), positive_cents, min_size=1, max_size=8),
    allocations=st.lists(st.tuples(cents, cents), max_size=12),
)
def test_a_pools_allocations_reconcile_to_the_cent_with_the_streams_shares(
    contributions, allocations
):
    rows = [
        (number, max(pair), min(pair)) for number, pair in enumerate(allocations)
    ]  # budgeted ≥ realised
    shares = attribute_pool(contributions=contributions, allocations=rows)
    assert sum(s.budgeted for s in shares) == sum(budgeted for _, budgeted, _ in rows)
    assert sum(s.realised for s in shares) == sum(realised for _, _, realised in rows)
    for number, budgeted, realised in rows:
        mine = [s for s in shares if s.allocation_id == number]
        assert {s.stream_id for s in mine} == set(contributions)
        assert sum(s.budgeted for s in mine) == budgeted
        assert sum(s.realised for s in mine) == realised
    # Per stream: the account of each stream is its shares, and all accounts add up to the pool.
    per_stream = {
        stream: sum(s.budgeted for s in shares if s.stream_id == stream) for stream in contributions
    }
    assert sum(per_stream.values()) == sum(budgeted for _, budgeted, _ in rows)


def test_the_same_data_always_gives_the_same_cents():
    contributions = {5: Decimal("333.33"), 9: Decimal("333.33"), 2: Decimal("333.34")}
    first = attribute_pool(contributions=contributions, allocations=[(1, Decimal("0.05"), 0)])
    again = attribute_pool(
        contributions=dict(reversed(contributions.items())),
        allocations=[(1, Decimal("0.05"), 0)],
    )
    assert sorted(first, key=lambda s: s.stream_id) == sorted(again, key=lambda s: s.stream_id)
