"""Pinning query counts: a page's number of queries is exact and must not grow with the data."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from kindportaal.adapters import TWO_FACTOR_KEY


def queries_for(client, url, expected_status=200):
    """The number of database queries that serving `url` takes, with nothing from the page cache
    (the cold path is the one whose count must not grow with the data). The check whether the
    person has an authenticator app, which is remembered after its first yes, is counted too."""
    user_id = client.session.get("_auth_user_id")
    if user_id:
        cache.delete(TWO_FACTOR_KEY.format(user_id))
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == expected_status, (url, response.status_code)
    return len(context)


def assert_query_count_constant(client, url, grow, expected):
    """`url` takes exactly `expected` queries, before and after `grow()` adds more data."""
    small = queries_for(client, url)
    grow()
    large = queries_for(client, url)
    assert (small, large) == (expected, expected), (
        f"{url}: {small} queries with little data, {large} with more; pinned at {expected}"
    )
