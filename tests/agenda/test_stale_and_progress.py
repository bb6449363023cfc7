"""Which running agreements count as stale on a given day (the edges of 14 and 30 days), and the
progress summary an agreement shows: always that of its latest update."""

import datetime

import pytest

from agenda import services
from agenda.models import AgreementStatus, Notification, NotificationKind
from tests.agenda.factories import AgreementFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db
S = AgreementStatus
TODAY = datetime.date(2027, 2, 28)  # a month's end; any day will do, it is passed in


def agreement(due_in, *, progress_days_ago=None, status=S.IN_PROGRESS, title=None):
    made = AgreementFactory(
        title=title or f"due {due_in}, progress {progress_days_ago}",
        status=status,
        revision=0 if status == S.DRAFT else 1,
        start_date=TODAY - datetime.timedelta(days=400),
        due_date=TODAY + datetime.timedelta(days=due_in),
        last_progress_on=(
            None
            if progress_days_ago is None
            else TODAY - datetime.timedelta(days=progress_days_ago)
        ),
    )
    return made


def stale_titles():
    return {a.title for a in services.stale_agreements(today=TODAY)}


def test_due_within_fourteen_days_from_today_on_counts():
    for due_in in (-1, 0, 14, 15):
        agreement(due_in)
    assert stale_titles() == {"due 0, progress None", "due 14, progress None"}


def test_progress_within_thirty_days_keeps_it_off_the_list():
    for days in (29, 30, 31):
        agreement(7, progress_days_ago=days)
    assert stale_titles() == {"due 7, progress 30", "due 7, progress 31"}


def test_only_adopted_and_running_agreements_count():
    for status in (S.DRAFT, S.PROPOSED, S.ADOPTED, S.IN_PROGRESS, S.REALISED, S.LAPSED):
        agreement(3, status=status, title=status)
    assert stale_titles() == {S.ADOPTED, S.IN_PROGRESS}


def test_a_warning_is_recorded_once_per_due_date():
    quiet = agreement(3)
    [first] = services.stale_warnings_record(today=TODAY)
    warning = Notification.objects.get(pk=first)
    assert (warning.agreement, warning.kind) == (quiet, NotificationKind.STALE)
    assert warning.key == quiet.due_date.isoformat()
    assert services.stale_warnings_record(today=TODAY) == []
    quiet.due_date -= datetime.timedelta(days=1)
    quiet.save()
    [second] = services.stale_warnings_record(today=TODAY)
    assert second != first


def test_the_agreement_shows_its_latest_progress_and_nothing_once_it_is_gone():
    made = agreement(60)
    older = ProgressUpdateFactory(
        agreement=made,
        reported_on=TODAY - datetime.timedelta(days=5),
        health="at_risk",
        percent_complete=40,
    )
    ProgressUpdateFactory(
        agreement=made,
        reported_on=TODAY - datetime.timedelta(days=1),
        health="on_track",
        percent_complete=60,
    )
    services.refresh_progress_summary(agreement_ids=[made.pk])
    made.refresh_from_db()
    assert (made.health, made.progress_percent, made.last_progress_on) == (
        "on_track",
        60,
        TODAY - datetime.timedelta(days=1),
    )
    made.progress_updates.exclude(pk=older.pk).delete()
    services.refresh_progress_summary(agreement_ids=[made.pk])
    made.refresh_from_db()
    assert (made.health, made.progress_percent) == ("at_risk", 40)
    made.progress_updates.all().delete()
    services.refresh_progress_summary(agreement_ids=[made.pk])
    made.refresh_from_db()
    assert (made.health, made.progress_percent, made.last_progress_on) == ("", None, None)
