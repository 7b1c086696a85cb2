"""Reads of reports: the public archive sees only current, published, not withdrawn versions."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from authorities.models import Authority, Person
from reviews.choices import VisitStatus
from reviews.models import ProgrammeDocument, Visit
from reviews.selectors import taking_part
from reviews.services.importing import CI_PROGRAMME

from .choices import OPEN_ACTION_STATUSES, ActionStatus, FollowUpStatus, ReportStatus, SignOffAnswer
from .models import (
    Action,
    AuthorityReport,
    CaseStudy,
    EvaluationVersion,
    FollowUp,
    ImpactMeasure,
    MeasureFigure,
    Report,
    ReportVersion,
    SignOff,
)


def public_versions() -> QuerySet[ReportVersion]:
    """The current version of every published report."""
    return (
        ReportVersion.objects.filter(superseded_at__isnull=True, withdrawn_at__isnull=True)
        .exclude(pdf="")
        .select_related("report__visit__theme", "report__visit__programme", "report__visit__phase")
        .prefetch_related(Prefetch("report__visit__hosts", queryset=Authority.objects.order_by("name")))
        .order_by("-published_at", "-pk")
    )


@dataclass
class ArchiveFilters:
    q: str = ""
    authority: Authority | None = None
    people_family: int | None = None
    collaborative: object | None = None
    theme: object | None = None
    programme: object | None = None
    phase: int | None = None
    year: int | None = None


def search(versions: QuerySet, words: str) -> QuerySet:
    """Full-text search on PostgreSQL (stemmed English); a plain containment match elsewhere."""
    if connection.vendor == "postgresql":
        vector = SearchVector("search_text", config="english")
        return versions.annotate(search=vector).filter(
            search=SearchQuery(words, config="english", search_type="websearch")
        )
    condition = Q()
    for word in words.split():
        condition &= Q(search_text__icontains=word)
    return versions.filter(condition)


def _filtered(items: QuerySet, filters: ArchiveFilters, *, visit: str, year: str) -> QuerySet:
    """Archive items of either kind, by the words in them and by their visit: `visit` is the path to it."""
    if filters.q.strip():
        items = search(items, filters.q.strip())
    hosts = Q()
    if filters.authority:
        hosts &= Q(pk=filters.authority.pk)
    if filters.people_family:
        hosts &= Q(people_family=filters.people_family)
    if filters.collaborative:
        hosts &= Q(collaborative=filters.collaborative)
    if hosts:  # the one filter through a many-to-many join: only it can list an item twice
        items = items.filter(**{f"{visit}hosts__in": Authority.objects.filter(hosts)}).distinct()
    if filters.theme:
        items = items.filter(Q(**{f"{visit}theme": filters.theme}) | Q(**{f"{visit}theme__broader": filters.theme}))
    if filters.programme:
        items = items.filter(**{f"{visit}programme": filters.programme})
    if filters.phase:
        items = items.filter(**{f"{visit}phase__number": filters.phase})
    if filters.year:
        items = items.filter(**{year: filters.year})
    return items


def archive(filters: ArchiveFilters) -> QuerySet[ReportVersion]:
    return _filtered(public_versions(), filters, visit="report__visit__", year="published_at__year")


def case_studies() -> QuerySet[CaseStudy]:
    return CaseStudy.objects.select_related("visit__theme", "visit__programme", "visit__phase").prefetch_related(
        Prefetch("visit__hosts", queryset=Authority.objects.order_by("name")), "visit__focus_establishments"
    )


def archive_case_studies(filters: ArchiveFilters) -> QuerySet[CaseStudy]:
    return _filtered(case_studies(), filters, visit="visit__", year="source_year")


def about_part_of_a_programme(filters: ArchiveFilters) -> bool:
    """The archive is filtered to one authority, group, theme or phase: what is about a whole programme (its
    evaluation report, its own documents) is then not listed."""
    return bool(filters.authority or filters.people_family or filters.collaborative or filters.theme or filters.phase)


def archive_programme_documents(filters: ArchiveFilters) -> QuerySet[ProgrammeDocument]:
    """The programmes' own documents follow the evaluation report's rule: about a whole programme, they are not
    listed when the archive is filtered to one authority, group, theme or phase; nor to a year, as the portal holds
    no date for them, only the period their publisher gives in words. The words and the programme filter them."""
    if about_part_of_a_programme(filters) or filters.year:
        return ProgrammeDocument.objects.none()
    documents = ProgrammeDocument.objects.select_related("programme").order_by("programme__name", "position", "pk")
    if filters.programme:
        documents = documents.filter(programme=filters.programme)
    for word in filters.q.split():
        documents = documents.filter(
            Q(title__icontains=word) | Q(period__icontains=word) | Q(published_by__icontains=word)
        )
    return documents


def recordable_visits() -> QuerySet[Visit]:
    """The visits that can have an authority's report: reviews, not a group's (a Quad's) meetings, which have no
    report (what a Quad agrees is recorded on the Quad's page)."""
    return Visit.objects.filter(meeting_of="")


def listable(reports: QuerySet) -> QuerySet:
    """Only records that can be true: of a review (not a meeting), not cancelled, that has started, and not said to
    be published before the year the visit took place or after today. Records held from before these checks are
    left out."""
    today = timezone.localdate()
    return (
        reports.filter(visit__meeting_of="", visit__starts_on__lte=today)
        .exclude(visit__status=VisitStatus.CANCELLED)
        .exclude(Q(published_year__isnull=False) & Q(published_year__lt=ExtractYear("visit__starts_on")))
        .exclude(Q(published_year__gt=today.year) | Q(published_on__gt=today))
    )


def overdue_follow_ups(today: datetime.date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups whose planned date has passed without being recorded as held."""
    today = today or timezone.localdate()
    return FollowUp.objects.exclude(status=FollowUpStatus.HELD).filter(planned_on__lt=today)


def authority_reports() -> QuerySet[AuthorityReport]:
    """The records the archive and its index list: only those that can be true (see listable)."""
    return (
        listable(AuthorityReport.objects.all())
        .select_related("visit__theme", "visit__programme", "visit__phase", "published_by")
        .prefetch_related(Prefetch("visit__hosts", queryset=Authority.objects.order_by("name")))
        .prefetch_related("visit__focus_establishments")
    )


def archive_authority_reports(filters: ArchiveFilters) -> QuerySet[AuthorityReport]:
    return _filtered(authority_reports(), filters, visit="visit__", year="published_year")


def report_page_queryset() -> QuerySet[Report]:
    return Report.objects.select_related("visit__theme", "visit__programme", "visit__phase").prefetch_related(
        Prefetch("visit__hosts", queryset=Authority.objects.order_by("name")),
        Prefetch("versions", queryset=ReportVersion.objects.order_by("-number")),
    )


def others_on_theme(report: Report) -> list[Authority]:
    """Other authorities whose published reports share this theme (or its broader theme): the network."""
    theme = report.visit.theme
    themes = Q(report__visit__theme=theme)
    if theme.broader_id:
        themes |= Q(report__visit__theme=theme.broader_id) | Q(report__visit__theme__broader=theme.broader_id)
    else:
        themes |= Q(report__visit__theme__broader=theme)
    versions = public_versions().filter(themes).exclude(report=report)
    return list(
        Authority.objects.filter(hosted_visits__report__versions__in=versions)
        .exclude(pk__in=report.visit.hosts.values("pk"))
        .distinct()
        .order_by("name")
    )


def actions_queryset() -> QuerySet[Action]:
    return (
        Action.objects.select_related("owner", "finding__visit__theme")
        .prefetch_related(Prefetch("finding__visit__hosts", queryset=Authority.objects.order_by("name")))
        .order_by(F("due_on").asc(nulls_last=True), "finding__visit__starts_on", "finding__position")
    )


def actions_of_authority(authority: Authority) -> QuerySet[Action]:
    return actions_queryset().filter(finding__visit__hosts=authority)


def follow_ups_of_authority(authority: Authority) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(visit__hosts=authority, status=FollowUpStatus.HELD)
        .select_related("visit__theme")
        .annotate(noted=Count("progress", distinct=True), attended=Count("attendees", distinct=True))
        .order_by("-held_on", "-pk")
    )


def impact_of_authority(authority: Authority) -> QuerySet[ImpactMeasure]:
    return (
        ImpactMeasure.objects.filter(report__visit__hosts=authority)
        .select_related("report__visit__theme")
        .order_by("-report__visit__starts_on", "position")
    )


def _actions(status_filter: Q, prefix: str = "hosted_visits__findings__action__") -> Count:
    return Count(f"{prefix}pk", filter=status_filter, distinct=True)


def dashboard_overview(today: datetime.date) -> QuerySet[Authority]:
    """Every authority with its actions counted by state and its latest follow-up: one query."""
    field = "hosted_visits__findings__action__"
    is_open = Q(**{f"{field}status__in": OPEN_ACTION_STATUSES})
    held = FollowUp.objects.filter(visit__hosts=OuterRef("pk"), status=FollowUpStatus.HELD)
    latest = held.order_by("-held_on").values("held_on")[:1]
    return Authority.objects.annotate(
        open_actions=_actions(is_open),
        overdue_actions=_actions(is_open & Q(**{f"{field}due_on__lt": today})),
        done_actions=_actions(Q(**{f"{field}status": ActionStatus.DONE})),
        dropped_actions=_actions(Q(**{f"{field}status": ActionStatus.DROPPED})),
        last_follow_up=Subquery(latest),
    ).order_by("name")


def historic_visits():
    """The 2021–24 programme's visits, with their authority report where one is held."""
    return (
        recordable_visits()
        .filter(programme__slug=CI_PROGRAMME["slug"])
        .select_related("theme", "phase", "authority_report")
        .prefetch_related("hosts")
        .order_by("starts_on", "pk")
    )


def figures_for(authority: Authority) -> list[dict]:
    """Each measure held for the authority, with its figures as `_host_figures` gives them: a row per year with its
    value and source, and its family group's median and source where one is entered (None where not)."""
    held = MeasureFigure.objects.filter(authority=authority).select_related("measure").order_by("measure", "year")
    medians = {
        (f.measure_id, f.year): f
        for f in MeasureFigure.objects.filter(
            family_group=authority.people_family, measure__figures__authority=authority
        )
    }
    measures: dict[int, dict] = {}
    for figure in held:
        entry = measures.setdefault(figure.measure_id, {"measure": figure.measure, "rows": []})
        entry["rows"].append((figure, medians.get((figure.measure_id, figure.year))))
    return [
        {"measure": entry["measure"], "host": _host_figures(authority, entry["rows"])} for entry in measures.values()
    ]


def _shown(value: Decimal) -> str:
    """A figure to one decimal place, or two where it has them (held to two): 94.10 is 94.1, 0.25 stays 0.25."""
    return f"{value:.2f}" if value != value.quantize(Decimal("0.1")) else f"{value:.1f}"


def impact_rows(report, hosts) -> list[dict]:
    """A report's impact measures as its page and PDF show them, with the national figures beside those naming one."""
    measures = list(report.impact_measures.select_related("national_measure"))
    beside = beside_impact(measures, hosts)
    return [
        {
            "measure": m.measure,
            "group": m.group,
            "baseline_year": m.baseline_year,
            "baseline_value": f"{m.baseline_value:.1f}",
            "followup_year": m.followup_year,
            "followup_value": f"{m.followup_value:.1f}",
            "change": f"{m.change_points:+.1f}",
            "national": beside.get(m.pk),
        }
        for m in measures
    ]


def beside_impact(measures, hosts) -> dict[int, dict]:
    """For each impact measure naming a national measure: the figures held for each host authority, year by year,
    with the source and its family group's median and source (None where not entered). Plain values, so a
    published version keeps them as they were."""
    wanted = {measure.national_measure_id for measure in measures if measure.national_measure_id}
    if not wanted:
        return {}
    held = {
        (host.pk, entry["measure"].pk): entry["host"]
        for host in hosts
        for entry in figures_for(host)
        if entry["measure"].pk in wanted
    }
    return {
        measure.pk: {
            "name": str(measure.national_measure),
            "hosts": [held.get((host.pk, measure.national_measure_id)) or _host_figures(host, []) for host in hosts],
        }
        for measure in measures
        if measure.national_measure_id
    }


def _host_figures(host: Authority, rows: list[tuple[MeasureFigure, MeasureFigure | None]]) -> dict:
    """An authority's figures on one measure as plain values (so a published version keeps them as they were)."""
    return {
        "authority": host.name,
        "family_group": host.people_family,
        "rows": [
            {
                "year": figure.year,
                "value": _shown(figure.value),
                "source": figure.source,
                "median": _shown(median.value) if median else None,
                "median_source": median.source if median else None,
            }
            for figure, median in rows
        ],
    }


def external_members(report: Report) -> list[Person]:
    """The team's members from outside the host authorities (ADES, Education Scotland, HMI, peers); not declined."""
    visit = report.visit
    hosts = {host.pk for host in visit.hosts.all()}
    team = taking_part(visit)
    return [
        m.person
        for m in team
        if m.person.is_active and m.person.erased_at is None and m.person.organisation.authority_id not in hosts
    ]


def can_answer(sign_off: SignOff) -> bool:
    return sign_off.report.status == ReportStatus.SUBMITTED


def tally(report: Report) -> dict[str, int]:
    """How many external members were asked, and how many gave each answer; and whether anyone at all is recorded
    on the team (a 2021–24 visit's source may name nobody, so nobody could be asked)."""
    counts = {"asked": 0, **{answer.value: 0 for answer in SignOffAnswer}}
    counts["team_recorded"] = report.visit.team.exists()
    for value in report.sign_offs.values_list("answer", flat=True):
        counts["asked"] += 1
        counts[value] += 1
    return counts


def follow_up_team(visit: Visit):
    """Whom a follow-up invites and reminds: the visit's team taking part, active and not erased."""
    return [m.person for m in taking_part(visit) if m.person.is_active and m.person.erased_at is None]


def team_count(visit: Visit) -> int:
    return len(follow_up_team(visit))


def public_evaluations() -> QuerySet[EvaluationVersion]:
    """The current published version of every programme's evaluation report (its PDF may still be being prepared)."""
    return (
        EvaluationVersion.objects.filter(superseded_at__isnull=True, withdrawn_at__isnull=True)
        .select_related("evaluation__programme")
        .order_by("-published_at", "-pk")
    )


def archive_evaluations(filters: ArchiveFilters) -> QuerySet[EvaluationVersion]:
    """A programme's evaluation report is about all its authorities and themes: listed unless the archive is
    filtered to one authority, group, theme or phase."""
    if about_part_of_a_programme(filters):
        return EvaluationVersion.objects.none()
    items = public_evaluations()
    if filters.q.strip():
        items = items.filter(search_text__icontains=filters.q.strip())
    if filters.programme:
        items = items.filter(evaluation__programme=filters.programme)
    if filters.year:
        items = items.filter(published_at__year=filters.year)
    return items
