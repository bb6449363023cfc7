"""Attributing spending from a pooled budget back to the streams that contributed to it.

Each allocation from a pool counts for each contributing stream pro rata to its contribution:
stream s gets  amount × contribution(s) / received(pool).  Those quotas are rarely whole cents, so
they are rounded by the largest-remainder method, per allocation and separately for the budgeted
and the realised amount:

1. work in whole cents; give every stream the quota rounded down;
2. the cents still missing (fewer than the number of streams) go one each to the streams with the
   largest remainders; on equal remainders the larger contribution first, then the lower stream id.

So the shares of one allocation add up exactly to the allocation, the pooled part of the streams'
accounts adds up exactly to what the pool allocated, and no share is more than one cent off its
exact quota. The calculation is deterministic: the same data always gives the same cents.
This module holds only arithmetic; `budgets.selectors` feeds it from the database.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    cents = Decimal(amount) * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of cents")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def apportion(amount: Decimal, weights: Mapping[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """Split `amount` over the keys of `weights` pro rata, to the cent, by largest remainder.

    Keys must be orderable (stream ids). Weights are non-negative; when they add up to zero the
    amount must be zero and every share is zero.
    """
    total_cents = to_cents(amount)
    weight_cents = {key: to_cents(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in weight_cents.values()):
        raise ValueError("weights cannot be negative")
    total_weight = sum(weight_cents.values())
    if total_weight == 0:
        if total_cents != 0:
            raise ValueError("cannot apportion a non-zero amount over zero weights")
        return dict.fromkeys(weights, Decimal("0.00"))
    shares, remainders = {}, []
    for key, weight in weight_cents.items():
        share, remainder = divmod(total_cents * weight, total_weight)
        shares[key] = share
        remainders.append((-remainder, -weight, key))
    missing = total_cents - sum(shares.values())
    for _remainder, _weight, key in sorted(remainders)[:missing]:
        shares[key] += 1
    return {key: from_cents(cents) for key, cents in shares.items()}


@dataclass(frozen=True)
class PoolShare:
    """What one allocation from a pool counts for one contributing stream."""

    allocation_id: int
    stream_id: int
    budgeted: Decimal
    realised: Decimal


def attribute_pool(
    *,
    contributions: Mapping[int, Decimal],
    allocations: Iterable[tuple[int, Decimal, Decimal]],
) -> list[PoolShare]:
    """Every allocation (id, budgeted, realised) of one pool, split over its contributing streams
    ({stream id: contribution}). The shares of each allocation add up to the allocation."""
    shares = []
    for allocation_id, budgeted, realised in allocations:
        budgeted_shares = apportion(budgeted, contributions)
        realised_shares = apportion(realised, contributions)
        for stream_id in contributions:
            shares.append(
                PoolShare(
                    allocation_id=allocation_id,
                    stream_id=stream_id,
                    budgeted=budgeted_shares[stream_id],
                    realised=realised_shares[stream_id],
                )
            )
    return shares


def fraction(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
