import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render

from . import retention, todo
from .sections import Page, sections_for

logger = logging.getLogger(__name__)


def home(request):
    """The front page; a signed-in person also sees what needs them, each line a link (core.todo). The apps above add
    where the programme's record is and the places to go (core.sections)."""
    context = {
        "needs_you": todo.lines_for(request),
        "source_sections": sections_for(Page.HOME_SOURCES, request, None),
        "place_sections": sections_for(Page.HOME_PLACES, request, None),
    }
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
            "task_records_days": retention.TASK_RECORDS_DAYS,
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
