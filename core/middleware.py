"""Small pieces of every response: no body for HEAD, the health probes, answered before anything else, the
Permissions-Policy, and forms' text without direction controls."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, UnreadablePostError

from . import probes, text
from .task_health import tasks_health

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"


def database_health() -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


PROBES = {probes.DATABASE: database_health, probes.TASKS: tasks_health}


class NoBodyForHeadMiddleware:
    """A HEAD is answered with the headers a GET would carry (its Content-Length too) and no body, as Django's own
    development server does: Django's WSGI handler sends the body, and gunicorn, which must drop it, logs a warning
    each time (a monitor probing `/healthz` with HEAD would fill the error log). First in the stack, around the probes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = []  # the file it would have streamed is still closed with the response
        else:
            response.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class HealthCheckMiddleware:
    """`/healthz`, for the load balancer: 200 when the database answers, 503 when it does not. `/healthz/tasks`, for
    monitors: 503 when a queued task has waited too long for the worker (core/task_health.py).

    First in the stack, so a probe opens no session, needs no allowed host or HTTPS redirect, and writes no log line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path)
        if probe is None:
            return self.get_response(request)
        response = probe()
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True  # a failing probe is the load balancer's news, not an error per probe
        return response


class PermissionsPolicyMiddleware:
    """The browser features the portal never uses, switched off for every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PlainTypedTextMiddleware:
    """A form's fields, and a query's parameters, arrive without Unicode's direction controls (core/text.py), so the
    form checks the text that will be stored, and a search is never shown back with them: a title that differs from
    another only by an override is told it is taken, beside its field, and a field of nothing but controls is empty,
    not saved blank. Saves remove them too, for every other way in."""

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._controlled(request.GET):  # a search or filter is shown back on the page
            request.GET = self._plain(request.GET)
        # CsrfViewMiddleware reads the form as well, so reading it here parses nothing it would not
        if request.method == "POST" and request.content_type in self.FORMS and self._controlled(self._form(request)):
            request.POST = self._plain(request.POST)
        return self.get_response(request)

    def _plain(self, data):
        plain = data.copy()
        for key, values in data.lists():
            if not self._secret(key):
                plain.setlist(key, [text.without_direction_controls(value) for value in values])
        plain._mutable = False
        return plain

    @staticmethod
    def _secret(key: str) -> bool:
        """A password is compared, never shown or stored as typed: it is left exactly as typed."""
        return "password" in key

    @staticmethod
    def _form(request):
        try:
            return request.POST
        except UnreadablePostError:  # a broken upload: left for the view (and CsrfViewMiddleware) to refuse
            return None

    def _controlled(self, data) -> bool:
        return data is not None and any(
            text.has_direction_controls(value)
            for key, values in data.lists()
            if not self._secret(key)
            for value in values
        )
