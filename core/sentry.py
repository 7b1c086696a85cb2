"""Errors to Sentry, when SENTRY_DSN is set (settings call `start`), with nothing personal in them.

The SDK is told to collect no personal data: no user, cookies, headers, query strings, bodies, SQL parameters or
local variables (`data_collection`, which replaces the older `send_default_pii=False` and goes further). Then
`scrub_event` keeps of the request only its method and URL (without its query string), drops the user and the
logged request object, and writes the secret of any link that is its own key (core/scrub.py) as `[link]` and email
addresses as `[email]` in every string left, breadcrumbs included; SQL breadcrumbs lose their parameters.
Performance tracing stays off.
"""

import sentry_sdk

from .scrub import scrubbed, without_keys, without_query

KEPT_REQUEST = ("method", "url")
OFF = {"mode": "off"}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    event = dict(event)
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {key: request[key] for key in KEPT_REQUEST if key in request}
        if "url" in event["request"]:
            event["request"]["url"] = without_keys(without_query(event["request"]["url"]))
    event.pop("user", None)
    if isinstance(event.get("extra"), dict):
        event["extra"] = {key: value for key, value in event["extra"].items() if key != "request"}
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict) and isinstance(breadcrumbs.get("values"), list):
        event["breadcrumbs"] = {**breadcrumbs, "values": [scrub_breadcrumb(crumb) for crumb in breadcrumbs["values"]]}
    return scrubbed(event)


def scrub_breadcrumb(crumb: dict, hint: dict | None = None) -> dict:
    crumb = dict(crumb)
    if crumb.get("category") == "query" or crumb.get("type") == "http":
        crumb.pop("data", None)
    return scrubbed(crumb)


def start(dsn: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        data_collection={
            "user_info": False,
            "cookies": OFF,
            "http_headers": {"request": OFF},
            "http_bodies": [],
            "url_query_params": OFF,
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        traces_sample_rate=None,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )
