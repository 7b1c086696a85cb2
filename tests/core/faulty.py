"""A page and a task that fail on purpose, for the fault-reporting tests (tests/core/test_faults.py)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django_tasks import task

from ci_portal.urls import handler500
from ci_portal.urls import urlpatterns as portal

PERSON_EMAIL = "siobhan.ni.bhriain@fife.example.scot"


@csrf_exempt  # a form's POST that fails, without the test fetching a token first
def boom(request, token=""):
    raise RuntimeError(f"no invitation for {PERSON_EMAIL}")


@task()
def fail_on_purpose() -> None:
    raise RuntimeError(f"could not render for {PERSON_EMAIL}")


urlpatterns = [path("boom/", boom), path("s/<str:token>/boom/", boom), *portal]

__all__ = ["handler500", "urlpatterns"]
