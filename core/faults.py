"""Errors reach the people in ADMINS (DJANGO_ADMINS), as an email through the mail queue.

A server error (Django's `django.request` logger at ERROR) and a task that fails in the worker (`django_tasks`)
are each queued as one "error-report" email per admin: nothing is sent inside the failing request, and a mail
server that is down delays the report, never the page. Django's own mail handler is not used, so an error is
reported once.

A report says what failed and where: the method, the path (a link's secret written `[link]`), the request id,
the status, and the traceback's frames and exception, without local variables. It carries no request body, no
cookies or session, no headers, and email addresses in messages are written `[email]`. The same error (its kind
and the line it was raised at) is reported once per QUIET_SECONDS; the console still shows every occurrence.
"""

import hashlib
import logging
import traceback
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .emails import ERROR_REPORT
from .scrub import without_personal_data

KIND = ERROR_REPORT  # the kind of email, in the outbox and messages sent
QUIET_SECONDS = 5 * 60


def admins(value: list[str]) -> list[tuple[str, str]]:
    """DJANGO_ADMINS' "Name <address>" entries as Django's ADMINS (name, address) pairs."""
    pairs = [parseaddr(entry) for entry in value]
    bad = [entry for entry, (_, address) in zip(value, pairs, strict=True) if "@" not in address]
    if bad:
        raise ImproperlyConfigured(f"DJANGO_ADMINS must be addresses such as 'Name <a@example.scot>', not {bad!r}.")
    return pairs


def report_text(record: logging.LogRecord) -> str:
    lines = [record.getMessage(), ""]
    request = getattr(record, "request", None)
    if request is not None:
        lines += [
            f"Request: {request.method} {request.path}",
            f"Request id: {getattr(request, 'request_id', '-')}",
            f"Status: {getattr(record, 'status_code', '-')}",
            "",
        ]
    if record.exc_info and record.exc_info[0] is not None:
        lines.append("".join(traceback.format_exception(*record.exc_info)).rstrip())
    lines += ["", f"Logger: {record.name}, on {settings.SITE_URL}"]
    return without_personal_data("\n".join(lines)) + "\n"


def fingerprint(record: logging.LogRecord) -> str:
    """The same kind of error at the same place: what the quiet period counts as one."""
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        last = traceback.extract_tb(error.__traceback__)[-1:] or [None]
        where = f"{last[0].filename}:{last[0].lineno}" if last[0] else ""
        seed = f"{record.name}|{type(error).__qualname__}|{where}"
    else:
        seed = f"{record.name}|{record.msg}"
    return "error-report:" + hashlib.sha256(seed.encode()).hexdigest()[:32]


class QueuedErrorReport(logging.Handler):
    """A logging handler: queue the record as an email to each admin, at most once per error per QUIET_SECONDS."""

    def emit(self, record: logging.LogRecord) -> None:
        if not settings.ADMINS:
            return
        try:
            queue_report(record)
        except Exception:  # the database may be what failed: the console line stays as the record
            self.handleError(record)


def queue_report(record: logging.LogRecord) -> None:
    # deferred (app loading): the settings import this module, and logging is set up before the models can load
    from .mail import queue_email

    subject = f"[{settings.SERVICE_NAME}] {record.levelname}: {record.getMessage().splitlines()[0]}"
    body = report_text(record)
    with transaction.atomic():
        if not cache.add(fingerprint(record), True, QUIET_SECONDS):
            return  # reported within the quiet period
        for name, address in settings.ADMINS:
            queue_email(to=formataddr((name, address)), subject=without_personal_data(subject), body=body, kind=KIND)
