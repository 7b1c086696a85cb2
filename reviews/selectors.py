"""Reads of programmes and visits, with the joins their pages need; the induction pack and who has read it, a
visit's focus (the latest proposal and where its text comes from), and the frames a day plan starts from."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from authorities.models import Authority

from . import network
from .choices import PUBLIC_STATUSES, FocusDecision, PlaceAnswer, VisitStatus
from .models import FocusProposal, InductionPack, InductionRead, Phase, Programme, TeamMembership, Visit


def visit_list_queryset() -> QuerySet[Visit]:
    return Visit.objects.select_related("phase", "theme", "theme__broader", "programme").prefetch_related(
        Prefetch("hosts", queryset=Authority.objects.order_by("name"))
    )


def visit_detail_queryset() -> QuerySet[Visit]:
    return visit_list_queryset().prefetch_related(
        Prefetch(
            "team",
            queryset=TeamMembership.objects.select_related("person__organisation__authority").order_by(
                "-is_lead", "person__full_name"
            ),
        ),
        "documents",
        "day_sessions",
        "focus_establishments",
    )


@dataclass
class VisitFilters:
    phase: int | None = None
    theme: object | None = None
    authority: Authority | None = None
    people_family: int | None = None
    collaborative: object | None = None
    status: str | None = None
    starts_from: datetime.date | None = None
    starts_until: datetime.date | None = None


def programme_visits(programme: Programme, filters: VisitFilters, *, public: bool) -> QuerySet[Visit]:
    visits = visit_list_queryset().filter(programme=programme)
    if public:
        visits = visits.filter(status__in=PUBLIC_STATUSES)
    if filters.phase:
        visits = visits.filter(phase__number=filters.phase)
    if filters.theme:
        visits = visits.filter(Q(theme=filters.theme) | Q(theme__broader=filters.theme))
    host_filter = Q()
    if filters.authority:
        host_filter &= Q(pk=filters.authority.pk)
    if filters.people_family:
        host_filter &= Q(people_family=filters.people_family)
    if filters.collaborative:
        host_filter &= Q(collaborative=filters.collaborative)
    if host_filter:
        visits = visits.filter(hosts__in=Authority.objects.filter(host_filter)).distinct()
    if filters.status and not public:
        visits = visits.filter(status=filters.status)
    if filters.starts_from:
        visits = visits.filter(starts_on__gte=filters.starts_from)
    if filters.starts_until:
        visits = visits.filter(starts_on__lte=filters.starts_until)
    return visits.order_by("phase__number", "starts_on", "pk")


def hosts_of(visits: QuerySet[Visit]) -> dict[int, list[Authority]]:
    """Each of the visits' hosts, by name, in one query of plain rows: for a list of hundreds of visits, where a
    prefetch (a manager and a queryset made for each visit) costs more than the query."""
    rows = (
        Visit.hosts.through.objects.filter(visit__in=visits.order_by().values("pk"))
        .order_by("authority__name")
        .values_list("visit_id", "authority_id", "authority__name", "authority__slug")
    )
    authorities: dict[int, Authority] = {}
    hosts: dict[int, list[Authority]] = defaultdict(list)
    for visit, pk, name, slug in rows:
        if pk not in authorities:
            authorities[pk] = Authority(pk=pk, name=name, slug=slug)
        hosts[visit].append(authorities[pk])
    return hosts


@dataclass
class Coverage:
    hosted: list[Authority]
    not_hosted: list[Authority]
    reviewers: list  # network.CoverageRow of each authority recorded on another's team
    unrecorded_teams: int


def programme_coverage(programme: Programme) -> Coverage:
    """Which authorities hosted, which did not, and who is recorded on others' teams (reviews.network)."""
    rows = network.coverage(programme)
    return Coverage(
        hosted=[row.authority for row in rows if row.has_hosted],
        not_hosted=[row.authority for row in rows if not row.has_hosted],
        reviewers=[row for row in rows if row.has_reviewed],
        unrecorded_teams=network.unrecorded_teams(programme),
    )


@dataclass
class ThemeCount:
    name: str
    visits: int
    including_narrower: int


def theme_counts(programme: Programme, *, public: bool) -> list[ThemeCount]:
    """Visits per theme, and per broader theme counting the narrower ones under it."""
    visits = Visit.objects.filter(programme=programme)
    if public:
        visits = visits.filter(status__in=PUBLIC_STATUSES)
    direct = Counter()
    including = Counter()
    for name, broader in visits.values_list("theme__name", "theme__broader__name"):
        direct[name] += 1
        including[name] += 1
        if broader:
            including[broader] += 1
    counts = [ThemeCount(name, direct[name], including[name]) for name in including]
    return sorted(counts, key=lambda count: (-count.including_narrower, count.name))


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def visits_of_person(person) -> QuerySet[Visit]:
    return visit_list_queryset().filter(team__person=person).order_by("starts_on")


def visits_hosted_by(authority: Authority, *, public: bool) -> QuerySet[Visit]:
    visits = visit_list_queryset().filter(hosts=authority)
    if public:
        visits = visits.filter(status__in=PUBLIC_STATUSES)
    return visits.order_by("-starts_on")


def with_team_size(visits) -> list[Visit]:
    sizes = dict(
        TeamMembership.objects.filter(visit__in=[v.pk for v in visits])
        .values("visit")
        .annotate(n=Count("pk"))
        .values_list("visit", "n")
    )
    for visit in visits:
        visit.team_size = sizes.get(visit.pk, 0)
    return visits


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str


def visit_history(visit: Visit, limit: int = 50) -> list[HistoryEntry]:
    """Changes to the visit and its team, newest first: who, when, what.

    Saving a visit and setting its hosts write several records at once; records that changed
    nothing, and repeats of the same change by the same person, are left out.
    """
    entries: list[HistoryEntry] = []
    visit_records = list(visit.history.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *visit_records], visit_records, strict=False):
        if previous is None:
            entry = HistoryEntry(record.history_date, _who(record), "Visit created")
        else:
            changed = [Visit._meta.get_field(c.field).verbose_name for c in record.diff_against(previous).changes]
            if not changed:
                continue
            entry = HistoryEntry(record.history_date, _who(record), f"Changed {', '.join(changed)}")
        if (
            entries
            and (entries[-1].who, entries[-1].what) == (entry.who, entry.what)
            and (entry.when - entries[-1].when) < datetime.timedelta(seconds=5)
        ):
            continue
        entries.append(entry)
    team_records = TeamMembership.history.filter(visit_id=visit.pk).select_related("history_user", "person")
    verbs = {"+": "added to the team", "~": "team details changed", "-": "removed from the team"}
    for record in team_records.order_by("history_date"):
        name = record.person.full_name if record.person_id else "someone"
        entries.append(HistoryEntry(record.history_date, _who(record), f"{name} {verbs[record.history_type]}"))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]


def _changed_fields(model, record, previous) -> str:
    """The fields that changed, in the form's order."""
    order = [field.name for field in model._meta.fields]
    changed = sorted((change.field for change in record.diff_against(previous).changes), key=order.index)
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in changed)


def programme_history(programme: Programme, limit: int = 5) -> list[HistoryEntry]:
    """The latest changes to a programme and its phases, newest first: who, when, what."""
    entries = []
    records = list(programme.history.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            entries.append(HistoryEntry(record.history_date, _who(record), "Created"))
        elif changed := _changed_fields(Programme, record, previous):
            entries.append(HistoryEntry(record.history_date, _who(record), f"Changed {changed}"))
    phase_records = Phase.history.filter(programme_id=programme.pk).select_related("history_user")
    previous_of: dict[int, object] = {}
    verbs = {"+": "added", "-": "removed"}
    for record in phase_records.order_by("history_date", "history_id"):
        previous = previous_of.get(record.id)
        previous_of[record.id] = record
        if record.history_type in verbs:
            what = f"{record.name} {verbs[record.history_type]}"
        elif previous is not None and (changed := _changed_fields(Phase, record, previous)):
            what = f"{record.name}: changed {changed}"
        else:
            continue
        entries.append(HistoryEntry(record.history_date, _who(record), what))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]


def _who(record) -> str:
    return record.history_user.full_name if record.history_user else "System"


def split_upcoming(visits: list[Visit], today: datetime.date | None = None) -> tuple[list[Visit], list[Visit]]:
    today = today or datetime.date.today()
    upcoming = [v for v in visits if (v.ends_on or v.starts_on) >= today]
    past = [v for v in visits if (v.ends_on or v.starts_on) < today]
    return upcoming, list(reversed(past))


def taking_part(visit):
    """The visit's team members who have not declined, with their people and organisations."""
    return visit.team.exclude(place=PlaceAnswer.DECLINED).select_related("person__organisation")


def awaiting_places(visit) -> list[TeamMembership]:
    """The active team members who have not answered about their place yet, by name."""
    return list(
        visit.team.filter(place=PlaceAnswer.AWAITING, person__is_active=True)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def current_induction_pack() -> InductionPack | None:
    return InductionPack.objects.order_by("-number").first()


def has_read(person, pack: InductionPack | None) -> bool:
    return pack is not None and InductionRead.objects.filter(person=person, pack=pack).exists()


def readers_of(pack: InductionPack | None, people) -> set[int]:
    if pack is None:
        return set()
    return set(InductionRead.objects.filter(pack=pack, person__in=people).values_list("person_id", flat=True))


def first_timers(visit: Visit) -> set[int]:
    """Team members with no earlier visit (one that started before this one and was not cancelled)."""
    team = [m.person_id for m in visit.team.all()]
    earlier = (
        TeamMembership.objects.filter(person__in=team, visit__starts_on__lt=visit.starts_on)
        .exclude(visit__status=VisitStatus.CANCELLED)
        .values_list("person_id", flat=True)
    )
    return set(team) - set(earlier)


@dataclass(frozen=True)
class FocusState:
    """What the visit page says of its focus: the latest proposal, and where the visit's own text comes from."""

    latest: FocusProposal | None
    origin: str  # where the visit's key question comes from, when no agreed proposal gave it
    agreed: FocusProposal | None = None  # the agreed proposal the visit's text is, while a newer one is decided

    @property
    def waiting(self) -> bool:
        return self.latest is not None and self.latest.decision == FocusDecision.WAITING

    @property
    def returned(self) -> bool:
        return self.latest is not None and self.latest.decision == FocusDecision.RETURNED


def focus_state(visit: Visit, proposals: list[FocusProposal] | None = None) -> FocusState:
    """The latest proposal that was not replaced, and (when the visit's text did not come from an agreed proposal,
    or was changed after it) where the text comes from: the published source, or the visit's details."""
    if proposals is None:
        proposals = list(visit.focus_proposals.select_related("proposed_by", "decided_by"))
    current = [p for p in proposals if p.decision != FocusDecision.REPLACED]
    latest = current[0] if current else None
    agreed = next((p for p in current if p.decision == FocusDecision.AGREED), None)
    from_agreed = agreed is not None and (agreed.key_question, agreed.focus_areas) == (
        visit.key_question,
        visit.focus_areas,
    )
    origin = ""
    if visit.key_question and not from_agreed:
        origin = (
            f"Recorded from the published source: {visit.source}."
            if visit.is_historic
            else "Written by an ADES officer in the details of the visit."
        )
    earlier = agreed if from_agreed and agreed is not latest else None
    return FocusState(latest=latest, origin=origin, agreed=earlier)


def waiting_proposal(visit: Visit) -> FocusProposal | None:
    return (
        visit.focus_proposals.filter(decision=FocusDecision.WAITING).select_related("proposed_by__organisation").first()
    )


# The standard three days: a frame to edit, not a record of any visit.
STANDARD = [
    (1, "09:00", "10:00", "Welcome, introductions and the host's context for the key question"),
    (1, "10:15", "12:30", "Sessions on the first focus area"),
    (1, "13:30", "16:00", "Sessions on the next focus areas"),
    (1, "16:00", "16:45", "Team reflection on the day"),
    (2, "09:00", "12:30", "Sessions with schools, staff, partners and learners"),
    (2, "13:30", "15:30", "Further sessions on the focus areas"),
    (2, "15:45", "16:45", "Team reflection: emerging strengths and areas for improvement"),
    (3, "09:00", "11:30", "The team agrees strengths, areas for improvement and next steps"),
    (3, "11:45", "12:45", "Feedback to the host authority"),
]


# A group's meeting (a Quad's) is one day: its standard frame.
STANDARD_MEETING = [
    (1, "09:30", "10:00", "Welcome and introductions"),
    (1, "10:00", "12:30", "Each authority's self-evaluation: comparing and challenging"),
    (1, "13:30", "15:30", "Agreeing the challenges and the support"),
    (1, "15:30", "16:00", "Next steps and the date to meet again"),
]


def standard_for(visit: Visit) -> list:
    """The frame a plan starts from: one day for a group's meeting, three for a visit."""
    return STANDARD_MEETING if visit.meeting_of else STANDARD


def plans_to_copy(visit: Visit):
    """Earlier visits with a plan, newest first, to copy from: their hosts and theme say which is which."""
    return (
        Visit.objects.filter(day_sessions__isnull=False)
        .exclude(pk=visit.pk)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("theme")
        .prefetch_related("hosts")
        .distinct()
        .order_by("-starts_on")
    )
