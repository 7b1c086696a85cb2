"""The portal's database cache: a write is one query, it overwrites, it expires, a failed write leaves the caller's
transaction whole, and the table is still culled past MAX_ENTRIES."""

import pytest
from django.core.cache import CacheKeyWarning, cache, caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.database_cache import DatabaseCache


@pytest.fixture(autouse=True)
def empty(db):
    """Setting the database up left the data's version in the table (core/freshness.py): start each test without."""
    cache.clear()


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ci_portal_cache")
        return cursor.fetchone()[0]


def test_the_portal_uses_it_and_a_write_is_one_query_that_overwrites():
    cache.get("warm")  # the cache's connection and table checked before counting
    with CaptureQueriesContext(connection) as first:
        cache.set("page", "one", 60)
    with CaptureQueriesContext(connection) as second:
        cache.set("page", "two", None)

    assert isinstance(caches["default"], DatabaseCache)
    # inside the test's transaction each write is a savepoint, the upsert and the savepoint's release
    assert [len(first), len(second)] == [3, 3]
    assert sum("ON CONFLICT" in query["sql"] for query in first.captured_queries + second.captured_queries) == 2
    assert (cache.get("page"), rows()) == ("two", 1)


def test_an_expired_write_is_not_read_back():
    cache.set("gone", "stale", -1)
    cache.set("kept", "fresh", 60)

    assert cache.get_many(["gone", "kept"]) == {"kept": "fresh"}


def test_a_failed_write_leaves_the_callers_transaction_usable():
    with transaction.atomic():
        with pytest.warns(CacheKeyWarning):
            cache.set("k" * 300, "too long a key for the column")  # the database refuses it
        cache.set("after", "written")

        assert cache.get("after") == "written"
    with pytest.warns(CacheKeyWarning):
        assert cache.get("k" * 300) is None


def test_each_write_culls_the_table_past_max_entries_as_django_does_in_the_same_statement():
    small = DatabaseCache("ci_portal_cache", {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2}})
    small.get("warm")
    counts, sizes = [], []
    for n in range(9):
        with CaptureQueriesContext(connection) as captured:
            small.set(f"key{n}", n, 60)
        counts.append(len(captured))
        sizes.append(rows())

    assert counts == [3] * 9  # a savepoint (the test runs in a transaction), the write, the savepoint's release
    # past 4 rows, half of them (the first keys) go as the next entry is written
    assert sizes == [1, 2, 3, 4, 5, 4, 5, 4, 5]
    assert [small.get(f"key{n}") for n in range(9)] == [None] * 4 + [4, 5, 6, 7, 8]


def test_expired_entries_go_on_any_write_and_the_entry_written_is_never_culled():
    cache.set("old", "expired", -1)
    every = DatabaseCache("ci_portal_cache", {"OPTIONS": {"MAX_ENTRIES": 1, "CULL_FREQUENCY": 1}})
    sizes = []
    for key in ("key0", "key1", "key2", "key2"):
        every.set(key, key, 60)
        sizes.append(rows())

    # the first write takes the expired entry away; the third finds two entries, past 1: every one but its own goes
    assert sizes == [1, 2, 1, 1]
    assert every.get("key2") == "key2"
