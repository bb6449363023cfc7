"""E-mails about agreements: to the parties on a proposal or change, and the daily warning to the
owner, sent once per condition; one of them through a real Celery worker."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from agenda import notifications, services, tasks
from agenda.models import Agreement, AgreementStatus, Notification
from tests.agenda.factories import AgreementFactory, ProgressUpdateFactory, proposed_agreement
from tests.kindportaal.factories import UserFactory
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db
S = AgreementStatus


def test_the_parties_directors_hear_of_a_proposal_in_dutch(
    draft, policy_officer, director_a, director_b, django_capture_on_commit_callbacks
):
    # A deactivated director of a party hears nothing.
    gone = UserFactory(role="partner_director", is_active=False)
    MembershipFactory(user=gone, organisation=draft.owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_transition(
            agreement=draft, action="propose", by=policy_officer, expected_version=draft.version
        )
    assert sorted(message.to[0] for message in mail.outbox) == [director_a.email, director_b.email]
    message = mail.outbox[0]
    assert message.subject == "Afspraak om te bevestigen: Warme overdracht peuter naar groep 1"
    assert "is aan je organisatie voorgesteld" in message.body
    assert draft.get_absolute_url() in message.body
    notification = Notification.objects.get(agreement=draft)
    assert notification.sent_at is not None
    assert director_a.email in notification.recipients


def test_a_notification_is_sent_once_even_if_its_task_runs_twice(proposed, director_a):
    notification = Notification.objects.get(agreement=proposed, kind="proposed")
    assert notifications.deliver(notification.pk) == 2
    assert notifications.deliver(notification.pk) == 0
    assert len(mail.outbox) == 2


def _due_in(days, **fields):
    defaults = {"status": S.IN_PROGRESS, "revision": 1, "start_date": datetime.date(2024, 1, 1)}
    return AgreementFactory(
        due_date=timezone.localdate() + datetime.timedelta(days=days), **{**defaults, **fields}
    )


def test_the_daily_job_warns_the_owner_once_per_condition(organisation_a, director_a, director_b):
    quiet = _due_in(14, title="Stil", owner=organisation_a)
    ProgressUpdateFactory(
        agreement=quiet, reported_on=timezone.localdate() - datetime.timedelta(days=31)
    )
    services.refresh_progress_summary(agreement_ids=[quiet.pk])
    busy = _due_in(10, title="Druk bezig", owner=organisation_a)
    ProgressUpdateFactory(agreement=busy, reported_on=timezone.localdate())
    services.refresh_progress_summary(agreement_ids=[busy.pk])
    _due_in(40, title="Nog ver weg", owner=organisation_a)
    _due_in(5, title="Concept", owner=organisation_a, status=S.DRAFT, revision=0)

    assert tasks.warn_stale_agreements.delay().get() == 1
    assert [message.to for message in mail.outbox] == [[director_a.email]]
    assert mail.outbox[0].subject == "Binnenkort af zonder recente voortgang: Stil"
    assert "30 dagen" in mail.outbox[0].body

    # The next day: the same condition, nothing new to say.
    assert tasks.warn_stale_agreements.delay().get() == 0
    assert len(mail.outbox) == 1

    # A new due date is a new condition.
    quiet.due_date -= datetime.timedelta(days=2)
    quiet.save()
    assert tasks.warn_stale_agreements.delay().get() == 1
    assert len(mail.outbox) == 2


def test_the_daily_job_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["agenda-warn-stale-agreements"]
    assert entry["task"] == tasks.warn_stale_agreements.name


@pytest.mark.celery_worker
def test_a_real_worker_sends_the_proposal_to_the_parties(
    celery_worker_process, policy_officer, organisation_a, organisation_b, director_a, director_b
):
    from agenda.models import Agenda
    from tests.agenda.factories import ThemeFactory

    theme = ThemeFactory(agenda=Agenda.objects.create(title="LEA", start_year=2025, end_year=2028))
    agreement = proposed_agreement(
        by=policy_officer, parties=[organisation_a, organisation_b], theme=theme, title="Via Celery"
    )
    notification = Notification.objects.get(agreement=agreement, kind="proposed")
    deadline = timezone.now() + datetime.timedelta(seconds=60)
    while timezone.now() < deadline:
        notification.refresh_from_db()
        if notification.sent_at is not None:
            break
        time.sleep(0.2)
    assert notification.sent_at is not None, celery_worker_process.log()
    assert notification.task_id
    sent = "".join(celery_worker_process.sent_mails())
    assert sent.count("Subject: Afspraak om te bevestigen: Via Celery") == 2
    assert f"To: {director_a.email}" in sent and f"To: {director_b.email}" in sent


def test_a_line_break_in_the_title_does_not_stop_the_parties_from_hearing_of_it(proposed):
    """A title with CR/LF raised BadHeaderError: the parties never heard, and the notification
    stayed unsent for the janitor to retry."""
    Agreement.objects.filter(pk=proposed.pk).update(title="VVE-scholing\r\nBcc: iemand@example.org")
    notification = Notification.objects.get(agreement=proposed, kind="proposed")
    assert notifications.deliver(notification.pk) == 2
    assert {message.subject for message in mail.outbox} == {
        "Afspraak om te bevestigen: VVE-scholing Bcc: iemand@example.org"
    }
    assert all(message.bcc == [] for message in mail.outbox)
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_a_notification_that_cannot_be_sent_is_failed_with_its_reason_not_retried(
    proposed, monkeypatch, settings
):
    notification = Notification.objects.get(agreement=proposed, kind="proposed")

    def refuse(*args, **kwargs):
        raise ValueError("the e-mail cannot be made")

    monkeypatch.setattr(notifications, "EmailMessage", refuse)
    assert tasks.send_notification.apply(args=[notification.pk]).get() == 0
    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.failed_at is not None
    assert "the e-mail cannot be made" in notification.error
    # The janitor leaves it alone: a person decides (the admin lists it as failed).
    now = timezone.now()
    found = tasks.resubmit_notifications(
        older_than=now + datetime.timedelta(hours=1), newer_than=now - datetime.timedelta(days=1)
    )
    assert found == 0


def test_a_mail_server_that_stays_away_fails_the_notification_after_the_last_retry(
    proposed, monkeypatch
):
    notification = Notification.objects.get(agreement=proposed, kind="proposed")

    def away(*args, **kwargs):
        raise ConnectionRefusedError("the mail server does not answer")

    monkeypatch.setattr(tasks, "deliver", away)
    tasks.send_notification.apply(args=[notification.pk], retries=tasks.MAX_RETRIES)
    notification.refresh_from_db()
    assert notification.failed_at is not None
    assert "ConnectionRefusedError" in notification.error
