"""What surveys ask of the signed-in person on the home page (core.todo)."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.todo import Line, capped

from .models import Invitation, SurveyRound


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
    today = timezone.localdate()
    waiting = (
        Invitation.objects.filter(person=request.user, completion__isnull=True, token__isnull=False)
        .filter(
            survey_round__closed_at__isnull=True, survey_round__opens_on__lte=today, survey_round__closes_on__gte=today
        )
        .select_related("survey_round__questionnaire")
        .order_by("survey_round__closes_on")
    )
    return [
        Line(f"Answer “{i.survey_round.questionnaire.name}” by {i.survey_round.closes_on:%-d %B}", i.get_absolute_url())
        for i in waiting
    ]
