"""The programme seen as a network: themes over time, who hosted and who reviewed, and peer flows between authorities.

Every figure counts visits that were not cancelled. Each read is one query, whatever the number of visits.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from authorities.models import Authority
from core.cycles import cycle_of

from .choices import PUBLIC_STATUSES, ProgrammeKind, VisitStatus
from .models import Programme, TeamMembership, TeamOrganisation, Theme, Visit


def _visits(programme: Programme | None) -> QuerySet[Visit]:
    visits = Visit.objects.exclude(status=VisitStatus.CANCELLED)
    return visits.filter(programme=programme) if programme else visits


@dataclass
class ThemeTimeline:
    years: list[str]
    rows: list[tuple[str, list[int], int, list[tuple[str, int]]]]  # group, count per year, total, its themes


def themes_over_time(programme: Programme | None = None) -> ThemeTimeline:
    """How many visits took each group of themes, school year by school year, with the themes as named in it."""
    counts: dict[str, Counter] = defaultdict(Counter)
    named: dict[str, Counter] = defaultdict(Counter)
    for theme, broader, starts_on in _visits(programme).values_list("theme__name", "theme__broader__name", "starts_on"):
        group = broader or theme
        counts[group][cycle_of(starts_on)] += 1
        named[group][theme] += 1
    years = sorted({year for by_year in counts.values() for year in by_year})
    rows = [
        (
            group,
            [counts[group][year] for year in years],
            sum(counts[group].values()),
            sorted(named[group].items(), key=lambda item: (item[0] != group, item[0])),
        )
        for group in sorted(counts, key=lambda name: (-sum(counts[name].values()), name))
    ]
    return ThemeTimeline(years, rows)


@dataclass
class CoverageRow:
    authority: Authority
    hosted: int  # review visits: Quad meetings, hosted by all four of a Quad, are counted apart
    reviewing_visits: int  # visits to other authorities it is recorded on the team of
    peers_sent: int  # people recorded on those teams
    quad_meetings: int = 0

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


def _peer_organisations(programme: Programme | None):
    """Authorities a source records on another's team without naming anyone."""
    recorded = TeamOrganisation.objects.exclude(visit__status=VisitStatus.CANCELLED).filter(
        organisation__authority__isnull=False
    )
    if programme:
        recorded = recorded.filter(visit__programme=programme)
    return recorded.exclude(visit__hosts=F("organisation__authority"))


def reviewing(programme: Programme | None) -> dict[tuple[int, str, str], int]:
    """(sending authority, its name, host's name, visit) -> people recorded (0 where only the authority is); read
    once by a page that shows both its coverage and its flows, and passed to both."""
    pairs: dict = dict.fromkeys(
        _peer_organisations(programme).values_list(
            "organisation__authority", "organisation__authority__name", "visit__hosts__name", "visit"
        ),
        0,
    )
    places = (
        _peer_places(programme)
        .values_list(
            "person__organisation__authority", "person__organisation__authority__name", "visit__hosts__name", "visit"
        )
        .annotate(people=Count("pk"))  # thousands of places, counted by the database: a row a (sender, host, visit)
        .order_by()
    )
    for sender, name, host, visit, people in places:
        key = (sender, name, host, visit)
        pairs[key] = pairs.get(key, 0) + people
    return {key: people for key, people in pairs.items() if key[2] is not None}


def unrecorded_teams(programme: Programme | None = None) -> int:
    """Visits recorded from a source that names nobody on their team."""
    return _visits(programme).exclude(source="").filter(team__isnull=True).count()


def coverage(programme: Programme | None = None, *, recorded: dict | None = None) -> list[CoverageRow]:
    """Has every authority hosted, and is it recorded reviewing others? Quad meetings are counted on their own."""
    counted = ~Q(hosted_visits__status=VisitStatus.CANCELLED)
    if programme:
        counted &= Q(hosted_visits__programme=programme)
    quads = Q(hosted_visits__programme__kind=ProgrammeKind.QUADS)
    hosted = {
        pk: (visits, meetings)
        for pk, visits, meetings in Authority.objects.annotate(
            visits=Count("hosted_visits", filter=counted & ~quads, distinct=True),
            meetings=Count("hosted_visits", filter=counted & quads, distinct=True),
        ).values_list("pk", "visits", "meetings")
    }
    visits: dict[int, set] = defaultdict(set)
    people: Counter = Counter()
    for (sender, _, _, visit), count in (reviewing(programme) if recorded is None else recorded).items():
        visits[sender].add(visit)
        people[sender] += count
    return [
        CoverageRow(
            authority,
            hosted.get(authority.pk, (0, 0))[0],
            len(visits[authority.pk]),
            people[authority.pk],
            quad_meetings=hosted.get(authority.pk, (0, 0))[1],
        )
        for authority in Authority.objects.order_by("name")
    ]


def below_authority_level(programme: Programme | None = None) -> list[Visit]:
    """The visits that reviewed part of a host authority (named establishments or a cluster), with them, newest
    first; the others are counted by `unscoped_visits`."""
    return list(
        _visits(programme)
        .filter(focus_establishments__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("hosts", queryset=Authority.objects.order_by("name")), "focus_establishments")
        .order_by("-starts_on", "pk")
    )


@dataclass
class UnscopedVisits:
    authority_wide: int  # run in the portal with no establishment or cluster named
    not_recorded: int  # recorded from a source that names none: no source records a scope


def unscoped_visits(programme: Programme | None = None) -> UnscopedVisits:
    """The review visits that name no establishment or cluster: authority-wide where the portal ran them, not
    recorded where they were recorded from a source (a source does not say a visit was authority-wide)."""
    counts = (
        _visits(programme)
        .exclude(programme__kind=ProgrammeKind.QUADS)
        .filter(focus_establishments__isnull=True)
        .aggregate(portal=Count("pk", filter=Q(source="")), historic=Count("pk", filter=~Q(source="")))
    )
    return UnscopedVisits(counts["portal"], counts["historic"])


def quad_meetings(programme: Programme | None = None) -> int:
    """How many of the visits counted are Quad meetings (visits of a Quads programme)."""
    return _visits(programme).filter(programme__kind=ProgrammeKind.QUADS).count()


@dataclass
class Flow:
    sender: str
    host: str
    visits: int
    people: int  # people recorded; 0 where a source names only the authority

    @property
    def people_shown(self) -> str:
        return str(self.people) if self.people else "not recorded"


def peer_flows(programme: Programme | None = None, *, recorded: dict | None = None) -> list[Flow]:
    """Which authorities are recorded on which hosts' teams: visits and people, most first."""
    flows: dict[tuple[str, str], Flow] = {}
    for (_, sender, host, _), people in (reviewing(programme) if recorded is None else recorded).items():
        flow = flows.setdefault((sender, host), Flow(sender, host, 0, 0))
        flow.visits += 1
        flow.people += people
    return sorted(flows.values(), key=lambda flow: (-flow.visits, -flow.people, flow.sender, flow.host))


CELL = 14
LABEL = 150


def flow_matrix(flows: list[Flow]) -> dict:
    """The flows laid out as a matrix for the SVG picture: senders down the side, hosts along the top."""
    senders = sorted({flow.sender for flow in flows})
    hosts = sorted({flow.host for flow in flows})
    largest = max((flow.visits for flow in flows), default=1)
    cells = [
        {
            "x": LABEL + hosts.index(flow.host) * CELL + CELL / 2,
            "y": LABEL + senders.index(flow.sender) * CELL + CELL / 2,
            "r": round(max(1.5, (CELL / 2 - 1) * math.sqrt(flow.visits / largest)), 1),
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
    visits = visits.prefetch_related(
        Prefetch("hosts", queryset=Authority.objects.order_by("name")), "focus_establishments"
    )
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
