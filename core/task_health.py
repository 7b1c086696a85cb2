"""`/healthz/tasks`, for monitors: is the worker keeping up with the queue?

A task is late when it is ready to run (queued and due: not one scheduled for later, such as an email's next try)
and has waited longer than TASK_MAX_WAIT_SECONDS (CI_PORTAL_TASK_MAX_WAIT_SECONDS, 300 by default) since it became
due. Then the answer is 503, "oldest queued task has waited N s": the worker is stopped, stuck, or too few for the
work. It is a second endpoint so that a stopped worker never takes the web servers out of the load balancer's
rotation: `/healthz` still says "this web server can serve".
"""

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def oldest_wait_seconds() -> float | None:
    """How long the longest-waiting due task has waited since it became due, or None when none is waiting."""
    became_due = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=Greatest(F("enqueued_at"), F("run_after"))
    )
    oldest = DBTaskResult.objects.ready().aggregate(due=Min(became_due))["due"]
    return None if oldest is None else (timezone.now() - oldest).total_seconds()


def late_wait_seconds() -> float | None:
    """How long the longest-waiting due task has waited, when that is longer than TASK_MAX_WAIT_SECONDS; else None.
    The one test of a late worker, for this probe and for the ADES officers' home page (core.todo)."""
    waited = oldest_wait_seconds()
    return waited if waited is not None and waited > settings.TASK_MAX_WAIT_SECONDS else None


def tasks_health() -> HttpResponse:
    try:
        waited = late_wait_seconds()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if waited is not None:
        limit = settings.TASK_MAX_WAIT_SECONDS
        message = f"oldest queued task has waited {int(waited)} s (the limit is {limit} s)\n"
        return HttpResponse(message, status=503, content_type="text/plain")
    return HttpResponse("tasks ok\n", content_type="text/plain")
