import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponseServerError
from django.shortcuts import render

from . import todo
from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def home(request):
    """The front page; an ADES officer also hears of any email the portal could not send."""
    unsent = proposed = None
    if request.user.has_perm("core.manage_outbox"):
        unsent = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
    if request.user.has_perm("core.manage_personal_data"):
        waiting = get_user_model().objects.filter(erased_at__isnull=True, erasure_proposed_at__isnull=False)
        proposed = waiting.count()
    context = {"unsent_emails": unsent, "proposed_for_erasure": proposed, "needs_you": todo.lines_for(request)}
    return render(request, "core/home.html", context)


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def privacy_notice(request):
    """What is held, why, for how long and who sees it; the periods are the settings the retention job applies."""
    return render(
        request,
        "core/privacy.html",
        {
            "controller": settings.DATA_CONTROLLER,
            "contact": settings.DATA_PROTECTION_EMAIL,
            "retention": settings.RETENTION,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "min_group": settings.SURVEY_MIN_GROUP,
        },
    )


def cookies(request):
    return render(
        request,
        "core/cookies.html",
        {"session_days": settings.SESSION_COOKIE_AGE // 86400, "csrf_days": settings.CSRF_COOKIE_AGE // 86400},
    )


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error page must never fail in turn
        logger.exception("The error page could not be rendered.")
        return HttpResponseServerError("Sorry, there is a problem with the service. Try again later.")
