"""One JSON line per request on stdout (the `ci_portal.requests` logger), each request with an id.

The id comes from the front server's `X-Request-ID` when it sends a sane one (letters, digits, `.`, `_`, `-`; 8 to
64 of them), or is made here; it goes back on the response's `X-Request-ID`, into the error report and to Sentry, so
a person's "it failed at 10:03" finds the line, the report and the front server's entry.

A line gives the method, the path without its query string (searches can hold names), the status, the time taken in
milliseconds, the id, and the signed-in person's id; no referrer or other header. Any link that is its own key (a
place, sign-off, password-set or calendar link, as its app registered it with core/scrub.py) has its secret written
`[link]`. A survey link's request is tied to no one besides: no person even if someone is signed in, and an id made
here (never the front server's, which its own log could join to an address). `/healthz` answers before this
middleware and writes no line.
"""

import json
import logging
import re
import time
import uuid

import sentry_sdk  # its calls are no-ops without SENTRY_DSN
from django.utils.functional import empty

from .scrub import is_survey_link, without_keys

logger = logging.getLogger("ci_portal.requests")

SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id_for(request) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    if SANE_ID.fullmatch(incoming) and not is_survey_link(request.path_info):
        return incoming
    return uuid.uuid4().hex


def person_id(request) -> int | None:
    """The signed-in person's id, if the request already looked them up (a line never costs a query), and never for
    a survey link's request."""
    if is_survey_link(request.path_info):
        return None
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


def line(request, status: int, started: float) -> str:
    return json.dumps(
        {
            "request_id": request.request_id,
            "method": request.method,
            "path": without_keys(request.path),
            "status": status,
            "ms": round((time.monotonic() - started) * 1000),
            "person": person_id(request),
        }
    )


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = request_id_for(request)
        _tag_for_sentry(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        logger.info(line(request, response.status_code, started))
        return response


def _tag_for_sentry(request_id: str) -> None:
    sentry_sdk.set_tag("request_id", request_id)


class WithoutSecrets(logging.Filter):
    """For the console and error reports: Django's "Internal Server Error: /places/<token>/" line, without the
    link's secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_keys(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
