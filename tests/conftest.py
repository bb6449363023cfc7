"""Fixtures for the whole suite: personas, a clean cache per test, and the real services."""

import os
import time
from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from celery._state import _set_task_join_will_block
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from kindportaal.celery import app as celery_app
from kindportaal.roles import Role
from tests.kindportaal.factories import UserFactory
from tests.oidc.fixtures import oidc_provider  # noqa: F401  (a real OpenID Connect provider)
from tests.partners.factories import MembershipFactory, OrganisationFactory, SchoolBoardFactory
from tests.workers import start_worker

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _needs(service, available, reason):
    """Skip a test that needs a real service locally; in CI a missing service is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{service} is required in CI but is not available: {reason}")
    pytest.skip(f"{service} not available: {reason}")


@pytest.fixture
def postgres(db):
    _needs("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL URL")


@pytest.fixture
def redis_url():
    url = settings.REDIS_URL
    _needs("Redis", bool(url), "set REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _needs("Redis", False, str(error))
    return url


def pytest_collection_modifyitems(config, items):
    # Every test marked postgres or redis gets the fixture that checks the service.
    for item in items:
        if item.get_closest_marker("postgres"):
            item.fixturenames.append("postgres")
        if item.get_closest_marker("redis"):
            item.fixturenames.append("redis_url")


def _clear_cache():
    """Clear this test process's cache keys only (parallel workers share one Redis), and the
    pages it keeps in memory."""
    from api.authentication import known_keys
    from api.keeping import recent as recent_api_answers
    from kindportaal.backends import people
    from kindportaal.caching import recent_pages
    from kindportaal.selectors import counts_in_memory
    from openbaar.cache import recent as recent_public_pages

    recent_pages.clear()
    recent_public_pages.entries.clear()
    recent_api_answers.clear()
    known_keys.entries.clear()
    people.clear()
    counts_in_memory.clear()
    if settings.REDIS_URL:
        client = cache._cache.get_client(write=True)
        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


# The clock of the suite. A test in this process runs at this fixed, stated moment (the clock
# ticks on from it), so its calendar dates mean the same on any day the suite runs. A test with
# another process in it (a browser, a live server, a Celery worker, a Redis server) runs on the
# real clock, which those processes share, and builds its dates from today. `make test-clock`
# runs the whole suite with every process's clock two years ahead.
TEST_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
REAL_CLOCK_FIXTURES = {
    "live_server",
    "celery_worker_process",
    "celery_on",
    "drill_redis",
    "compose_redis",
    "oidc_provider",  # its ID tokens carry the real time, which the portal checks
}


def runs_on_the_real_clock(request):
    return bool(REAL_CLOCK_FIXTURES & set(request.fixturenames)) or bool(
        request.node.get_closest_marker("real_clock")
    )


@pytest.fixture(autouse=True)
def fixed_clock(request):
    """The suite's clock: TEST_NOW for in-process tests, the real one for the others."""
    if runs_on_the_real_clock(request):
        yield None
        return
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the rows its migrations make (the statutory topics) put back:
    the transactional tests' flush empties them, and a run with --reuse-db would start without."""
    from django.apps import apps

    statutory_topics = import_module("agenda.migrations.0003_statutory_topics")
    with django_db_blocker.unblock():
        statutory_topics.add_topics(apps, None)
        _ids_as_in_a_city()


# Every table's ids start here in the tests, as they run in a gemeente after years of use: a page
# that shows an id as a number ("12.345") instead of as the id breaks its forms and links.
FIRST_ID = 12_345


def _ids_as_in_a_city():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # the mutation runs (tests/mutation_db.py)
            _sqlite_ids_as_in_a_city(cursor)
            return
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        for sequence, last_value in cursor.fetchall():
            if (last_value or 0) < FIRST_ID:
                cursor.execute(f'ALTER SEQUENCE "{sequence}" RESTART WITH {FIRST_ID}')


def _sqlite_ids_as_in_a_city(cursor):
    """SQLite's AUTOINCREMENT goes on from sqlite_sequence, one row per table."""
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"
    )
    for (table,) in cursor.fetchall():
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_ID - 1]
            )
        elif row[0] < FIRST_ID - 1:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [FIRST_ID - 1, table]
            )


@pytest.fixture(autouse=True)
def clean_cache():
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture(autouse=True)
def _mail_and_media(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _export_limits_out_of_the_way(settings):
    """The limits on exports (kindportaal/limits.py) are for people: a test that exports many
    times in a minute, or leaves a streamed export unread, would meet them. The tests of the
    limits put the deployed ones back (tests/kindportaal/test_export_limits.py), and the flood
    drill's portal runs with them."""
    settings.EXPENSIVE_CONCURRENT = 100
    settings.EXPENSIVE_PER_MINUTE = 100_000


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run in the test's own process unless a test starts a real worker.

    An eager task runs inside Celery's `denied_join_result()`, which sets a flag of the whole
    process and puts back what it found. Eager tasks in several threads at once (the concurrent
    edit drills) can put back another thread's "denied", and every later `result.get()` in the
    process then fails with "Never call result.get() within a task!": each test starts with the
    flag as a test process has it."""
    _set_task_join_will_block(False)
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True
    _set_task_join_will_block(False)


@pytest.fixture
def celery_worker_process(transactional_db, redis_url, tmp_path, settings):
    """A real Celery worker process consuming from Redis; tasks sent by the test go to it."""
    _needs(
        "A Redis broker",
        settings.CELERY_BROKER_URL.startswith("redis"),
        "set CELERY_BROKER_URL to a Redis URL",
    )
    _needs("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL URL")
    worker = start_worker(tmp_path)
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = worker.queue
    try:
        yield worker
    finally:
        celery_app.conf.task_default_queue = previous_queue
        worker.stop()


# Personas


@pytest.fixture
def policy_officer(db):
    return UserFactory(
        email="beleid@example.org",
        full_name="Fatima El Amrani",
        role=Role.POLICY_OFFICER,
        two_factor=True,
    )


@pytest.fixture
def organisation_a(db):
    """A school board; director_a acts for it."""
    return SchoolBoardFactory(name="Stichting Openbaar Onderwijs Noord", kvk_number="41000001")


@pytest.fixture
def organisation_b(db):
    """A childcare organisation; director_b acts for it."""
    return OrganisationFactory(name="Kinderopvang De Boomhut", kvk_number="52000002")


@pytest.fixture
def director_a(db, organisation_a):
    director = UserFactory(
        email="bestuurder.a@example.org", full_name="Jeroen de Vries", role=Role.PARTNER_DIRECTOR
    )
    MembershipFactory(user=director, organisation=organisation_a)
    return director


@pytest.fixture
def director_b(db, organisation_b):
    director = UserFactory(
        email="bestuurder.b@example.org", full_name="Aylin Kaya", role=Role.PARTNER_DIRECTOR
    )
    MembershipFactory(user=director, organisation=organisation_b)
    return director


@pytest.fixture
def council_member(db):
    return UserFactory(
        email="raad@example.org", full_name="Ingrid Bakker", role=Role.COUNCIL_MEMBER
    )


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="beheer@example.org",
        full_name="Sanne Visser",
        role=Role.ADMINISTRATOR,
        is_superuser=True,
        two_factor=True,
    )


PERSONAS = [
    "anonymous",
    "public",
    "council_member",
    "director_a",
    "director_b",
    "policy_officer",
    "administrator",
]


@pytest.fixture
def personas(policy_officer, director_a, director_b, council_member, administrator):
    return {
        "anonymous": None,
        "public": None,
        "council_member": council_member,
        "director_a": director_a,
        "director_b": director_b,
        "policy_officer": policy_officer,
        "administrator": administrator,
    }


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user (or anonymous for None)."""

    def make(user):
        from django.test import Client

        new_client = Client()
        if user is not None:
            new_client.force_login(user)
        return new_client

    return make


def totp_code(secret):
    """The authenticator app's current code (never one about to expire)."""
    if time.time() % 30 > 28:
        time.sleep(2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
