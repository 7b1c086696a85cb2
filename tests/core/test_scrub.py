"""Links that are their own key never reach a log line: every URL pattern whose converter looks like a secret is
covered by core/scrub.py, and gunicorn's access line drops query strings, secrets and health probes."""

import datetime
import logging
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import StringConverter
from django.urls.resolvers import RegexPattern
from gunicorn.config import Config

from core import scrub
from core.gunicorn import PortalLogger
from core.scrub import SEGMENT, is_survey_link, register_secret_link, without_keys, without_query
from core.sentry import scrub_event

SECRET_NAMES = re.compile(r"token|key|sign|secret|uid", re.IGNORECASE)
PLAIN_CONVERTERS = {"IntConverter", "StringConverter", "SlugConverter", "UUIDConverter", "PathConverter"}
SAMPLE = "Zq9SeCrEtVaLuE7"
# Patterns whose parameter is named like a secret but is not one, each with why.
NOT_SECRETS = {
    "messages/<slug:key>/": "a message template's name, such as 'invitation', the same for everyone",
}


def routes(resolver=None, prefix="", converters=None):
    """Every URL pattern as (its whole route, its converters by parameter name)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        known = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry.pattern, RegexPattern):  # data maintenance's re_path: a group's name is all there is
            known.update({name: StringConverter() for name in entry.pattern.regex.groupindex})
        if isinstance(entry, URLResolver):
            yield from routes(entry, route, known)
        elif isinstance(entry, URLPattern):
            yield route, known


def looks_secret(name: str, converter) -> bool:
    kind = type(converter).__name__
    if kind not in PLAIN_CONVERTERS and kind != "ExportFormat":
        return True  # a custom converter (a signed one, say) is treated as a secret until listed here
    return kind in {"StringConverter", "SlugConverter", "PathConverter"} and bool(SECRET_NAMES.search(name))


def sample_path(route: str, converters: dict) -> tuple[str, list[str]]:
    secrets = []

    def value(match):
        name = match.group("name")
        converter = converters[name]
        if looks_secret(name, converter):
            secrets.append(name)
            return SAMPLE
        return {"IntConverter": "1", "ExportFormat": "csv"}.get(type(converter).__name__, "plain-value")

    return "/" + re.sub(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>", value, route), secrets


def test_every_pattern_with_a_secret_looking_converter_is_written_link_everywhere():
    checked, uncovered = [], []
    for route, converters in routes():
        if "(?P<" in route:
            uncovered += [route for name in converters if looks_secret(name, converters[name])]
            continue
        path, secrets = sample_path(route, converters)
        if not secrets or route in NOT_SECRETS:
            continue
        resolve(path)  # the sample is a real address of the portal
        checked.append(route)
        for written in (without_keys(path), without_keys(f"GET {path}?next=1 HTTP/1.1")):
            if SAMPLE in written or "[link]" not in written:
                uncovered.append(route)

    assert uncovered == []
    assert sorted(checked) == [
        "accounts/reset/<uidb64>/<token>/",
        "calendar/<str:token>.ics",
        "follow-ups/calendar/<str:token>/",
        "places/<str:token>/",
        "s/<str:token>/",
        "s/<str:token>/thank-you/",
        "sign-off/<str:token>/",
        "v/<str:token>/",
    ]


def test_the_walk_notices_a_new_secret_link_that_scrub_does_not_know():
    class SignedConverter:
        regex = "[^/]+"

    converters = {"token": StringConverter(), "grant": SignedConverter()}
    path, secrets = sample_path("invites/<str:token>/<signed:grant>/", converters)

    assert secrets == ["token", "grant"]
    assert SAMPLE in without_keys(path)  # so the walk above would list it as uncovered


def test_a_link_is_secret_and_anonymous_as_its_app_registered_it(monkeypatch):
    monkeypatch.setattr(scrub, "_secret_links", list(scrub._secret_links))
    monkeypatch.setattr(scrub, "_anonymous", list(scrub._anonymous))
    assert without_keys("/invites/abc/") == "/invites/abc/"

    register_secret_link(rf"/invites/({SEGMENT})")
    register_secret_link(rf"/invites/({SEGMENT})")  # again, as a second ready() would: once is enough
    register_secret_link(rf"/answer/({SEGMENT})", anonymous=True)

    assert without_keys("GET /invites/abc/ HTTP/1.1") == "GET /invites/[link]/ HTTP/1.1"
    assert len(scrub._secret_links) == len({p.pattern for p in scrub._secret_links})
    assert (is_survey_link("/invites/abc/"), is_survey_link("/answer/abc/")) == (False, True)
    assert (is_survey_link("/s/abc/thank-you/"), is_survey_link("/v/abc/"), is_survey_link("/places/a/")) == (
        True,
        True,
        False,
    )


def test_core_names_no_apps_link_but_registers_what_they_give_it():
    """core/scrub.py knows the secret links only as their apps register them (core is below every app)."""
    import inspect

    source = inspect.getsource(scrub)
    assert [
        path for path in ("/s/", "/v/", "/places/", "/calendar/", "/sign-off/", "/accounts/") if path in source
    ] == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("/places/.eJxrYKos:1u2:sig/", "/places/[link]/"),
        ("/accounts/reset/MQ/cq9-4f1e2b/", "/accounts/reset/[link]/"),
        ("/accounts/reset/MQ/set-password/", "/accounts/reset/[link]/"),
        ("/accounts/reset/done/", "/accounts/reset/done/"),
        ("/calendar/.eJx.a:b.ics", "/calendar/[link].ics"),
        ("/visits/3/calendar.ics", "/visits/3/calendar.ics"),
        ("/follow-ups/calendar/abc:def/", "/follow-ups/calendar/[link]/"),
        ("/sign-off/abc:def/", "/sign-off/[link]/"),
        ("/s/abc/thank-you/", "/s/[link]/thank-you/"),
        ("https://portal.example.scot/v/abc", "https://portal.example.scot/v/[link]"),
    ],
)
def test_each_secret_is_written_link_and_nothing_else_changes(written, expected):
    assert without_keys(written) == expected


def test_sentry_keeps_a_place_link_without_its_token_or_query():
    event = scrub_event({"request": {"method": "GET", "url": "https://p.example.scot/places/.eJx:1:s/?q=Siobhan"}})

    assert event["request"] == {"method": "GET", "url": "https://p.example.scot/places/[link]/"}


class Response:
    status = "200 OK"
    sent = 10
    headers = [("Content-Type", "text/html")]


def access_lines(path: str, query: str = "", referrer: str = "-") -> list[str]:
    """What PortalLogger writes for one request, with the Procfile's access log on."""
    config = Config()
    config.set("accesslog", "-")
    logger = PortalLogger(config)
    written: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            written.append(record.getMessage())

    logger.access_log.handlers = [Keep()]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_REFERER": referrer,
    }
    request = [("REFERER", referrer)]
    logger.access(Response(), request, environ, datetime.timedelta(milliseconds=12))
    return written


def test_the_access_line_drops_the_query_string_and_the_referrers():
    [line] = access_lines("/people/", query="q=Siobhan", referrer="https://p.example.scot/people/?q=Siobhan+N")

    assert '"GET /people/ HTTP/1.1" 200' in line
    assert line.startswith("192.0.2.7 - ")
    assert '"https://p.example.scot/people/"' in line
    assert "Siobhan" not in line


def test_the_access_line_writes_a_place_or_reset_link_as_link():
    [place] = access_lines("/places/.eJxrYKos:1u2:sig/", referrer="https://p.example.scot/accounts/reset/MQ/cq9-4f/")
    [survey] = access_lines("/s/abc123/")

    assert '"GET /places/[link]/ HTTP/1.1" 200' in place
    assert '"https://p.example.scot/accounts/reset/[link]/"' in place
    assert place.startswith("192.0.2.7 - ")  # a place link is not an anonymous answer: the address stays
    assert survey.startswith("- - ")  # a survey link's line has no address
    assert "eJxrYKos" not in place
    assert "abc123" not in survey


def test_health_probes_write_no_access_line():
    assert access_lines("/healthz") == []
    assert access_lines("/healthz/tasks") == []
    assert len(access_lines("/healthz/other")) == 1


def test_without_query_leaves_a_path_without_one_as_it_is():
    assert without_query("GET /reports/ HTTP/1.1") == "GET /reports/ HTTP/1.1"
    assert without_query('"GET /people/?q=A%20B&page=2 HTTP/1.1"') == '"GET /people/ HTTP/1.1"'


def test_gunicorns_error_log_cleans_its_messages_as_the_access_line():
    config = Config()
    logger = PortalLogger(config)
    written: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            written.append(record.getMessage())

    logger.error_log.handlers = [Keep()]
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("Error handling request %s", "/s/abc123/?q=Siobhan")
    logger.error("Error handling request /places/.eJxrYKos:1u2:sig/ at 100%")
    logger.warning("Worker %s timed out", 12)

    assert written == [
        "Error handling request /s/[link]/",
        "Error handling request /places/[link]/ at 100%",
        "Worker 12 timed out",
    ]
