import logging

from django.http import HttpResponseServerError
from django.shortcuts import render

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "core/home.html")


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error page must never fail in turn
        logger.exception("The error page could not be rendered.")
        return HttpResponseServerError("Sorry, there is a problem with the service. Try again later.")
