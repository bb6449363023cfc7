"""Drill: 20 people save the same agreement, and the same pooled budget's allocations, at once,
through the real pages — each in its own thread with its own database connection.

Each of them opened the form before anybody saved. The first save wins; every other one is shown
the conflict with what changed, and saves once more from there, as the page invites them to —
which again only the first of them does without a new conflict. A second conflict is where they
stop. Afterwards: every edit was saved, or refused with the conflict or a reason of substance (a
budget that would be overspent), never a 500; no saved edit was lost (the history holds each
once, with consecutive versions, and the record shows the last one); the budget's invariants
hold and its accounts reconcile to the cent."""

import threading
import time
from collections import Counter
from decimal import Decimal
from itertools import groupby

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from agenda.models import Agenda, Agreement
from budgets.models import Allocation, Contribution, FundingStream
from budgets.selectors import stream_account
from tests.agenda.factories import ThemeFactory, proposed_agreement
from tests.budgets.factories import (
    AllocationFactory,
    ContributionFactory,
    FundingStreamFactory,
    PooledBudgetFactory,
)
from tests.drills.forms import post_forms

pytestmark = [pytest.mark.drill, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EDITORS = 20
ATTEMPTS = 2  # a save, and a second one after seeing the conflict
CONFLICT = "Iemand anders heeft dit intussen opgeslagen"


def edit_at_once(user, urls, change, *, refusal=None):
    """EDITORS threads open the form at `urls[number]`, wait for each other, then save
    `change(number, data)`; after a conflict they save once more from the page that reported it.
    Returns {number: outcome}, the number of conflicts shown and the seconds it took."""
    opened = threading.Barrier(EDITORS, timeout=60)
    outcomes, conflicts, errors = {}, Counter(), []

    def editor(number):
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            page = client.get(urls[number])
            opened.wait()
            for _attempt in range(ATTEMPTS):
                (form,) = post_forms(page.content)
                page = client.post(urls[number], change(number, form.data()))
                if page.status_code != 200:
                    outcomes[number] = "saved" if page.status_code == 302 else page.status_code
                    return
                body = page.content.decode()
                if CONFLICT in body:
                    conflicts[number] += 1
                    continue
                outcomes[number] = "refused" if refusal and refusal in body else "form error"
                return
            outcomes[number] = "conflict"
        except Exception as error:  # reported below, with the thread's number
            errors.append((number, repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(EDITORS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return outcomes, sum(conflicts.values()), time.monotonic() - started


def test_twenty_people_save_the_same_agreement_at_once(
    policy_officer, organisation_a, organisation_b
):
    theme = ThemeFactory(agenda=Agenda.objects.create(title="LEA", start_year=2025, end_year=2028))
    agreement = proposed_agreement(
        by=policy_officer, parties=[organisation_a, organisation_b], theme=theme, title="Start"
    )
    first_version = agreement.version
    history_before = agreement.history.count()

    def change(number, data):
        return {**data, "title": f"Bewerking {number}"}

    url = reverse("agenda:agreement_edit", args=[agreement.pk])
    outcomes, conflicts, seconds = edit_at_once(
        policy_officer, dict.fromkeys(range(EDITORS), url), change
    )

    counts = Counter(outcomes.values())
    assert set(counts) <= {"saved", "conflict"} and counts.total() == EDITORS, outcomes
    # All opened the same version, so the first save made every other one a conflict; of the
    # second saves, the first made the others a conflict again.
    assert conflicts >= EDITORS - 1
    assert 2 <= counts["saved"] <= EDITORS - 1
    agreement.refresh_from_db()
    records = list(agreement.history.order_by("history_date", "history_id"))[history_before:]
    # Versions go up one by one: no two saves started from the same version.
    assert [record.version for record in records] == list(
        range(first_version + 1, agreement.version + 1)
    )
    # A change of substance is saved with its new version to confirm (two records, one after
    # the other): the titles come in 20 runs, one per saved edit, none lost, none interleaved.
    runs = [title for title, _ in groupby(record.title for record in records)]
    saved = [number for number, outcome in outcomes.items() if outcome == "saved"]
    assert sorted(runs) == sorted(f"Bewerking {number}" for number in saved)
    assert agreement.title == records[-1].title
    assert Agreement.objects.filter(title__startswith="Bewerking").count() == 1
    print(
        f"DRILL 20 edits of one agreement: {counts['saved']} saved, {counts['conflict']} "
        f"refused with the conflict ({conflicts} conflicts shown), no lost update, "
        f"{seconds:.1f} s"
    )


def test_twenty_people_raise_allocations_of_the_same_pooled_budget_at_once(policy_officer):
    received = Decimal("50000.00")
    streams = [
        FundingStreamFactory(amount=Decimal("100000.00"), year=2026, code=f"DRILL-{n}")
        for n in range(3)
    ]
    pool = PooledBudgetFactory(year=2026)
    for stream, amount in zip(streams, ("20000.00", "17000.01", "12999.99"), strict=True):
        ContributionFactory(pooled_budget=pool, stream=stream, amount=Decimal(amount))
    pooled = AllocationFactory(stream=None, pooled_budget=pool, budgeted=Decimal("1000.00"))
    other = AllocationFactory(stream=None, pooled_budget=pool, budgeted=Decimal("1000.00"))
    # Editors 0–9 change `pooled`, 10–19 `other`, to amounts from 1,500.37 to 10,500.37; one
    # asks 45,000, which cannot fit next to most of the others' amounts.
    targets = {n: (pooled if n < EDITORS // 2 else other) for n in range(EDITORS)}
    amounts = {n: Decimal(1500 + 1000 * (n % 10)) + Decimal("0.37") for n in range(EDITORS)}
    amounts[EDITORS - 1] = Decimal("45000.00")
    history_before = {a.pk: a.history.count() for a in (pooled, other)}
    urls = {n: reverse("budgets:allocation_update", args=[a.pk]) for n, a in targets.items()}

    def change(number, data):
        return {**data, "budgeted": str(amounts[number]).replace(".", ",")}

    outcomes, conflicts, seconds = edit_at_once(
        policy_officer, urls, change, refusal="te verdelen van de"
    )

    saved = [n for n, outcome in outcomes.items() if outcome == "saved"]
    refused = [n for n, outcome in outcomes.items() if outcome == "refused"]
    conflicted = [n for n, outcome in outcomes.items() if outcome == "conflict"]
    assert sorted(saved + refused + conflicted) == list(range(EDITORS)), outcomes
    assert saved
    for allocation in (pooled, other):
        allocation.refresh_from_db()
        mine = [n for n in saved if targets[n] == allocation]
        records = list(allocation.history.order_by("history_date", "history_id"))[
            history_before[allocation.pk] :
        ]
        # No lost update: every saved edit is in the history once, with consecutive versions,
        # and the allocation holds the last one.
        assert sorted(r.budgeted for r in records) == sorted(amounts[n] for n in mine)
        assert [r.version for r in records] == list(
            range(records[0].version, records[0].version + len(records))
        )
        assert allocation.budgeted == records[-1].budgeted

    # The invariants: the pool hands out at most what it received, no stream more than it has,
    # and the streams' shares of the pool's allocations add up to them to the cent.
    pool_allocated = sum(a.budgeted for a in Allocation.objects.filter(pooled_budget=pool))
    assert pool_allocated <= received
    shares = Decimal("0.00")
    for stream in FundingStream.objects.filter(pk__in=[s.pk for s in streams]):
        account = stream_account(stream)
        assert account.not_handed_out >= 0
        assert account.pooled_unallocated >= 0
        shares += account.pooled_budgeted
    assert shares == pool_allocated
    assert sum(c.amount for c in Contribution.objects.filter(pooled_budget=pool)) == received
    print(
        f"DRILL 20 edits of one pool's allocations: {len(saved)} saved, {len(refused)} refused "
        f"(the pool would be overspent), {len(conflicted)} refused with the conflict "
        f"({conflicts} conflicts shown); the pool "
        f"hands out {pool_allocated} of {received}, the accounts reconcile to the cent, "
        f"{seconds:.1f} s"
    )
