"""What reviews asks of the signed-in person on the home page (core.todo)."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.todo import Line, capped

from . import induction, places
from .choices import PlaceAnswer, VisitStatus
from .models import TeamMembership, Visit
from .warnings import TEAM_SIZE

AHEAD = datetime.timedelta(days=90)  # how far ahead "upcoming" looks


def _upcoming(today):
    return (
        Visit.objects.filter(starts_on__gte=today, starts_on__lte=today + AHEAD, meeting_of="")
        .exclude(status__in=(VisitStatus.CANCELLED, VisitStatus.COMPLETED))
        .prefetch_related("hosts")
        .order_by("starts_on")
    )


def for_planners(request) -> list[Line]:
    if not request.user.has_perm("reviews.plan_programme"):
        return []
    today = timezone.localdate()
    visits = list(
        _upcoming(today).annotate(
            members=Count("team", filter=~Q(team__place=PlaceAnswer.DECLINED)),
            awaiting=Count("team", filter=Q(team__place=PlaceAnswer.AWAITING)),
        )
    )
    lines = []
    no_question = [
        Line(f"{v.title}, {v.when}: no key question yet", v.get_absolute_url()) for v in visits if not v.key_question
    ]
    short = [
        Line(
            f"{v.title}, {v.when}: the team has {v.members}; a team has {TEAM_SIZE.start} to {TEAM_SIZE.stop - 1}",
            v.get_absolute_url(),
        )
        for v in visits
        if v.members < TEAM_SIZE.start
    ]
    awaiting = [
        Line(
            f"{v.title}, {v.when}: {v.awaiting} place{'s' if v.awaiting > 1 else ''} awaiting reply",
            v.get_absolute_url(),
        )
        for v in visits
        if v.awaiting
    ]
    programmes = reverse("reviews:programme-list")
    lines += capped(no_question, more="visits without a key question", url=programmes)
    lines += capped(short, more="visits without a full team", url=programmes)
    lines += capped(awaiting, more="visits with places awaiting reply", url=programmes)
    return lines


def for_team_members(request) -> list[Line]:
    today = timezone.localdate()
    mine = list(
        TeamMembership.objects.filter(person=request.user, visit__in=_upcoming(today).values("pk"))
        .select_related("visit")
        .prefetch_related("visit__hosts")
        .order_by("visit__starts_on")
    )
    lines = []
    for membership in mine:
        visit = membership.visit
        if membership.place == PlaceAnswer.AWAITING:
            lines.append(
                Line(
                    f"Confirm or decline your place on the visit to {visit.host_names}, {visit.when}",
                    places.link_for(membership),
                )
            )
        elif membership.place == PlaceAnswer.CONFIRMED:
            lines.append(
                Line(
                    f"Your visit pack for {visit.host_names}, {visit.when}",
                    reverse("reviews:visit-pack", kwargs={"pk": visit.pk}),
                )
            )
    pack = induction.current()
    if mine and pack is not None and not induction.has_read(request.user, pack):
        lines.append(Line("Read the induction pack before your visit", reverse("reviews:induction")))
    return lines
