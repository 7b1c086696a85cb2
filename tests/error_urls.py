"""The real URLs plus two that fail on purpose, to show the error pages."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def fail(request):
    raise RuntimeError("A failure on purpose, to show the error page.")


def forbid(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/500/", fail),
    path("test-errors/403/", forbid),
    path("", include("ci_portal.urls")),
]
