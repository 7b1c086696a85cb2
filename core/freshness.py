"""Fragments of list pages, cached until the data under them changes.

The data has a version, kept in the shared cache. Any write to the portal's own tables (a save, a delete, a change
of a many-to-many set; and the few bulk writes, which say so by calling `changed()`) gives it a new version once its
transaction commits. A fragment is cached under the version it was built from, so one change makes every older
fragment unreachable at once, on every application server that shares the cache. A transaction that has changed data
and not yet committed reads past the cache, so nobody is shown a fragment older than their own change.

Fragments are rendered without the request: nothing of the person asking (a CSRF token, their name, their
permissions) can be cached and shown to someone else. What a fragment depends on is named in its key.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

VERSION_KEY = "core.freshness.version"
FRAGMENT_SECONDS = 60 * 60
_watched: set[str] = set()  # the apps whose writes change what list pages show (each says so in its hooks.py)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _changing(using=None) -> bool:
    """True while this connection's transaction has changed data that it has not committed."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block and any(entry[1] is _bump for entry in connection.run_on_commit)


def changed(using=None) -> None:
    """The data changed: a new version once the transaction commits (at once outside a transaction)."""
    if not _changing(using):
        transaction.on_commit(_bump, using=using)


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)  # a lost version is a new one: no older fragment comes back
        current = cache.get(VERSION_KEY)
    return current


def forget_fragments() -> None:
    """Delete every cached fragment (after an erasure: they may hold the name), not only make them unreachable."""
    backend = caches["default"]
    if isinstance(backend, DatabaseCache):
        database = router.db_for_write(backend.cache_model_class)
        with connections[database].cursor() as cursor:
            table = connections[database].ops.quote_name(backend._table)
            cursor.execute(f"DELETE FROM {table} WHERE cache_key LIKE %s", ["%core.freshness.fragment:%"])
    else:
        backend.clear()
    _bump()


def fragment(template_name: str, build: Callable[[], dict], *, key: Iterable, query=None) -> SafeString:
    """`template_name` rendered with `build()` (and `query`, the request's GET), cached under the data's version,
    today's date, the key and the query."""
    if _changing():
        return mark_safe(_render(template_name, build, query))
    parts = [template_name, version(), timezone.localdate().isoformat(), *map(str, key)]
    if query:
        parts.append(query.urlencode())
    name = "core.freshness.fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    html = cache.get(name)
    if html is None:
        html = _render(template_name, build, query)
        cache.set(name, html, FRAGMENT_SECONDS)
    return mark_safe(html)


def _render(template_name: str, build: Callable[[], dict], query) -> str:
    return render_to_string(template_name, {**build(), "query": query})


def _on_write(sender, using=None, update_fields=None, **kwargs) -> None:
    if sender._meta.app_label not in _watched:
        return
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return  # signing in changes nothing a list shows
    changed(using)


def _on_migrate(sender, using=None, **kwargs) -> None:
    """Migrate and flush change data without a signal per row; sent once per app, acted on once."""
    if sender.label != "core":
        return
    try:
        with transaction.atomic(using=using):
            _bump()
    except DatabaseError:
        pass  # core was migrated away, and the cache's table with it: nothing cached is left to go stale


def watch_models_of(app_label: str) -> None:
    """Writes to this app's tables make every cached fragment stale (from the app's hooks.py)."""
    assert apps.is_installed(app_label), app_label
    _watched.add(app_label)


def watch() -> None:
    """Called once, from core's hooks.py: listen to writes (acted on for the apps that asked to be watched)."""
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(_on_write, dispatch_uid=f"core.freshness.{name}")
    post_migrate.connect(_on_migrate, dispatch_uid="core.freshness.migrate")
