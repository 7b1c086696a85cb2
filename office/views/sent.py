"""Messages sent: every email the portal has queued, with what, to whom, when and whether the mail server took it,
for ADES officers; one person's, from their page. Never a message's body (it may hold a personal link)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.access import require
from core.models import OutgoingEmail
from core.sent import labelled, records

from ..rules import MANAGE_OUTBOX

PER_PAGE = 50


def messages_sent(request):
    require(request, MANAGE_OUTBOX)
    emails = OutgoingEmail.objects.all()
    person = None
    chosen = request.GET.get("person", "")
    if chosen:
        if not (chosen.isascii() and chosen.isdigit()):
            chosen = "0"
        person = get_object_or_404(get_user_model(), pk=chosen, erased_at__isnull=True)
        emails = emails.filter(person=person)
    page = Paginator(records(emails), PER_PAGE).get_page(request.GET.get("page"))
    labelled(page.object_list)
    context = {"page": page, "person": person, "retention_days": settings.RETENTION["messages_days"]}
    return render(request, "office/messages_sent.html", context)
