"""The database finds the words of every kind on its index (search/migrations/0001_initial.py):
the query each source makes must be the expression that was indexed, or the search would read
every row of the table."""

import pytest
from django.db import connection

from search.selectors import matches, words_of
from search.sources import SOURCES

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.kind)
def test_each_kind_is_searched_on_its_index(policy_officer, source):
    queryset = matches(source, policy_officer, words_of("peuteropvang doorgaande"))

    with connection.cursor() as cursor:
        # as on a city's tables, where reading every row costs more than the index
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()

    assert source.index_name in plan, plan
