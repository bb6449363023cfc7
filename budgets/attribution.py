"""Pooled spending attributed to the streams: read from the stored shares.

Each allocation from a pool counts for each contributing stream by the rule of
`budgets.accounting` (pro rata, in whole cents, the missing cents to the largest remainders).
PostgreSQL keeps those shares in `PoolShare`: triggers on the allocations and the contributions
work out the shares of every allocation they touch again, in the same statement as the change
(budgets/migrations/0002_poolshare.py), whichever way the change is made. A page asks for the
sums it shows. `tests/budgets/test_attribution.py` checks the stored shares against
`budgets.accounting` after random sequences of writes. Without PostgreSQL (the embedded SQLite
demo) there are no triggers, and the shares are worked out by that rule when they are read.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from budgets.accounting import attribute_pool
from budgets.models import Allocation, Contribution, FundingStream, PoolShare


def _stored():
    return connection.vendor == "postgresql"


def _worked_out(allocations):
    """The shares of the pooled allocations among `allocations`, by budgets.accounting."""
    pooled = defaultdict(list)
    for pk, pool_id, budgeted, realised in Allocation.objects.filter(
        pk__in=allocations.values("pk"), pooled_budget__isnull=False
    ).values_list("pk", "pooled_budget_id", "budgeted", "realised"):
        pooled[pool_id].append((pk, budgeted, realised))
    contributions = defaultdict(dict)
    for pool_id, stream_id, amount in Contribution.objects.filter(
        pooled_budget__in=list(pooled)
    ).values_list("pooled_budget_id", "stream_id", "amount"):
        contributions[pool_id][stream_id] = amount
    return [
        share
        for pool_id, rows in pooled.items()
        for share in attribute_pool(contributions=contributions[pool_id], allocations=rows)
    ]


def _added_up(shares, key):
    sums = defaultdict(lambda: (Decimal(0), Decimal(0)))
    for share in shares:
        budgeted, realised = sums[key(share)]
        sums[key(share)] = (budgeted + share.budgeted, realised + share.realised)
    return dict(sums)


def pool_shares(allocations, *, stream):
    """{allocation id: (budgeted, realised)}: what the allocations among `allocations` (a
    queryset) count for `stream` (an id)."""
    if not _stored():
        return {
            share.allocation_id: (share.budgeted, share.realised)
            for share in _worked_out(allocations)
            if share.stream_id == stream
        }
    rows = PoolShare.objects.filter(allocation__in=allocations.values("pk"), stream_id=stream)
    return {
        allocation_id: (budgeted, realised)
        for allocation_id, budgeted, realised in rows.values_list(
            "allocation_id", "budgeted", "realised"
        )
    }


def pooled_per_stream(allocations):
    """{stream id: (budgeted, realised)}: the streams' shares of the pooled allocations among
    `allocations` (a queryset), added up."""
    if not _stored():
        return _added_up(_worked_out(allocations), lambda share: share.stream_id)
    return _stored_per(allocations, "stream_id")


def pooled_per_domain(allocations):
    """{domain: (budgeted, realised)}: the pooled allocations among `allocations` (a queryset),
    their shares added up per domain of the contributing streams."""
    if not _stored():
        shares = _worked_out(allocations)
        domains = dict(
            FundingStream.objects.filter(pk__in={share.stream_id for share in shares}).values_list(
                "pk", "domain"
            )
        )
        return _added_up(shares, lambda share: domains[share.stream_id])
    return _stored_per(allocations, "stream__domain")


def pooled_per_pool(allocations, *, stream):
    """{pool id: (budgeted, realised)}: what the pooled allocations among `allocations` (a
    queryset) count for `stream` (an id), added up per pooled budget."""
    if not _stored():
        pools = dict(allocations.values_list("pk", "pooled_budget_id"))
        shares = [share for share in _worked_out(allocations) if share.stream_id == stream]
        return _added_up(shares, lambda share: pools[share.allocation_id])
    return _stored_per(allocations, "allocation__pooled_budget_id", stream=stream)


def _stored_per(allocations, key, *, stream=None):
    """{key: (budgeted, realised)}: the stored shares of the pooled allocations among
    `allocations` (of `stream` only, when given), added up per `key` of the share (a field, or
    one through its allocation or stream)."""
    rows = PoolShare.objects.filter(allocation__in=allocations.values("pk"))
    if stream is not None:
        rows = rows.filter(stream_id=stream)
    rows = rows.order_by().values_list(key).annotate(Sum("budgeted"), Sum("realised"))
    return {value: (budgeted, realised) for value, budgeted, realised in rows}
