"""A real Celery worker runs the portal's tasks; /health/ reports database, cache and worker."""

import re
import time

import pytest
from django.urls import reverse

from kindportaal.celery import app as celery_app
from kindportaal.roles import Role
from kindportaal.services import invitation_create
from kindportaal.tasks import ping


@pytest.mark.celery_worker
@pytest.mark.postgres
@pytest.mark.redis
def test_a_real_worker_sends_the_invitation_mail(celery_worker_process, policy_officer):
    assert ping.delay().get(timeout=30) == "pong"

    invitation = invitation_create(
        invited_by=policy_officer,
        email="via.worker@example.org",
        full_name="Wim Werker",
        role=Role.COUNCIL_MEMBER,
    )
    # The task was queued on commit (no transaction is open here) and runs in the worker; the
    # mail file exists a moment before the worker has written the message into it.
    for _ in range(100):
        mails = celery_worker_process.sent_mails()
        if mails and invitation.get_accept_url() in mails[0]:
            break
        time.sleep(0.1)
    assert mails, celery_worker_process.log()
    assert "Uitnodiging voor Kindportaal" in mails[0]
    assert invitation.get_accept_url() in mails[0]
    assert re.search(r"succeeded in", celery_worker_process.log())


@pytest.mark.celery_worker
@pytest.mark.postgres
@pytest.mark.redis
def test_health_reports_the_running_worker(celery_worker_process, client):
    response = client.get(reverse("kindportaal:health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["celery"]["workers"] >= 1
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["cache"]["ok"]


@pytest.mark.django_db
def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("kindportaal:liveness"))
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_health_is_ok_with_tasks_in_process(client):
    response = client.get(reverse("kindportaal:health"))
    assert response.status_code == 200
    assert response.json()["checks"]["celery"] == {"ok": True, "mode": "in-process"}


@pytest.mark.redis
@pytest.mark.django_db
def test_health_is_unhealthy_without_a_worker(client, redis_url):
    # A broker database no worker listens on.
    previous = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = redis_url.rsplit("/", 1)[0] + "/15"
    try:
        with celery_app.connection_for_write() as _:
            response = client.get(reverse("kindportaal:health"))
    finally:
        celery_app.conf.broker_url = previous
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["celery"]["ok"] is False
    assert "no worker answered" in body["checks"]["celery"]["error"]


@pytest.mark.redis
@pytest.mark.django_db
def test_the_cache_is_redis_when_configured(client):
    body = client.get(reverse("kindportaal:health")).json()
    assert body["checks"]["cache"]["backend"] == "FailSoftRedisCache"
