"""Every write of the budgets app. Each runs in a transaction and keeps the invariants:

- a stream hands out at most its amount: its direct allocations plus its contributions;
- a pooled budget allocates at most what it received from its contributions;
- years match: a contribution joins a stream and a pool of the same year, an allocation has its
  source's year and a period within it;
- amounts are not negative and realised is at most budgeted (constraints in the database).

Totals are checked after locking the rows they depend on (`select_for_update`), always in the same
order — the edited contribution or allocation, then streams, then pooled budgets — so concurrent
requests that together would overspend are serialised and the later one is refused with a
message, and two requests never wait for each other in a circle.

Services raise `ValidationError` with a message per form field; the views show them at the field.
"""

from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from kindportaal.concurrency import lock_versioned, save_versioned
from kindportaal.formatting import euro

ZERO = Decimal("0.00")


class StreamFields(TypedDict, total=False):
    """A funding stream's fields that the services write: every one to create a stream, any of
    them to change one."""

    name: str
    code: str
    year: int
    amount: Decimal
    source: str
    legal_basis: str
    domain: str
    purpose: str
    accountability: str
    earmarked: bool
    poolable: bool
    iv3_taakveld: str


STREAM_FIELDS = tuple(StreamFields.__annotations__)
POOL_FIELDS = ("name", "year", "description")
ALLOCATION_FIELDS = (
    "stream",
    "pooled_budget",
    "organisation",
    "kindcentrum",
    "agreement",
    "description",
    "budgeted",
    "realised",
    "period_start",
    "period_end",
)


def _only(changes, fields, *, every=False):
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    missing = set(fields) - set(changes) if every else set()
    if missing:
        raise TypeError(f"missing fields {sorted(missing)}")


# Totals, read after the rows they depend on are locked


def _sum(queryset, field):
    return queryset.aggregate(total=Sum(field))["total"] or ZERO


def stream_committed(stream_id, *, except_allocation=None, except_contribution=None):
    """What a stream hands out: its direct allocations (budgeted) plus its contributions."""
    direct = Allocation.objects.filter(stream_id=stream_id).exclude(pk=except_allocation)
    pooled = Contribution.objects.filter(stream_id=stream_id).exclude(pk=except_contribution)
    return _sum(direct, "budgeted") + _sum(pooled, "amount")


def pool_received(pool_id, *, except_contribution=None):
    contributions = Contribution.objects.filter(pooled_budget_id=pool_id)
    return _sum(contributions.exclude(pk=except_contribution), "amount")


def pool_allocated(pool_id, *, except_allocation=None):
    allocations = Allocation.objects.filter(pooled_budget_id=pool_id)
    return _sum(allocations.exclude(pk=except_allocation), "budgeted")


def _lock(model, pk, field):
    try:
        return model.objects.select_for_update().get(pk=pk)
    except model.DoesNotExist:
        raise ValidationError({field: _("This no longer exists; someone removed it.")}) from None


def _save(instance):
    """Validate and save; a constraint that a concurrent request broke becomes a message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError(
            {NON_FIELD_ERRORS: _constraint_message(type(instance), error)}
        ) from None
    return instance


def _constraint_message(model, error):
    text = str(error)
    for constraint in model._meta.constraints:
        if constraint.name in text:
            return constraint.get_violation_error_message()
    return _("This could not be saved because it conflicts with other data. Try again.")


# Funding streams


def _check_stream_code(stream):
    clash = FundingStream.objects.filter(code=stream.code, year=stream.year).exclude(pk=stream.pk)
    if clash.exists():
        raise ValidationError(
            {
                "code": _("There already is a stream with this code in %(year)s.")
                % {"year": stream.year}
            }
        )


def stream_create(**fields: Unpack[StreamFields]) -> FundingStream:
    with transaction.atomic():
        _only(fields, STREAM_FIELDS, every=True)
        stream = FundingStream(**fields)
        _check_stream_code(stream)
        return _save(stream)


def stream_update(
    *, stream: FundingStream, expected_version: int, **changes: Unpack[StreamFields]
) -> FundingStream:
    """Change a stream's fields (any of STREAM_FIELDS); refuses what would break the invariants."""
    with transaction.atomic():
        _only(changes, STREAM_FIELDS)
        current = lock_versioned(stream, expected_version=expected_version)
        has_contributions = current.contributions.exists()
        errors = {}
        year_changes = changes.get("year", current.year) != current.year
        if year_changes and (has_contributions or current.allocations.exists()):
            errors["year"] = _(
                "This stream already has allocations or contributions in %(year)s, and their "
                "years must match; the year cannot change."
            ) % {"year": current.year}
        if "amount" in changes:
            committed = stream_committed(current.pk)
            if changes["amount"] < committed:
                errors["amount"] = _(
                    "%(committed)s of this stream is already allocated or pooled; the amount "
                    "cannot be less than that."
                ) % {"committed": euro(committed)}
        if changes.get("poolable") is False and current.poolable and has_contributions:
            errors["poolable"] = _(
                "This stream contributes to pooled budgets; remove those contributions first."
            )
        if errors:
            raise ValidationError(errors)
        for field, value in changes.items():
            setattr(current, field, value)
        _check_stream_code(current)
        current.full_clean()
        return save_versioned(current, expected_version=expected_version)


def stream_delete(*, stream: FundingStream, expected_version: int) -> None:
    with transaction.atomic():
        current = lock_versioned(stream, expected_version=expected_version)
        if current.allocations.exists() or current.contributions.exists():
            raise ValidationError(
                _("This stream has allocations or contributions; remove those before the stream.")
            )
        current.delete()


# Pooled budgets


def pool_create(*, name: str, year: int, description: str = "", goals=()) -> PooledBudget:
    with transaction.atomic():
        pool = _save(PooledBudget(name=name, year=year, description=description))
        pool.goals.set(goals)
        return pool


def pool_update(
    *, pool: PooledBudget, expected_version: int, goals=None, **changes
) -> PooledBudget:
    with transaction.atomic():
        _only(changes, POOL_FIELDS)
        current = lock_versioned(pool, expected_version=expected_version)
        year_changes = changes.get("year", current.year) != current.year
        if year_changes and (current.contributions.exists() or current.allocations.exists()):
            raise ValidationError(
                {
                    "year": _(
                        "This pooled budget already has contributions or allocations in %(year)s, "
                        "and their years must match; the year cannot change."
                    )
                    % {"year": current.year}
                }
            )
        for field, value in changes.items():
            setattr(current, field, value)
        current.full_clean()
        save_versioned(current, expected_version=expected_version)
        if goals is not None:
            current.goals.set(goals)
        return current


def pool_delete(*, pool: PooledBudget, expected_version: int) -> None:
    with transaction.atomic():
        current = lock_versioned(pool, expected_version=expected_version)
        if current.allocations.exists() or current.contributions.exists():
            raise ValidationError(
                _(
                    "This pooled budget has contributions or allocations; remove those before the "
                    "pooled budget."
                )
            )
        current.delete()


# Contributions


def _check_contribution(*, stream, pool, amount, except_contribution=None):
    if not stream.poolable:
        basis = stream.legal_basis or _("its regulation")
        raise ValidationError(
            {
                "stream": _(
                    "“%(stream)s” may not be pooled: %(basis)s does not allow it. Allocate from "
                    "this stream directly instead."
                )
                % {"stream": stream, "basis": basis}
            }
        )
    if stream.year != pool.year:
        raise ValidationError(
            {
                "stream": _(
                    "“%(stream)s” is money for %(stream_year)s and this pooled budget is for "
                    "%(pool_year)s; the years must match."
                )
                % {"stream": stream, "stream_year": stream.year, "pool_year": pool.year}
            }
        )
    if amount <= 0:
        raise ValidationError({"amount": _("A contribution must be more than € 0.")})
    available = stream.amount - stream_committed(stream.pk, except_contribution=except_contribution)
    if amount > available:
        raise ValidationError({"amount": _overspend_message(stream, available, amount)})


def _overspend_message(stream, available, asked):
    return _(
        "“%(stream)s” has %(available)s left of its %(amount)s (the rest is already allocated or "
        "pooled); you asked for %(asked)s."
    ) % {
        "stream": stream,
        "available": euro(max(available, ZERO)),
        "amount": euro(stream.amount),
        "asked": euro(asked),
    }


def _pool_shortfall_message(pool, received, allocated):
    return _(
        "“%(pool)s” has already allocated %(allocated)s; with this change it would receive only "
        "%(received)s. Lower or remove its allocations first."
    ) % {"pool": pool, "allocated": euro(allocated), "received": euro(received)}


def contribution_create(
    *, pooled_budget: PooledBudget, stream: FundingStream, amount: Decimal
) -> Contribution:
    with transaction.atomic():
        stream = _lock(FundingStream, stream.pk, "stream")
        pool = _lock(PooledBudget, pooled_budget.pk, NON_FIELD_ERRORS)
        if Contribution.objects.filter(pooled_budget=pool, stream=stream).exists():
            raise ValidationError(
                {
                    "stream": _(
                        "“%(stream)s” already contributes to this pooled budget; change that "
                        "contribution instead."
                    )
                    % {"stream": stream}
                }
            )
        _check_contribution(stream=stream, pool=pool, amount=amount)
        return _save(Contribution(pooled_budget=pool, stream=stream, amount=amount))


def contribution_update(
    *, contribution: Contribution, expected_version: int, amount: Decimal
) -> Contribution:
    with transaction.atomic():
        current = lock_versioned(contribution, expected_version=expected_version)
        # Both exist: the stream cannot be deleted while it contributes, the pool only with its
        # contributions, and this one is locked.
        stream = FundingStream.objects.select_for_update().get(pk=current.stream_id)
        pool = PooledBudget.objects.select_for_update().get(pk=current.pooled_budget_id)
        _check_contribution(stream=stream, pool=pool, amount=amount, except_contribution=current.pk)
        received = pool_received(pool.pk, except_contribution=current.pk) + amount
        allocated = pool_allocated(pool.pk)
        if received < allocated:
            raise ValidationError({"amount": _pool_shortfall_message(pool, received, allocated)})
        current.amount = amount
        current.full_clean()
        return save_versioned(current, expected_version=expected_version)


def contribution_delete(*, contribution: Contribution, expected_version: int) -> None:
    with transaction.atomic():
        current = lock_versioned(contribution, expected_version=expected_version)
        # The pool exists: deleting it deletes its contributions, and this one is locked.
        pool = PooledBudget.objects.select_for_update().get(pk=current.pooled_budget_id)
        received = pool_received(pool.pk, except_contribution=current.pk)
        allocated = pool_allocated(pool.pk)
        if received < allocated:
            raise ValidationError(_pool_shortfall_message(pool, received, allocated))
        current.delete()


# Allocations


def _lock_source(stream, pooled_budget):
    if stream is not None and pooled_budget is not None:
        message = _("Choose a funding stream or a pooled budget, not both.")
        raise ValidationError({"stream": message, "pooled_budget": message})
    if stream is None and pooled_budget is None:
        message = _("Choose the funding stream or the pooled budget the money comes from.")
        raise ValidationError({"stream": message, "pooled_budget": message})
    if stream is not None:
        return _lock(FundingStream, stream.pk, "stream")
    return _lock(PooledBudget, pooled_budget.pk, "pooled_budget")


def _check_allocation(allocation, source, *, except_allocation=None):
    """The rules of one allocation against its (locked) source; fills in a missing period."""
    errors = {}
    year = source.year
    if allocation.organisation_id is None and allocation.kindcentrum_id is None:
        message = _("Choose the organisation, the kindcentrum or both that receive the money.")
        errors["organisation"] = errors["kindcentrum"] = message
    allocation.period_start = allocation.period_start or date(year, 1, 1)
    allocation.period_end = allocation.period_end or date(year, 12, 31)
    if allocation.period_start.year != year:
        errors["period_start"] = _(
            "The period must lie within %(year)s, the year of the source."
        ) % {"year": year}
    if allocation.period_end.year != year:
        errors["period_end"] = _("The period must lie within %(year)s, the year of the source.") % {
            "year": year
        }
    elif allocation.period_end < allocation.period_start:
        errors["period_end"] = _("The period cannot end before it starts.")
    if allocation.realised < 0:
        errors["realised"] = _("An amount cannot be negative.")
    elif allocation.realised > allocation.budgeted:
        errors["realised"] = _(
            "The realised amount cannot exceed the budgeted amount; raise the budgeted amount "
            "first."
        )
    if allocation.budgeted < 0:
        errors["budgeted"] = _("An amount cannot be negative.")
    else:
        if isinstance(source, FundingStream):
            available = source.amount - stream_committed(
                source.pk, except_allocation=except_allocation
            )
            if allocation.budgeted > available:
                errors["budgeted"] = _overspend_message(source, available, allocation.budgeted)
        else:
            available = pool_received(source.pk) - pool_allocated(
                source.pk, except_allocation=except_allocation
            )
            if allocation.budgeted > available:
                errors["budgeted"] = _(
                    "“%(pool)s” has %(available)s left to allocate of the %(received)s it "
                    "received; you asked for %(asked)s."
                ) % {
                    "pool": source,
                    "available": euro(max(available, ZERO)),
                    "received": euro(pool_received(source.pk)),
                    "asked": euro(allocation.budgeted),
                }
    if errors:
        raise ValidationError(errors)
    allocation.year = year


def allocation_create(
    *,
    description: str,
    budgeted: Decimal,
    stream: FundingStream | None = None,
    pooled_budget: PooledBudget | None = None,
    organisation=None,
    kindcentrum=None,
    agreement=None,
    period_start: date | None = None,
    period_end: date | None = None,
    realised: Decimal = ZERO,
) -> Allocation:
    with transaction.atomic():
        source = _lock_source(stream, pooled_budget)
        allocation = Allocation(
            stream=stream,
            pooled_budget=pooled_budget,
            organisation=organisation,
            kindcentrum=kindcentrum,
            agreement=agreement,
            description=description,
            period_start=period_start,
            period_end=period_end,
            budgeted=budgeted,
            realised=realised,
        )
        _check_allocation(allocation, source)
        return _save(allocation)


def allocation_update(*, allocation: Allocation, expected_version: int, **changes) -> Allocation:
    """Change an allocation (any of ALLOCATION_FIELDS), its source included."""
    with transaction.atomic():
        _only(changes, ALLOCATION_FIELDS)
        current = lock_versioned(allocation, expected_version=expected_version)
        for field, value in changes.items():
            setattr(current, field, value)
        source = _lock_source(current.stream, current.pooled_budget)
        _check_allocation(current, source, except_allocation=current.pk)
        current.full_clean()
        return save_versioned(current, expected_version=expected_version)


def allocation_delete(*, allocation: Allocation, expected_version: int) -> None:
    # Removing an allocation only frees money, so no source needs to be locked.
    with transaction.atomic():
        lock_versioned(allocation, expected_version=expected_version).delete()
