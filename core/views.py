import logging

from django.http import HttpResponseServerError
from django.shortcuts import render

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def home(request):
    """The front page; an ADES officer also hears of any email the portal could not send."""
    unsent = None
    if request.user.has_perm("core.manage_outbox"):
        unsent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
    return render(request, "core/home.html", {"unsent_emails": unsent})


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error page must never fail in turn
        logger.exception("The error page could not be rendered.")
        return HttpResponseServerError("Sorry, there is a problem with the service. Try again later.")
