"""Small pieces of every response: the health probe, answered before anything else, and the Permissions-Policy."""

from django.db import DatabaseError, connection
from django.http import HttpResponse

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"


class HealthCheckMiddleware:
    """`/healthz`: 200 when the database answers, 503 when it does not.

    First in the stack, so a probe opens no session, needs no allowed host or HTTPS redirect, and writes no log line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
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
