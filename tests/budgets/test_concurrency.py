"""Concurrent requests that together would overspend: the row locks make them queue, the later
ones see what the earlier ones committed, and the one that no longer fits is refused."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from budgets import services
from budgets.models import Allocation, FundingStream, PooledBudget
from tests.budgets.factories import ContributionFactory, FundingStreamFactory, PooledBudgetFactory
from tests.partners.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 4


def _waiting_for_locks():
    with connection.cursor() as cursor:
        # Within a transaction PostgreSQL shows a snapshot of the activity; take a fresh one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(locked_model, locked_pk, write):
    """Run `write(number)` in WORKERS threads, each in its own transaction, all started while
    this thread holds the row lock the services take; then let them go at once."""
    outcomes = []

    def worker(number):
        try:
            write(number)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    with transaction.atomic():
        locked_model.objects.select_for_update().get(pk=locked_pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        # All of them are inside their transaction, queued on the lock, before any may go on.
        while _waiting_for_locks() < WORKERS and time.monotonic() < deadline:
            time.sleep(0.02)
        queued = _waiting_for_locks()
    for thread in threads:
        thread.join(timeout=30)
    return queued, outcomes


def test_concurrent_allocations_from_one_stream_cannot_overspend_it():
    stream = FundingStreamFactory(amount=Decimal("100000.00"))
    organisation = OrganisationFactory()

    def allocate(number):
        services.allocation_create(
            stream=stream,
            organisation=organisation,
            description=f"Toekenning {number}",
            budgeted=Decimal("30000.00"),
        )

    queued, outcomes = race(FundingStream, stream.pk, allocate)
    assert queued == WORKERS
    assert outcomes.count("saved") == 3
    [refusal] = [outcome for outcome in outcomes if outcome != "saved"]
    assert str(refusal.message_dict["budgeted"][0]).replace("\u00a0", " ") == (
        f"“{stream}” heeft nog € 10.000,00 over van zijn € 100.000,00 (de rest is al toegekend "
        "of ontschot); je vroeg € 30.000,00."
    )
    assert services.stream_committed(stream.pk) == Decimal("90000.00") <= stream.amount


def test_concurrent_allocations_and_contributions_share_one_streams_money():
    stream = FundingStreamFactory(amount=Decimal("100000.00"))
    pools = [PooledBudgetFactory() for _ in range(WORKERS)]
    organisation = OrganisationFactory()

    def allocate_or_contribute(number):
        if number % 2:
            services.contribution_create(
                pooled_budget=pools[number], stream=stream, amount=Decimal("40000.00")
            )
        else:
            services.allocation_create(
                stream=stream,
                organisation=organisation,
                description=f"Toekenning {number}",
                budgeted=Decimal("40000.00"),
            )

    queued, outcomes = race(FundingStream, stream.pk, allocate_or_contribute)
    assert queued == WORKERS
    assert outcomes.count("saved") == 2
    assert services.stream_committed(stream.pk) == Decimal("80000.00")


def test_concurrent_allocations_from_one_pool_cannot_exceed_what_it_received():
    pool = PooledBudgetFactory()
    ContributionFactory(pooled_budget=pool, amount=Decimal("50000.00"))
    organisation = OrganisationFactory()

    def allocate(number):
        services.allocation_create(
            pooled_budget=pool,
            organisation=organisation,
            description=f"Toekenning {number}",
            budgeted=Decimal("20000.00"),
        )

    queued, outcomes = race(PooledBudget, pool.pk, allocate)
    assert queued == WORKERS
    assert outcomes.count("saved") == 2
    assert all("te verdelen" in str(o.message_dict["budgeted"][0]) for o in outcomes[2:])
    assert services.pool_allocated(pool.pk) == Decimal("40000.00")
    assert Allocation.objects.filter(pooled_budget=pool).count() == 2
