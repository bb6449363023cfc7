"""The portal without its Redis: pages, sessions and logins keep working, rate limits still hold,
and what Redis missed is not served from it when it is back (kindportaal/cache.py). The drill
tests/drills/test_cache_redis_down.py does the same with a real Redis stopped and started."""

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from kindportaal.cache import FailSoftRedisCache
from tests.agenda.factories import AgreementFactory
from tests.kindportaal.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    suite = settings.CACHES
    settings.CACHES = {"default": {**suite["default"], "LOCATION": NOBODY_LISTENS}}
    settings.PAGE_CACHE_SECONDS = 600
    yield
    settings.CACHES = suite  # the suite's cache is cleaned after the test


def test_a_logged_in_person_reads_and_writes_while_redis_does_not_answer(
    redis_down, client_for, policy_officer, organisation_a
):
    agreement = AgreementFactory(title="Doorgaande leerlijn taal", owner=organisation_a)
    client = client_for(policy_officer)
    for _ in range(2):  # the second time nothing may come from a cache that was never filled
        page = client.get(reverse("agenda:agreement_detail", args=[agreement.pk]))
        assert page.status_code == 200
        assert "Doorgaande leerlijn taal" in page.content.decode()
    response = client.post(reverse("kindportaal:profile"), {"full_name": "Fatima El Amrani-Bos"})
    assert response.status_code == 302
    policy_officer.refresh_from_db()
    assert policy_officer.full_name == "Fatima El Amrani-Bos"
    assert "Fatima El Amrani-Bos" in client.get(reverse("kindportaal:profile")).content.decode()


def test_login_works_and_failed_logins_are_still_limited_while_redis_does_not_answer(
    redis_down, client, council_member
):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": council_member.email, "password": "x"})
    response = client.post(
        reverse("account_login"), {"login": council_member.email, "password": PASSWORD}
    )
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.fixture
def backend(settings):
    settings.CACHE_RETRY_SECONDS = 0
    instance = FailSoftRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "failsoft-test"})
    yield instance
    instance._cache.get_client(write=True).delete(*instance._owed_deletes or ["-"])


def _failing(*args, **kwargs):
    raise redis.ConnectionError("Redis is away")


def test_a_write_redis_missed_is_deleted_before_anything_is_read_again(backend, monkeypatch):
    backend.set("session", "before the outage")
    with monkeypatch.context() as patch:
        patch.setattr(backend._cache, "set", _failing)
        patch.setattr(backend._cache, "get", _failing)
        patch.setattr(backend._cache, "delete_many", _failing)
        backend.set("session", "saved during the outage")  # not an error
        assert backend.get("session", "from the database") == "from the database"
    # Redis is back, and still holds the old value: it is not served.
    assert backend._cache.get(backend.make_key("session"), None) == "before the outage"
    assert backend.get("session") is None
    assert backend._cache.get(backend.make_key("session"), None) is None


def test_a_version_number_redis_missed_starts_anew_when_it_is_back(backend, monkeypatch):
    backend.set("dataversion:agenda", 5, timeout=None)
    with monkeypatch.context() as patch:
        patch.setattr(backend._cache, "incr", _failing)
        assert backend.incr("dataversion:agenda") is None
    assert backend.get("dataversion:agenda") is None


def test_the_page_cache_is_not_used_while_the_versions_are_unknown(redis_down):
    from kindportaal.caching import versions

    assert versions(["agenda"]) is None
    assert cache.get("anything", "default") == "default"
