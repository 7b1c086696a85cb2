"""What needs the signed-in person, for the home page: each app adds its lines (a sentence and a link), in the
apps' layer order; core never names the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

MOST_PER_KIND = 10  # a kind with more lines ends with "and N more"


@dataclass(frozen=True)
class Line:
    text: str
    url: str


_sources: list[Callable[[HttpRequest], list[Line]]] = []


def register(source: Callable[[HttpRequest], list[Line]]) -> None:
    if source not in _sources:
        _sources.append(source)


def capped(lines: list[Line], *, more: str, url: str) -> list[Line]:
    """At most MOST_PER_KIND lines, then one that says how many more and links to where they all are."""
    if len(lines) <= MOST_PER_KIND:
        return lines
    return [*lines[:MOST_PER_KIND], Line(f"and {len(lines) - MOST_PER_KIND} more {more}", url)]


def lines_for(request: HttpRequest) -> list[Line]:
    if not request.user.is_authenticated:
        return []
    return [line for source in _sources for line in source(request)]


def for_administrators(request: HttpRequest) -> list[Line]:
    """Emails the mail server refused, and people proposed for erasure, for those who look after them."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from .models import OutgoingEmail

    lines = []
    if request.user.has_perm("core.manage_outbox"):
        lines += late_tasks()
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        if failed:
            lines.append(Line(f"{failed} email{'s' if failed > 1 else ''} could not be sent", reverse("core:outbox")))
    if request.user.has_perm("core.manage_personal_data"):
        people = get_user_model().objects.filter(erased_at__isnull=True, erasure_proposed_at__isnull=False).count()
        if people:
            who = "person is" if people == 1 else "people are"
            lines.append(Line(f"{people} {who} proposed for erasure", reverse("core:people") + "?proposed=1"))
    return lines


def late_tasks() -> list[Line]:
    """The worker has not picked up work for longer than the monitors allow (the same test as /healthz/tasks)."""
    from django.urls import reverse

    from .task_health import late_wait_seconds

    waited = late_wait_seconds()
    if waited is None:
        return []
    minutes = max(1, int(waited // 60))
    text = (
        f"The task worker has not picked up work for {minutes} minute{'s' if minutes > 1 else ''}: "
        "emails and PDFs wait until it runs (tell whoever runs the portal's servers)"
    )
    return [Line(text, reverse("core:outbox"))]
