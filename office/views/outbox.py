"""The outbox: emails still waiting and those that could not be sent, for ADES officers to see and send again."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import mail
from core.access import require
from core.models import OutgoingEmail

from ..rules import MANAGE_OUTBOX

PER_PAGE = 50


def outbox(request):
    require(request, MANAGE_OUTBOX)
    failed_first = Case(When(status=OutgoingEmail.Status.FAILED, then=Value(0)), default=Value(1))
    waiting = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT)
    emails = waiting.defer("body").order_by(failed_first, "queued_at", "to")
    page = Paginator(emails, PER_PAGE).get_page(request.GET.get("page"))
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
    return render(request, "office/outbox.html", {"page": page, "failed": failed, "retry_delays": mail.retry_delays()})


@require_POST
def send_again(request, pk):
    require(request, MANAGE_OUTBOX)
    if mail.send_again(pk, by=request.user):
        messages.success(request, "The email will be sent again now. If it fails again, it comes back here.")
    else:
        messages.info(request, "That email has been sent, or is being sent now, so nothing was done.")
    return redirect("office:outbox")
