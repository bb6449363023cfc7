"""The portal's own date rules at the edges of the calendar: a month's end, a year's end and a
leap day, just before and just after local midnight (Europe/Amsterdam, an hour ahead of UTC in
winter, so a rule that used the UTC date would be a day off here)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from agenda import selectors, tasks
from agenda.models import Agreement
from agenda.models import AgreementStatus as S
from budgets.selectors import chosen_year
from tests.agenda.factories import AgreementFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EDGES = {
    "month's end": datetime.date(2027, 1, 31),
    "year's end": datetime.date(2026, 12, 31),
    "leap day": datetime.date(2028, 2, 29),
}


def late_on(day):
    """23:30 local time on `day` (22:30 UTC, the same date)."""
    return datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=AMSTERDAM)


def early_after(day):
    """00:30 local time on the day after `day` (23:30 UTC, still `day` in UTC)."""
    next_day = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(0, 30), tzinfo=AMSTERDAM)


def running(due_date, **fields):
    return AgreementFactory(
        status=S.IN_PROGRESS,
        revision=1,
        start_date=datetime.date(2024, 1, 1),
        due_date=due_date,
        **fields,
    )


def overdue_titles():
    return sorted(Agreement.objects.filter(selectors.overdue_q()).values_list("title", flat=True))


@pytest.mark.parametrize("edge", EDGES)
def test_an_agreement_is_overdue_from_the_day_after_its_due_date(edge, db):
    day = EDGES[edge]
    agreement = running(day, title="Op de grens")
    with time_machine.travel(late_on(day), tick=False):
        assert timezone.localdate() == day
        assert not Agreement.objects.get(pk=agreement.pk).is_overdue
        assert overdue_titles() == []
    with time_machine.travel(early_after(day), tick=False):
        assert Agreement.objects.get(pk=agreement.pk).is_overdue
        assert overdue_titles() == ["Op de grens"]


@pytest.mark.parametrize("edge", EDGES)
def test_due_soon_covers_today_and_the_next_thirty_days(edge, db, policy_officer):
    day = EDGES[edge]
    last_day = day + datetime.timedelta(days=selectors.DUE_SOON_DAYS)
    running(day, title="Vandaag")
    running(last_day, title="Laatste dag")
    running(last_day + datetime.timedelta(days=1), title="Net te laat")
    running(day - datetime.timedelta(days=1), title="Gisteren")
    with time_machine.travel(late_on(day), tick=False):
        mine = selectors.my_agreements(policy_officer)
    assert [a.title for a in mine["due_soon"]] == ["Vandaag", "Laatste dag"]
    assert [a.title for a in mine["overdue"]] == ["Gisteren"]


@pytest.mark.parametrize("edge", EDGES)
def test_the_current_year_turns_at_local_midnight(edge):
    day = EDGES[edge]
    years = [day.year + 1, day.year]
    with time_machine.travel(late_on(day), tick=False):
        assert chosen_year(None, years) == day.year
    with time_machine.travel(early_after(day), tick=False):
        expected = day.year + 1 if (day.month, day.day) == (12, 31) else day.year
        assert chosen_year(None, years) == expected


@pytest.mark.parametrize("edge", EDGES)
def test_the_daily_reminder_counts_its_fourteen_days_from_the_local_date(
    edge, organisation_a, director_a
):
    day = EDGES[edge]
    running(day + datetime.timedelta(days=14), title="Nog veertien dagen", owner=organisation_a)
    running(day + datetime.timedelta(days=15), title="Nog vijftien dagen", owner=organisation_a)
    # The last minutes of the day before: the first one is still fifteen days away.
    with time_machine.travel(late_on(day - datetime.timedelta(days=1)), tick=False):
        assert tasks.warn_stale_agreements.delay().get() == 0
    with time_machine.travel(early_after(day - datetime.timedelta(days=1)), tick=False):
        assert tasks.warn_stale_agreements.delay().get() == 1
    assert [message.subject for message in mail.outbox] == [
        "Binnenkort af zonder recente voortgang: Nog veertien dagen"
    ]
