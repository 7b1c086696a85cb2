"""What needs the programme office, for the home page: emails the mail server refused, a task worker that has
stopped, and people proposed for erasure (registered from office.hooks)."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse

from core.models import OutgoingEmail
from core.task_health import late_wait_seconds
from core.todo import Line

from .rules import MANAGE_OUTBOX, MANAGE_PERSONAL_DATA


def for_administrators(request: HttpRequest) -> list[Line]:
    """Emails the mail server refused, and people proposed for erasure, for those who look after them."""
    lines = []
    if request.user.has_perm(MANAGE_OUTBOX):
        lines += late_tasks()
        failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        if failed:
            lines.append(Line(f"{failed} email{'s' if failed > 1 else ''} could not be sent", reverse("office:outbox")))
    if request.user.has_perm(MANAGE_PERSONAL_DATA):
        people = get_user_model().objects.filter(erased_at__isnull=True, erasure_proposed_at__isnull=False).count()
        if people:
            who = "person is" if people == 1 else "people are"
            lines.append(Line(f"{people} {who} proposed for erasure", reverse("office:people") + "?proposed=1"))
    return lines


def late_tasks() -> list[Line]:
    """The worker has not picked up work for longer than the monitors allow (the same test as /healthz/tasks)."""
    waited = late_wait_seconds()
    if waited is None:
        return []
    minutes = max(1, int(waited // 60))
    text = (
        f"The task worker has not picked up work for {minutes} minute{'s' if minutes > 1 else ''}: "
        "emails and PDFs wait until it runs (tell whoever runs the portal's servers)"
    )
    return [Line(text, reverse("office:outbox"))]
