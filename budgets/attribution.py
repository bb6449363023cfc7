"""Pooled spending attributed to the streams: read from the stored shares.

Each allocation from a pool counts for each contributing stream by the rule of
`budgets.accounting` (pro rata, in whole cents, the missing cents to the largest remainders).
PostgreSQL keeps those shares in `PoolShare`: triggers on the allocations and the contributions
work out the shares of every allocation they touch again, in the same statement as the change
(budgets/migrations/0002_poolshare.py), whichever way the change is made. A page asks for the
sums it shows. `tests/budgets/test_attribution.py` checks the stored shares against
`budgets.accounting` after random sequences of writes.
"""

from django.db.models import Sum

from budgets.models import PoolShare


def pool_shares(allocations, *, stream):
    """{allocation id: (budgeted, realised)}: what the allocations among `allocations` (a
    queryset) count for `stream` (an id)."""
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
    rows = (
        PoolShare.objects.filter(allocation__in=allocations.values("pk"))
        .order_by()
        .values_list("stream_id")
        .annotate(Sum("budgeted"), Sum("realised"))
    )
    return {stream_id: (budgeted, realised) for stream_id, budgeted, realised in rows}


def pooled_per_domain(allocations):
    """{domain: (budgeted, realised)}: the pooled allocations among `allocations` (a queryset),
    their shares added up per domain of the contributing streams."""
    rows = (
        PoolShare.objects.filter(allocation__in=allocations.values("pk"))
        .order_by()
        .values_list("stream__domain")
        .annotate(Sum("budgeted"), Sum("realised"))
    )
    return {domain: (budgeted, realised) for domain, budgeted, realised in rows}
