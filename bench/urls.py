"""The portal's URLs plus a bare view, the yardstick the benchmarks divide by."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("ci_portal.urls"))]
