"""Reads of the budgets app that need care: annotated lists, the overview per year, the stream ×
pooled-budget matrix and the account per stream. Each takes a fixed number of queries, however
much data there is; the arithmetic of attributing pooled spending is in `budgets.accounting`."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from budgets.accounting import fraction
from budgets.attribution import pool_shares, pooled_per_pool, pooled_per_stream
from budgets.models import Allocation, Contribution, Domain, FundingStream, PooledBudget, Source
from budgets.permissions import visible_allocations

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


def _sum_of(model, link, field_name, outer="pk"):
    """A subquery: the sum of `field_name` over the `model` rows whose `link` is the outer row's
    `outer`."""
    rows = (
        model.objects.filter(**{link: OuterRef(outer)})
        .order_by()
        .values(link)
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


# Years


def budget_years():
    """Every year that has funding streams, newest first."""
    years = FundingStream.objects.order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def chosen_year(requested, years):
    """The year asked for when it is a number, else this year if it has data, else the latest."""
    try:
        year = int(requested)
    except (TypeError, ValueError):
        year = None
    if year is not None and 2000 <= year <= 2100:
        return year
    today = timezone.localdate().year
    if today in years or not years:
        return today
    return years[0]


# Lists


def stream_list():
    """Streams with what they allocated directly, pooled, and have left."""
    return FundingStream.objects.annotate(
        allocated=_sum_of(Allocation, "stream", "budgeted"),
        pooled=_sum_of(Contribution, "stream", "amount"),
    ).annotate(remaining=F("amount") - F("allocated") - F("pooled"))


def pool_list():
    """Pooled budgets with what they received, allocated, realised and have left."""
    return PooledBudget.objects.annotate(
        received=_sum_of(Contribution, "pooled_budget", "amount"),
        allocated=_sum_of(Allocation, "pooled_budget", "budgeted"),
        realised=_sum_of(Allocation, "pooled_budget", "realised"),
        stream_count=Coalesce(
            Subquery(
                Contribution.objects.filter(pooled_budget=OuterRef("pk"))
                .order_by()
                .values("pooled_budget")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            Value(0),
        ),
    ).annotate(remaining=F("received") - F("allocated"))


def allocation_list(*, user):
    return visible_allocations(
        user,
        Allocation.objects.select_related(
            "stream", "pooled_budget", "organisation", "kindcentrum", "agreement"
        ),
    )


# The overview of a year


@dataclass
class Totals:
    label: str = ""
    available: Decimal = ZERO
    pooled: Decimal = ZERO
    budgeted: Decimal = ZERO
    realised: Decimal = ZERO
    key: str = ""  # the domain or source these are the totals of

    def add(self, other):
        self.available += other.available
        self.pooled += other.pooled
        self.budgeted += other.budgeted
        self.realised += other.realised

    @property
    def pooled_share(self):
        return fraction(self.pooled, self.available)

    @property
    def realised_share(self):
        return fraction(self.realised, self.budgeted)

    @property
    def unallocated(self):
        return self.available - self.budgeted


@dataclass
class YearOverview:
    year: int
    by_domain: list[Totals]
    by_source: list[Totals]
    total: Totals
    pool_count: int
    stream_count: int


def stream_totals(year):
    """{stream id: Totals} of every stream of `year`: its amount, what it pooled, and what was
    budgeted and realised from it, directly and through its share of the pools' allocations."""
    streams, totals = _stream_totals([year])
    return [row[1:] for row in streams], totals


def _stream_totals(years):
    """stream_totals() of several years at once: ([(year, id, domain, source, amount)], totals),
    in the same four queries however many years."""
    streams = list(
        FundingStream.objects.filter(year__in=years).values_list(
            "year", "id", "domain", "source", "amount"
        )
    )
    totals = {row[1]: Totals(available=row[4]) for row in streams}
    direct = (
        Allocation.objects.filter(year__in=years, stream__isnull=False)
        .order_by()
        .values_list("stream_id")
        .annotate(Sum("budgeted"), Sum("realised"))
    )
    for stream_id, budgeted, realised in direct:
        totals[stream_id].budgeted += budgeted
        totals[stream_id].realised += realised
    pooled = (
        Contribution.objects.filter(pooled_budget__year__in=years)
        .order_by()
        .values_list("stream_id")
        .annotate(Sum("amount"))
    )
    for stream_id, amount in pooled:
        totals[stream_id].pooled += amount
    shares = pooled_per_stream(Allocation.objects.filter(year__in=years))
    for stream_id, (budgeted, realised) in shares.items():
        totals[stream_id].budgeted += budgeted
        totals[stream_id].realised += realised
    return streams, totals


def _empty_rows():
    """({domain: Totals}, {source: Totals}), every one at zero, in the order of the choices."""
    return (
        {value: Totals(label=label, key=value) for value, label in Domain.choices},
        {value: Totals(label=label, key=value) for value, label in Source.choices},
    )


def year_overview(year):
    return year_overviews([year])[0]


def year_overviews(years):
    """The overview of each of `years`, in that order, in five queries however many years."""
    streams, totals = _stream_totals(years)
    pool_counts = dict(
        PooledBudget.objects.filter(year__in=years)
        .order_by()
        .values_list("year")
        .annotate(Count("pk"))
    )
    overviews = []
    for year in years:
        by_domain, by_source = _empty_rows()
        total = Totals()
        count = 0
        for stream_year, stream_id, domain, source, _amount in streams:
            if stream_year != year:
                continue
            count += 1
            by_domain[domain].add(totals[stream_id])
            by_source[source].add(totals[stream_id])
            total.add(totals[stream_id])
        overviews.append(
            YearOverview(
                year=year,
                by_domain=[row for row in by_domain.values() if row.available or row.budgeted],
                by_source=[row for row in by_source.values() if row.available or row.budgeted],
                total=total,
                pool_count=pool_counts.get(year, 0),
                stream_count=count,
            )
        )
    return overviews


def combined_overview(overviews, *, label):
    """Several years' overviews added up into one, per domain and source (`label` as its year)."""
    by_domain, by_source = _empty_rows()
    total = Totals()
    for overview in overviews:
        for row in overview.by_domain:
            by_domain[row.key].add(row)
        for row in overview.by_source:
            by_source[row.key].add(row)
        total.add(overview.total)
    return YearOverview(
        year=label,
        by_domain=[row for row in by_domain.values() if row.available or row.budgeted],
        by_source=[row for row in by_source.values() if row.available or row.budgeted],
        total=total,
        pool_count=sum(overview.pool_count for overview in overviews),
        stream_count=sum(overview.stream_count for overview in overviews),
    )


# The stream × pooled-budget matrix


@dataclass
class MatrixRow:
    stream: FundingStream
    cells: list
    pooled: Decimal

    @property
    def pooled_share(self):
        return fraction(self.pooled, self.stream.amount)


@dataclass
class Matrix:
    year: int
    pools: list
    rows: list[MatrixRow]
    column_totals: list[Decimal]
    pooled: Decimal
    available: Decimal
    by_domain: dict = field(default_factory=dict)

    @property
    def pooled_share(self):
        return fraction(self.pooled, self.available)


def matrix(year):
    streams = list(FundingStream.objects.filter(year=year).order_by("domain", "code"))
    pools = list(pool_list().filter(year=year).order_by("name").prefetch_related("goals"))
    amounts = {
        (pool_id, stream_id): amount
        for pool_id, stream_id, amount in Contribution.objects.filter(
            pooled_budget__year=year
        ).values_list("pooled_budget_id", "stream_id", "amount")
    }
    rows, column_totals = [], [ZERO for _ in pools]
    by_domain = defaultdict(lambda: [ZERO for _ in pools])
    for stream in streams:
        cells = [amounts.get((pool.pk, stream.pk)) for pool in pools]
        for index, amount in enumerate(cells):
            if amount is not None:
                column_totals[index] += amount
                by_domain[stream.domain][index] += amount
        rows.append(MatrixRow(stream=stream, cells=cells, pooled=sum(filter(None, cells), ZERO)))
    return Matrix(
        year=year,
        pools=pools,
        rows=rows,
        column_totals=column_totals,
        pooled=sum(column_totals, ZERO),
        available=sum((stream.amount for stream in streams), ZERO),
        by_domain=dict(by_domain),
    )


# The account of one stream


@dataclass
class AccountLine:
    allocation: Allocation
    budgeted: Decimal
    realised: Decimal
    share: Decimal | None = None  # the stream's part of the pool, in percent

    @property
    def pool(self):
        return self.allocation.pooled_budget


@dataclass
class PoolPart:
    contribution: Contribution
    received: Decimal
    budgeted: Decimal = ZERO
    realised: Decimal = ZERO

    @property
    def share(self):
        return fraction(self.contribution.amount, self.received)

    @property
    def unallocated(self):
        """The stream's part of what the pool has not allocated yet."""
        return self.contribution.amount - self.budgeted


@dataclass
class StreamAccount:
    """A stream's account, added up in the database; its lines are read by account_lines()."""

    stream: FundingStream
    direct_budgeted: Decimal
    direct_realised: Decimal
    line_count: int
    pools: list[PoolPart]
    other_years: list

    @property
    def pooled_budgeted(self):
        return sum((part.budgeted for part in self.pools), ZERO)

    @property
    def pooled_realised(self):
        return sum((part.realised for part in self.pools), ZERO)

    @property
    def contributed(self):
        return sum((part.contribution.amount for part in self.pools), ZERO)

    @property
    def budgeted(self):
        return self.direct_budgeted + self.pooled_budgeted

    @property
    def realised(self):
        return self.direct_realised + self.pooled_realised

    @property
    def realised_share(self):
        return fraction(self.realised, self.budgeted)

    @property
    def not_handed_out(self):
        """Neither allocated directly nor put into a pool."""
        return self.stream.amount - self.direct_budgeted - self.contributed

    @property
    def pooled_unallocated(self):
        return self.contributed - self.pooled_budgeted

    def allocations(self):
        """Every allocation of the account, in its order: the direct ones, then those of the
        pools by pool name, each by start of period."""
        pool_ids = [part.contribution.pooled_budget_id for part in self.pools]
        return (
            Allocation.objects.filter(Q(stream=self.stream) | Q(pooled_budget_id__in=pool_ids))
            .select_related(*_RELATED)
            .order_by(F("pooled_budget__name").asc(nulls_first=True), "period_start", "pk")
        )


_RELATED = ("organisation", "kindcentrum", "agreement", "pooled_budget")


def stream_account(stream):
    """The account of `stream`: its totals and its part of each pool, in four queries however
    many allocations it pays for."""
    contributions = list(
        stream.contributions.select_related("pooled_budget").annotate(
            received=_sum_of(Contribution, "pooled_budget", "amount", outer="pooled_budget")
        )
    )
    parts = {
        contribution.pooled_budget_id: PoolPart(
            contribution=contribution, received=contribution.received
        )
        for contribution in contributions
    }
    direct = Q(stream=stream)
    totals = Allocation.objects.filter(direct | Q(pooled_budget_id__in=list(parts))).aggregate(
        budgeted=Coalesce(Sum("budgeted", filter=direct), Value(ZERO), output_field=MONEY_FIELD),
        realised=Coalesce(Sum("realised", filter=direct), Value(ZERO), output_field=MONEY_FIELD),
        lines=Count("pk"),
    )
    from_pools = Allocation.objects.filter(pooled_budget_id__in=list(parts))
    for pool_id, (budgeted, realised) in pooled_per_pool(from_pools, stream=stream.pk).items():
        parts[pool_id].budgeted = budgeted
        parts[pool_id].realised = realised
    other_years = list(
        FundingStream.objects.filter(code=stream.code)
        .exclude(pk=stream.pk)
        .order_by("-year")
        .values_list("year", "pk")
    )
    return StreamAccount(
        stream=stream,
        direct_budgeted=totals["budgeted"],
        direct_realised=totals["realised"],
        line_count=totals["lines"],
        pools=list(parts.values()),
        other_years=other_years,
    )


def account_lines(account, allocations):
    """The lines of `account` for `allocations` (a list of its allocations): what each counts
    for the stream, its share of a pool's ones read in one query."""
    shares = pool_shares(
        Allocation.objects.filter(
            pk__in=[allocation.pk for allocation in allocations if allocation.pooled_budget_id]
        ),
        stream=account.stream.pk,
    )
    parts = {part.contribution.pooled_budget_id: part for part in account.pools}
    lines = []
    for allocation in allocations:
        if allocation.pooled_budget_id is None:
            line = AccountLine(
                allocation=allocation, budgeted=allocation.budgeted, realised=allocation.realised
            )
        else:
            budgeted, realised = shares[allocation.pk]
            share = parts[allocation.pooled_budget_id].share
            line = AccountLine(
                allocation=allocation, budgeted=budgeted, realised=realised, share=share
            )
        lines.append(line)
    return lines


# A pooled budget


def pool_contributions(pool):
    """The contributions of a pool with each stream's share of it, largest first."""
    contributions = list(pool.contributions.select_related("stream").order_by("-amount", "pk"))
    received = sum((c.amount for c in contributions), ZERO)
    for contribution in contributions:
        contribution.share = fraction(contribution.amount, received)
    return contributions, received


# Blocks on other apps' pages


@dataclass
class YearSummary:
    year: int
    count: int
    budgeted: Decimal
    realised: Decimal


def allocation_summary(*, user, limit=5, **filters):
    """Per year the number and amounts of the allocations matching `filters` that `user` may see,
    and the latest few of them."""
    allocations = visible_allocations(user).filter(**filters)
    years = [
        YearSummary(year=year, count=count, budgeted=budgeted, realised=realised)
        for year, count, budgeted, realised in allocations.order_by("-year")
        .values_list("year")
        .annotate(Count("pk"), Sum("budgeted"), Sum("realised"))
    ]
    latest = list(
        allocations.select_related(
            "stream", "pooled_budget", "organisation", "kindcentrum"
        ).order_by("-year", "-period_start", "-pk")[:limit]
    )
    return {"years": years, "latest": latest}
