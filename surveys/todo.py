"""What surveys ask of the signed-in person on the home page (core.todo)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.todo import Line, capped

from .models import SurveyRound
from .selectors import waiting_for


def _open(today):
    return Q(closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today)


def for_runners(request) -> list[Line]:
    if not request.user.has_perm("surveys.run_rounds"):
        return []
    today = timezone.localdate()
    closing = (
        SurveyRound.objects.filter(_open(today), closes_on__lte=today + datetime.timedelta(days=7))
        .select_related("visit", "phase__programme", "programme")
        .prefetch_related("visit__hosts")
        .order_by("closes_on", "pk")
    )
    lines = [
        Line(f"Survey round “{r.cohort}” for the {r.audience} closes on {r.closes_on:%-d %B}", r.get_absolute_url())
        for r in closing
    ]
    return capped(lines, more="rounds closing this week", url=reverse("surveys:round-list"))


def for_respondents(request) -> list[Line]:
    return [
        Line(f"Answer “{i.survey_round.questionnaire.name}” by {i.survey_round.closes_on:%-d %B}", i.get_absolute_url())
        for i in waiting_for(request.user)
    ]


def for_hosts(request) -> list[Line]:
    """An authority officer's open stakeholder surveys, each linking the visit page where the link is shared."""
    authority = getattr(request.user.organisation, "authority", None)
    if authority is None or request.user.has_perm("reviews.plan_programme"):
        return []
    if not request.user.has_perm("reviews.view_all_visits_of_authority", authority):
        return []
    today = timezone.localdate()
    open_now = (
        SurveyRound.objects.filter(_open(today), open_token__isnull=False, visit__hosts=authority)
        .select_related("visit")
        .prefetch_related("visit__hosts")
        .order_by("closes_on", "pk")
    )
    return [
        Line(
            f"Stakeholder survey for {r.visit.host_names}, {r.visit.when}: open until {r.closes_on:%-d %B}",
            r.visit.get_absolute_url(),
        )
        for r in open_now
    ]
