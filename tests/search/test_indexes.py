"""The database finds the words of every kind on its index (search/migrations/0001_initial.py):
the query each source makes must be the expression that was indexed, or the search would read
every row of the table."""

import pytest
from django.db import connection

from search.selectors import _postgres_found, words_of
from search.sources import SOURCES

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.kind)
def test_each_kind_is_searched_on_its_index(db, source):
    # The table alone, and neither reading it whole nor walking another index allowed: a bitmap
    # scan of the words' index is then the only way left, if the expression is the indexed one.
    queryset = _postgres_found(
        source, source.model.objects.all(), words_of("peuteropvang doorgaande")
    )

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()

    assert source.index_name in plan, plan
