"""Drill: Redis restarts (kill -9, no persistence) while e-mails are queued and no worker runs.

The queue is lost with it; the work is not, because it is recorded in the database first. A
request made while Redis is down still succeeds. The janitor queues the unfinished work again —
here twice, as two janitor runs before a busy worker catches up would — and a real worker then
sends every e-mail exactly once."""

import logging
import re
import time
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import Agenda, Notification
from kindportaal.models import Invitation
from kindportaal.tasks import janitor
from tests.agenda.factories import ThemeFactory, proposed_agreement
from tests.workers import start_worker

pytestmark = [
    pytest.mark.drill,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

INVITEES = 5


def _invite(client, number):
    return client.post(
        reverse("kindportaal:invitation_create"),
        {
            "full_name": f"Drill Persoon {number}",
            "email": f"drill{number}@example.org",
            "role": "council_member",
        },
    )


def _recipients(mails):
    return re.findall(r"^To: (\S+)$", "".join(mails), flags=re.MULTILINE)


def test_queued_work_survives_a_redis_restart_and_is_done_once(
    drill_redis,
    celery_on,
    settings,
    tmp_path,
    client_for,
    caplog,
    policy_officer,
    organisation_a,
    organisation_b,
    director_a,
    director_b,
):
    queue = f"drill-{uuid.uuid4().hex[:8]}"
    celery_on(drill_redis.url, queue)
    officer = client_for(policy_officer)

    # Work is queued while no worker runs: invitations through the page, and an agreement
    # proposed to two parties (one notification task, an e-mail to each party's director).
    for number in range(INVITEES):
        assert _invite(officer, number).status_code == 302
    theme = ThemeFactory(agenda=Agenda.objects.create(title="LEA", start_year=2025, end_year=2028))
    agreement = proposed_agreement(
        by=policy_officer, parties=[organisation_a, organisation_b], theme=theme, title="Drill"
    )
    assert drill_redis.client().llen(queue) == INVITEES + 1

    # Redis dies. A policy officer invites someone meanwhile: it works for them.
    drill_redis.kill()
    with caplog.at_level(logging.WARNING, logger="kindportaal.queueing"):
        started = time.monotonic()
        response = _invite(officer, INVITEES)
        seconds_while_down = time.monotonic() - started
    assert response.status_code == 302
    assert Invitation.objects.filter(user__email=f"drill{INVITEES}@example.org").exists()
    assert "the janitor will queue it again" in caplog.text
    assert seconds_while_down < 5

    # Redis is back, empty: what was queued is gone.
    drill_redis.start()
    assert drill_redis.client().llen(queue) == 0

    # The janitor finds the unfinished work in the database; it runs twice before the worker.
    settings.JANITOR_RESUBMIT_AFTER_MINUTES = 0
    expected = {
        "kindportaal.tasks.resubmit_invitation_emails": INVITEES + 1,
        "agenda.tasks.resubmit_notifications": 1,
        # the proposal's notices are e-mailed by the agenda's own notification above
        "kindportaal.tasks.resubmit_notice_emails": 0,
        "partners.tasks.resubmit_import_runs": 0,
    }
    assert janitor.apply().get() == expected
    assert janitor.apply().get() == expected
    queued = 2 * (INVITEES + 1 + 1)
    assert drill_redis.client().llen(queue) == queued

    worker = start_worker(tmp_path, queue=queue, broker_url=drill_redis.url)
    try:
        # Done when every queued task, the duplicates too, has finished (each logs one line),
        # and the database says every e-mail has gone out.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            finished = len(re.findall(r"\] (?:succeeded in|raised)", worker.log()))
            done = (
                finished >= queued
                and not Invitation.objects.filter(email_sent_at__isnull=True).exists()
                and not Notification.objects.filter(sent_at__isnull=True).exists()
            )
            if done:
                break
            time.sleep(0.2)
        recipients = _recipients(worker.sent_mails())
    finally:
        worker.stop()
    assert done, worker.log()
    assert finished == queued, worker.log()
    assert " raised " not in worker.log(), worker.log()

    invited = [f"drill{number}@example.org" for number in range(INVITEES + 1)]
    expected_recipients = sorted([*invited, director_a.email, director_b.email])
    assert sorted(recipients) == expected_recipients, worker.log()
    assert Notification.objects.get(agreement=agreement).sent_at <= timezone.now()
    # Nothing is left for the next janitor run.
    assert janitor.apply().get() == dict.fromkeys(expected, 0)
    print(
        f"DRILL redis-restart: {INVITEES + 1 + 1} tasks lost with the queue, "
        f"{2 * (INVITEES + 1 + 1)} queued again by two janitor runs, "
        f"{len(recipients)} e-mails sent, each once; a request with Redis down took "
        f"{seconds_while_down:.2f} s"
    )
