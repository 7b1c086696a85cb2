"""Retention, applied by `manage.py apply_retention` (daily, from deploy/): each kind of record is kept for the period
its setting names (settings.RETENTION, shown on the privacy notice), then deleted; people with no activity for the
period are proposed to an ADES officer for erasure, never erased here. Safe to run twice.

Apps add their own steps with `register` (the survey invitations' links, for one).
"""

import datetime
from collections.abc import Callable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import personal_data
from .models import AuditEntry, DownloadRecord, OutgoingEmail

_steps: list[tuple[str, Callable[[datetime.datetime], int]]] = []


def register(label: str, step: Callable[[datetime.datetime], int]) -> None:
    """`step(now)` applies one rule and returns how many records it changed; `label` says what, for the command."""
    _steps[:] = [(name, s) for name, s in _steps if name != label] + [(label, step)]


def years_before(now: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def _sign_ins(now) -> int:
    cutoff = now - datetime.timedelta(days=settings.RETENTION["sign_in_days"])
    models = (AccessAttempt, AccessFailureLog, AccessLog)
    return sum(model.objects.filter(attempt_time__lt=cutoff).delete()[0] for model in models)


def _sessions(now) -> int:
    return Session.objects.filter(expire_date__lt=now).delete()[0]


def _downloads(now) -> int:
    cutoff = now - datetime.timedelta(days=settings.RETENTION["downloads_days"])
    return DownloadRecord.objects.filter(at__lt=cutoff).delete()[0]


def _messages(now) -> int:
    """The record of emails sent (what, to whom, when), once older than the period."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION["messages_days"])
    return OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff).delete()[0]


def _history(now) -> int:
    """Earlier values (django-simple-history) older than the period."""
    cutoff = years_before(now, settings.RETENTION["history_years"])
    historical = [m for m in apps.get_models() if hasattr(m, "instance_type") and hasattr(m, "history_date")]
    return sum(model.objects.filter(history_date__lt=cutoff).delete()[0] for model in historical)


def _audit_log(now) -> int:
    """Audit entries (who changed what, when) older than the history period."""
    old = AuditEntry.objects.filter(at__lt=years_before(now, settings.RETENTION["history_years"]))
    return old.delete()[1].get(AuditEntry._meta.label, 0)  # not counting their subjects


TASK_RECORDS_DAYS = 14


def _task_records(now) -> int:
    """The task worker's records of finished jobs (which email or document, when), after two weeks: the job's own
    record (the email sent, the document rendered) is what is kept, for its own period."""
    cutoff = now - datetime.timedelta(days=TASK_RECORDS_DAYS)
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0]


def _propose_inactive_people(now) -> int:
    """People with no activity (a team place, an action, a sign-in, ...) for the period, proposed for erasure."""
    cutoff = years_before(now, settings.RETENTION["inactive_person_years"]).date()
    latest = personal_data.latest_activity()
    waiting = get_user_model().objects.filter(erased_at__isnull=True, erasure_proposed_at__isnull=True)
    stale = [pk for pk in waiting.values_list("pk", flat=True) if latest.get(pk) is None or latest[pk] < cutoff]
    return waiting.filter(pk__in=stale).update(erasure_proposed_at=now)


def _expired_cache(now) -> int:
    """Cache entries past their expiry: the database cache removes them only when it grows too full, and some (a
    survey link's per-network counts) are about people."""
    backend = caches["default"]
    if not isinstance(backend, DatabaseCache):
        return 0  # a shared cache server expires its own entries
    database = router.db_for_write(backend.cache_model_class)
    connection = connections[database]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(backend._table)
        expired = connection.ops.adapt_datetimefield_value(now.replace(microsecond=0))
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [expired])
        return cursor.rowcount


CORE_STEPS = [  # registered from core/hooks.py, before any app's
    ("Sign-in records older than the period, deleted", _sign_ins),
    ("Expired sessions, deleted", _sessions),
    ("Download records older than the period, deleted", _downloads),
    ("Records of emails sent older than the period, deleted", _messages),
    ("Earlier values of records older than the period, deleted", _history),
    ("Audit log entries older than the history period, deleted", _audit_log),
    ("Finished background tasks' records older than two weeks, deleted", _task_records),
    ("People with no activity for the period, proposed for erasure", _propose_inactive_people),
    ("Expired cache entries, deleted", _expired_cache),
]


def apply(now: datetime.datetime | None = None) -> list[tuple[str, int]]:
    now = now or timezone.now()
    done = []
    for label, step in _steps:
        with transaction.atomic():
            done.append((label, step(now)))
    return done
