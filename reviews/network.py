"""The programme seen as a network: themes over time, who hosted and who reviewed, and peer flows between authorities.

Every figure counts visits that were not cancelled. Each read is one query, whatever the number of visits.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from authorities.models import Authority
from core.cycles import cycle_of

from .choices import PUBLIC_STATUSES, VisitStatus
from .models import Programme, TeamMembership, Theme, Visit


def _visits(programme: Programme | None) -> QuerySet[Visit]:
    visits = Visit.objects.exclude(status=VisitStatus.CANCELLED)
    return visits.filter(programme=programme) if programme else visits


@dataclass
class ThemeTimeline:
    years: list[str]
    rows: list[tuple[str, list[int], int]]  # theme, count per year, total


def themes_over_time(programme: Programme | None = None) -> ThemeTimeline:
    """How many visits took each theme, school year by school year."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for theme, starts_on in _visits(programme).values_list("theme__name", "starts_on"):
        counts[theme][cycle_of(starts_on)] += 1
    years = sorted({year for by_year in counts.values() for year in by_year})
    rows = [
        (theme, [counts[theme][year] for year in years], sum(counts[theme].values()))
        for theme in sorted(counts, key=lambda name: (-sum(counts[name].values()), name))
    ]
    return ThemeTimeline(years, rows)


@dataclass
class CoverageRow:
    authority: Authority
    hosted: int
    reviewing_visits: int  # visits to other authorities it sent someone on
    peers_sent: int  # places on those teams

    @property
    def has_hosted(self) -> bool:
        return self.hosted > 0

    @property
    def has_reviewed(self) -> bool:
        return self.reviewing_visits > 0


def _peer_places(programme: Programme | None):
    """Team places filled by someone from an authority on a visit that authority did not host."""
    places = TeamMembership.objects.exclude(visit__status=VisitStatus.CANCELLED).filter(
        person__organisation__authority__isnull=False
    )
    if programme:
        places = places.filter(visit__programme=programme)
    return places.exclude(visit__hosts=F("person__organisation__authority"))


def coverage(programme: Programme | None = None) -> list[CoverageRow]:
    """Has every authority hosted, and has it reviewed others?"""
    hosted_filter = ~Q(hosted_visits__status=VisitStatus.CANCELLED)
    if programme:
        hosted_filter &= Q(hosted_visits__programme=programme)
    hosted = dict(
        Authority.objects.annotate(n=Count("hosted_visits", filter=hosted_filter, distinct=True)).values_list("pk", "n")
    )
    sent = {
        row["person__organisation__authority"]: row
        for row in _peer_places(programme)
        .values("person__organisation__authority")
        .annotate(visits=Count("visit", distinct=True), places=Count("pk", distinct=True))
    }
    return [
        CoverageRow(
            authority,
            hosted.get(authority.pk, 0),
            sent.get(authority.pk, {}).get("visits", 0),
            sent.get(authority.pk, {}).get("places", 0),
        )
        for authority in Authority.objects.order_by("name")
    ]


@dataclass
class Flow:
    sender: str
    host: str
    people: int


def peer_flows(programme: Programme | None = None) -> list[Flow]:
    """Which authorities sent peers to which: team places, largest first."""
    rows = (
        _peer_places(programme)
        .values("person__organisation__authority__name", "visit__hosts__name")
        .annotate(people=Count("pk"))
        .order_by("-people", "person__organisation__authority__name", "visit__hosts__name")
    )
    return [
        Flow(row["person__organisation__authority__name"], row["visit__hosts__name"], row["people"])
        for row in rows
        if row["visit__hosts__name"] is not None
    ]


CELL = 14
LABEL = 150


def flow_matrix(flows: list[Flow]) -> dict:
    """The flows laid out as a matrix for the SVG picture: senders down the side, hosts along the top."""
    senders = sorted({flow.sender for flow in flows})
    hosts = sorted({flow.host for flow in flows})
    largest = max((flow.people for flow in flows), default=1)
    cells = [
        {
            "x": LABEL + hosts.index(flow.host) * CELL + CELL / 2,
            "y": LABEL + senders.index(flow.sender) * CELL + CELL / 2,
            "r": round(max(1.5, (CELL / 2 - 1) * math.sqrt(flow.people / largest)), 1),
            "flow": flow,
        }
        for flow in flows
    ]
    return {
        "senders": [{"name": name, "y": LABEL + index * CELL + CELL - 3} for index, name in enumerate(senders)],
        "hosts": [{"name": name, "x": LABEL + index * CELL + CELL - 3} for index, name in enumerate(hosts)],
        "cells": cells,
        "width": LABEL + len(hosts) * CELL + 10,
        "height": LABEL + len(senders) * CELL + 10,
        "label_edge": LABEL - 4,
    }


@dataclass
class ThemeWork:
    theme: Theme
    visits: list[Visit]
    authorities: list[Authority]


def theme_work(theme: Theme, *, officer: bool, with_people: bool) -> ThemeWork:
    """Who has worked on a theme (and the narrower themes under it): visits, hosts and, if allowed, the people."""
    visits = (
        Visit.objects.filter(Q(theme=theme) | Q(theme__broader=theme))
        .select_related("programme", "theme")
        .order_by("-starts_on")
    )
    visits = visits.exclude(status=VisitStatus.CANCELLED) if officer else visits.filter(status__in=PUBLIC_STATUSES)
    visits = visits.prefetch_related(Prefetch("hosts", queryset=Authority.objects.order_by("name")))
    if with_people:
        visits = visits.prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMembership.objects.select_related("person__organisation").order_by(
                    "-is_lead", "person__full_name"
                ),
            )
        )
    visits = list(visits)
    authorities = sorted({host for visit in visits for host in visit.hosts.all()}, key=lambda a: a.name)
    return ThemeWork(theme, visits, authorities)
