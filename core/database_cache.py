"""The portal's cache: Django's database cache (one table, shared by every application server), with a cheaper write.

Django's `set` counts the table's rows, culls it when they pass MAX_ENTRIES, then reads the key and inserts or updates
it in a transaction: three to six round trips to the database on each write. On PostgreSQL a `set` here is one
statement doing the same: it deletes expired entries, culls the table as Django does (past MAX_ENTRIES, the first
1/CULL_FREQUENCY of the keys in order, counted before expired entries go), and inserts the entry or overwrites it.
The entry being written is never culled by its own write. `add`, `touch`, every read, and every write on another
database (SQLite, in development) are Django's own.
"""

import base64
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

WRITE = """
WITH expired AS (DELETE FROM {table} WHERE expires < %(now)s AND cache_key <> %(key)s),
crowded AS (
    DELETE FROM {table} WHERE cache_key <> %(key)s AND cache_key IN (
        SELECT cache_key FROM {table} ORDER BY cache_key LIMIT (
            SELECT CASE WHEN COUNT(*) > %(most)s THEN COUNT(*) / %(frequency)s ELSE 0 END FROM {table}
        )
    )
)
INSERT INTO {table} (cache_key, value, expires) VALUES (%(key)s, %(value)s, %(expires)s)
ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires
"""


class DatabaseCache(DjangoDatabaseCache):
    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        connection = connections[router.db_for_write(self.cache_model_class)]
        if mode != "set" or connection.vendor != "postgresql" or self._cull_frequency == 0:
            return super()._base_set(mode, key, value, timeout)
        parameters = {
            "key": key,
            "value": base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"),
            "expires": self._expires(timeout),
            "now": tz_now().replace(microsecond=0),
            "most": self._max_entries,
            "frequency": self._cull_frequency,
        }
        try:
            # Inside a transaction a failed write is undone to a savepoint, leaving the caller's transaction whole;
            # outside one, the single statement is its own transaction.
            undoable = transaction.atomic(using=connection.alias) if connection.in_atomic_block else nullcontext()
            with undoable, connection.cursor() as cursor:
                cursor.execute(WRITE.format(table=connection.ops.quote_name(self._table)), parameters)
        except DatabaseError:
            return False
        return True

    def _expires(self, timeout) -> datetime:
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(microsecond=0)
        return datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None).replace(microsecond=0)
