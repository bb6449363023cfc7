"""Drill: the Redis of cache and sessions stops while every role reads and writes, then starts.

The layout is docker-compose.yml's: one Redis with an append-only file, cache and sessions in
database 0, the broker in database 1. It is warmed (pages kept, sessions cached), stopped as
`docker compose stop redis` would (SIGTERM, in order), and every page each role may open is read
while it is down; a policy officer edits an agreement, a partner director reports progress, a
council member changes their password, someone logs in and someone logs out. Redis starts
again with what it held before. Proves: no 500 and no error while it was down, every write
saved, nobody logged out who did not log out and nobody logged in who did, and no page kept from
before the outage is served after it.
"""

import logging
import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import Agreement, ProgressUpdate
from tests.drills.forms import post_forms
from tests.drills.portal import page_urls
from tests.kindportaal.factories import PASSWORD
from tests.permission_matrix.framework import OK

pytestmark = [
    pytest.mark.drill,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

READERS = ["policy_officer", "director_a", "council_member"]
NEW_PASSWORD = "Nieuw-wachtwoord-tijdens-storing-7"


@pytest.fixture
def portal_on(compose_redis, celery_on, settings):
    suite = settings.REDIS_URL, settings.CACHES
    settings.REDIS_URL = compose_redis.url_of(0)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": compose_redis.url_of(0)}
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHE_RETRY_SECONDS = 0.5
    celery_on(compose_redis.url_of(1), "drill-cache")
    yield compose_redis
    settings.REDIS_URL, settings.CACHES = suite  # the suite's cache is cleaned after the test


def _client(user):
    client = Client()  # raises what a view raises: an error is not hidden behind a 500 page
    client.force_login(user)
    return client


def _submit(client, url, change):
    page = client.get(url)
    assert page.status_code == 200, url
    (form,) = [form for form in post_forms(page.content) if "csrfmiddlewaretoken" in form.named()]
    return client.post(url, {**form.data(), **change})


def _errors(response):
    pattern = r'class="[^"]*(?:error|invalid)[^"]*"[^>]*>\s*([^<]+)'
    return re.findall(pattern, response.content.decode())


def _logged_in(client):
    response = client.get(reverse("kindportaal:profile"))
    return response.status_code == 200


def test_pages_and_sessions_survive_a_stop_of_the_cache_redis(portal_on, world, caplog, director_b):
    redis = portal_on
    clients = {persona: _client(getattr(world, persona)) for persona in READERS}
    leaving = _client(director_b)
    detail = reverse("agenda:agreement_detail", args=[world.agreement.pk])
    adopted = reverse("agenda:agreement_detail", args=[world.adopted.pk])

    # Warm: the pages are kept in Redis (and in the process), the sessions are cached.
    before = {}
    for persona, client in clients.items():
        before[persona] = client.get(detail).content.decode()
        client.get(adopted)
    assert _logged_in(leaving)
    assert redis.client().dbsize() > 0

    redis.terminate()
    requests = writes = 0
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        for persona, client in clients.items():
            for name, url, rule in page_urls(world):
                if rule.outcomes.get(persona) != OK or name == "kindportaal:health":
                    continue
                response = client.get(url)
                requests += 1
                assert response.status_code == 200, (persona, name, response.status_code)
        # The monitoring is told.
        health = clients["policy_officer"].get(reverse("kindportaal:health"))
        assert health.status_code == 503 and not health.json()["checks"]["cache"]["ok"]

        response = _submit(
            clients["policy_officer"],
            reverse("agenda:agreement_edit", args=[world.agreement.pk]),
            {"title": "Titel gewijzigd tijdens de storing"},
        )
        assert response.status_code == 302, _errors(response)
        response = _submit(
            clients["director_a"],
            reverse("agenda:progress_create", args=[world.adopted.pk]),
            {
                "text": "Voortgang gemeld tijdens de storing",
                "percent_complete": "40",
                "health": "on_track",
            },
        )
        assert response.status_code == 302, _errors(response)
        response = clients["council_member"].post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        writes += 3

        newcomer = Client()
        response = newcomer.post(
            reverse("account_login"), {"login": world.director_b.email, "password": PASSWORD}
        )
        assert response.status_code == 302 and _logged_in(newcomer)
        assert leaving.post(reverse("account_logout")).status_code == 302
        requests += 10
    seconds_down = time.monotonic() - started
    assert "Redis (cache and sessions) does not answer" in caplog.text

    # The writes are saved.
    assert Agreement.objects.get(pk=world.agreement.pk).title == (
        "Titel gewijzigd tijdens de storing"
    )
    assert ProgressUpdate.objects.filter(text="Voortgang gemeld tijdens de storing").exists()
    world.council_member.refresh_from_db()
    assert world.council_member.check_password(NEW_PASSWORD)

    # Redis starts again with everything it held before the stop: old versions, old pages and
    # the old sessions among them.
    redis.start()
    assert redis.client().dbsize() > 0
    time.sleep(0.6)  # CACHE_RETRY_SECONDS: Redis is asked again

    after = {persona: client.get(detail).content.decode() for persona, client in clients.items()}
    for persona in READERS:
        assert "Titel gewijzigd tijdens de storing" in after[persona], persona
        assert "Titel gewijzigd tijdens de storing" not in before[persona]
    progress = clients["policy_officer"].get(adopted).content.decode()
    assert "Voortgang gemeld tijdens de storing" in progress
    # Nobody was logged out but the one who logged out, whose old session does not come back.
    assert all(_logged_in(client) for client in clients.values())
    assert _logged_in(newcomer)
    assert not _logged_in(leaving)
    print(
        f"DRILL cache Redis stopped: {requests} requests and {writes} writes while it was down "
        f"({seconds_down:.1f} s), no 500, every write saved, no session lost or revived, "
        f"no page from before the stop served after it"
    )
