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


def report(agreement, by, organisation, **fields):
    from django.utils import timezone

    values = {
        "reported_on": timezone.localdate(),
        "text": "Gestart.",
        "health": "on_track",
        "percent_complete": 10,
        **fields,
    }
    return services.progress_update_create(
        agreement=agreement, by=by, organisation=organisation, **values
    )


def test_who_reports_progress_for_whom(
    adopted, policy_officer, director_a, director_b, organisation_a, organisation_b, council_member
):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        report(adopted, director_a, organisation_b)
    with pytest.raises(PermissionDenied):
        report(adopted, council_member, None)
    with pytest.raises(ValidationError) as missing:
        report(adopted, director_a, None)
    assert "organisation" in missing.value.error_dict
    update = report(adopted, policy_officer, None)
    assert (update.author, update.organisation) == (policy_officer, None)
    update = report(adopted, director_b, organisation_b)
    assert (update.author, update.organisation) == (director_b, organisation_b)
    assert adopted.progress_updates.count() == 2


def test_progress_is_not_reported_for_a_day_still_to_come(adopted, director_a, organisation_a):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        report(adopted, director_a, organisation_a, reported_on=tomorrow)
    assert "reported_on" in future.value.error_dict
    report(adopted, director_a, organisation_a, reported_on=timezone.localdate())
    assert adopted.progress_updates.count() == 1


def test_making_a_period_current_makes_the_other_not_current(agenda):
    from agenda.models import Agenda

    other = Agenda.objects.create(title="LEA 2029–2032", start_year=2029, end_year=2032)
    services.agenda_save(
        agenda=other,
        **{"is_current": True, "title": other.title},
        expected_version=other.version,
    )
    assert list(Agenda.objects.filter(is_current=True)) == [other]
    agenda.refresh_from_db()
    assert not agenda.is_current


def test_a_period_back_to_draft_loses_its_adoption(agenda):
    services.agenda_save(
        agenda=agenda,
        **{
            "status": "adopted",
            "adopted_on": datetime.date(2025, 3, 1),
            "adopted_by": "council",
        },
        expected_version=agenda.version,
    )
    agenda.refresh_from_db()
    assert (agenda.adopted_on, agenda.adopted_by) == (datetime.date(2025, 3, 1), "council")
    services.agenda_save(agenda=agenda, **{"status": "draft"}, expected_version=agenda.version)
    agenda.refresh_from_db()
    assert (agenda.status, agenda.adopted_on, agenda.adopted_by) == ("draft", None, "")


def test_once_warned_about_its_due_date_it_is_no_longer_listed():
    warned = agreement(3, title="gewaarschuwd")
    other = agreement(4, title="nog niet")
    moved = agreement(5, title="verschoven")
    services.stale_warnings_record(today=TODAY)
    # The same key for another kind of notice, or another agreement, does not count.
    Notification.objects.create(
        agreement=other, kind=NotificationKind.PROPOSED, key=other.due_date.isoformat()
    )
    Notification.objects.filter(agreement=other, kind=NotificationKind.STALE).delete()
    moved.due_date -= datetime.timedelta(days=1)
    moved.save()
    agreement(3, title="zelfde dag, niet gewaarschuwd")
    assert stale_titles() == {"nog niet", "verschoven", "zelfde dag, niet gewaarschuwd"}
    assert warned.notifications.filter(kind=NotificationKind.STALE).count() == 1
