"""The janitor queues again the e-mails that were recorded but never sent; a task that runs twice
sends once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kindportaal import tasks
from kindportaal.roles import Role
from kindportaal.services import invitation_create

pytestmark = pytest.mark.django_db


def _invite(policy_officer):
    return invitation_create(
        invited_by=policy_officer,
        email="nieuw@example.org",
        full_name="Nieuw",
        role=Role.COUNCIL_MEMBER,
    )


def test_the_janitor_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kindportaal-janitor"]
    assert entry["task"] == tasks.janitor.name
    assert entry["schedule"] <= 10 * 60


def test_an_invitation_email_is_sent_once_and_marked(
    policy_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(policy_officer)
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    tasks.send_invitation_email(invitation.pk)  # queued twice: nothing more is sent
    assert [message.to for message in mail.outbox] == [["nieuw@example.org"]]


def test_the_janitor_resends_only_what_was_not_sent_after_the_grace_period(
    policy_officer, settings
):
    invitation = _invite(policy_officer)  # the task was never queued (no commit in this test)
    assert mail.outbox == []
    assert tasks.janitor.apply().get()["kindportaal.tasks.resubmit_invitation_emails"] == 0

    settings.JANITOR_RESUBMIT_AFTER_MINUTES = 10
    invitation.__class__.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    assert tasks.janitor.apply().get()["kindportaal.tasks.resubmit_invitation_emails"] == 1
    assert [message.to for message in mail.outbox] == [["nieuw@example.org"]]
    assert tasks.janitor.apply().get()["kindportaal.tasks.resubmit_invitation_emails"] == 0


def test_old_unsent_work_is_given_up(policy_officer, settings):
    invitation = _invite(policy_officer)
    invitation.__class__.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.JANITOR_GIVE_UP_AFTER_HOURS + 1),
    )
    assert tasks.janitor.apply().get()["kindportaal.tasks.resubmit_invitation_emails"] == 0
