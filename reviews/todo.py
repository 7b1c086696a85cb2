"""What reviews asks of the signed-in person on the home page (core.todo)."""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from authorities.rules import is_authority_officer
from core.todo import Line, capped

from . import place_links, selectors
from .choices import FocusDecision, PlaceAnswer, VisitStatus
from .models import FocusProposal, TeamMembership, Visit
from .warnings import TEAM_SIZE, team_size

AHEAD = datetime.timedelta(days=90)  # how far ahead "upcoming" looks


def _upcoming(today):
    return (
        Visit.objects.filter(starts_on__gte=today, starts_on__lte=today + AHEAD, meeting_of="")
        .exclude(status__in=(VisitStatus.CANCELLED, VisitStatus.COMPLETED))
        .prefetch_related("hosts")
        .order_by("starts_on")
    )


def _ahead(today):
    """Visits still to come, however far ahead: a focus is chosen early."""
    return (
        Visit.objects.filter(starts_on__gt=today, meeting_of="")
        .exclude(status__in=(VisitStatus.CANCELLED, VisitStatus.COMPLETED))
        .prefetch_related("hosts")
        .order_by("starts_on", "pk")
    )


def for_host_officers(request) -> list[Line]:
    """The focus of their authority's coming visits: to propose, or to propose again once returned."""
    if not is_authority_officer(request.user):
        return []
    latest = FocusProposal.objects.filter(visit=OuterRef("pk")).exclude(decision=FocusDecision.REPLACED)
    visits = (
        _ahead(timezone.localdate())
        .filter(hosts__organisation__people=request.user)
        .annotate(focus=Subquery(latest.order_by("-proposed_at", "-pk").values("decision")[:1]))
        .distinct()
    )
    lines = []
    for visit in visits:
        url = reverse("reviews:focus-propose", args=[visit.pk])
        if visit.focus == FocusDecision.RETURNED:
            lines.append(Line(f"The focus of your visit, {visit.when}, was returned: propose it again", url))
        elif visit.focus is None and not visit.key_question:
            lines.append(Line(f"Propose the focus of your visit, {visit.when}", url))
    return lines


def _focus_to_agree(today) -> list[Line]:
    return [
        Line(f"Agree the focus of the visit to {v.host_names}, {v.when}", reverse("reviews:focus-decide", args=[v.pk]))
        for v in _ahead(today).filter(focus_proposals__decision=FocusDecision.WAITING)
    ]


def for_planners(request) -> list[Line]:
    if not request.user.has_perm("reviews.plan_programme"):
        return []
    today = timezone.localdate()
    visits = list(
        _upcoming(today).annotate(
            members=Count("team", filter=~Q(team__place=PlaceAnswer.DECLINED)),
            awaiting=Count("team", filter=Q(team__place=PlaceAnswer.AWAITING)),
            proposed=Count("focus_proposals", filter=Q(focus_proposals__decision=FocusDecision.WAITING)),
        )
    )
    lines = []
    no_question = [
        Line(f"{v.title}, {v.when}: no key question yet", v.get_absolute_url())
        for v in visits
        if not v.key_question and not v.proposed  # a proposal waiting to be agreed is its own line
    ]
    short = [
        Line(
            f"{v.title}, {v.when}: {team_size(v.members)}; a team has {TEAM_SIZE.start} to {TEAM_SIZE.stop - 1}",
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
    lines += capped(_focus_to_agree(today), more="visits whose proposed focus waits for agreement", url=programmes)
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
                    place_links.link_for(membership),
                )
            )
        elif membership.place == PlaceAnswer.CONFIRMED:
            lines.append(
                Line(
                    f"Your visit pack for {visit.host_names}, {visit.when}",
                    reverse("reviews:visit-pack", kwargs={"pk": visit.pk}),
                )
            )
    pack = selectors.current_induction_pack()
    if mine and pack is not None and not selectors.has_read(request.user, pack):
        lines.append(Line("Read the induction pack before your visit", reverse("reviews:induction")))
    return lines
