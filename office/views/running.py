"""Running the portal: one page for ADES officers that leads to the pages that keep the portal going (people and
their data, messages sent, the outbox, the wording of emails, downloads), and for technical staff to data
maintenance."""

from django.shortcuts import render

from core.access import require
from core.models import OutgoingEmail

from ..rules import MANAGE_OUTBOX


def running(request):
    require(request, MANAGE_OUTBOX)
    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
    return render(request, "office/running.html", {"failed": failed})
