"""Sentry, when SENTRY_DSN is set: a forced error arrives once, over HTTP, with nothing personal in it."""

import gzip
import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import wsgiref.simple_server

import brotli
import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler

from core import sentry
from tests.core.faulty import PERSON_EMAIL


def test_the_scrubber_keeps_only_what_locates_the_fault():
    event = {
        "message": f"Internal Server Error: /s/KEY123/ for {PERSON_EMAIL}",
        "request": {
            "method": "POST",
            "url": "https://portal.example.scot/s/KEY123/?page=2",
            "query_string": "page=2",
            "data": {"answer": "a personal answer"},
            "cookies": {"sessionid": "secret-cookie"},
            "headers": {"Cookie": "sessionid=secret-cookie", "Referer": "https://portal.example.scot/v/OPEN9/"},
            "env": {"REMOTE_ADDR": "192.0.2.7"},
        },
        "user": {"id": 12, "email": PERSON_EMAIL, "ip_address": "192.0.2.7"},
        "extra": {"request": "<WSGIRequest: POST '/s/KEY123/'>", "status_code": 500},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT * FROM person WHERE email = %s", "data": {"params": ["x"]}},
                {"category": "django.request", "message": "Not Found: /v/OPEN9/"},
            ]
        },
        "tags": {"request_id": "0123456789abcdef"},
    }

    assert sentry.scrub_event(event) == {
        "message": "Internal Server Error: /s/[link]/ for [email]",
        "request": {"method": "POST", "url": "https://portal.example.scot/s/[link]/"},
        "extra": {"status_code": 500},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT * FROM person WHERE email = %s"},
                {"category": "django.request", "message": "Not Found: /v/[link]/"},
            ]
        },
        "tags": {"request_id": "0123456789abcdef"},
    }


class Envelopes(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        body = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, bytes)(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    Envelopes.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Envelopes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sentry.start(f"http://publickey@127.0.0.1:{server.server_port}/1")
    yield Envelopes.received
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)
    server.shutdown()
    server.server_close()


def events(envelopes: list[bytes]) -> list[dict]:
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


@pytest.fixture
def portal(settings):
    """The portal's WSGI application (as gunicorn runs it, with Sentry's hooks around it) on a local port."""
    settings.ROOT_URLCONF = "tests.core.faulty"
    server = wsgiref.simple_server.make_server("127.0.0.1", 0, WSGIHandler(), handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


class Quiet(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.django_db(transaction=True)
def test_a_forced_error_reaches_sentry_once_without_personal_data(sentry_server, portal):
    request = urllib.request.Request(
        f"{portal}/s/SECRETKEY123/boom/?page=2",
        data=urllib.parse.urlencode({"answer": "a personal answer", "email": PERSON_EMAIL}).encode(),
        headers={"Cookie": "sessionid=secret-cookie-value", "X-Forwarded-For": "192.0.2.7"},
    )
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(request, timeout=30)
    failed.value.close()
    sentry_sdk.flush(timeout=10)

    [event] = events(sentry_server)
    [exception] = event["exception"]["values"]
    raw = b"".join(sentry_server).decode()
    assert failed.value.code == 500
    assert (exception["type"], exception["value"]) == ("RuntimeError", "no invitation for [email]")
    assert event["request"] == {"method": "POST", "url": f"{portal}/s/[link]/boom/"}
    assert event["tags"]["request_id"] == failed.value.headers["X-Request-ID"]
    assert "user" not in event
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
    for personal in ("SECRETKEY123", PERSON_EMAIL, "secret-cookie-value", "a personal answer", "192.0.2.7"):
        assert personal not in raw
