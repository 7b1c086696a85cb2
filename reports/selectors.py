"""Reads of reports: the public archive sees only current, published, not withdrawn versions."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from authorities.models import Authority

from .choices import OPEN_ACTION_STATUSES, ActionStatus, FollowUpStatus
from .models import Action, AuthorityReport, CaseStudy, FollowUp, ImpactMeasure, Report, ReportVersion


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
        from django.contrib.postgres.search import SearchQuery, SearchVector

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
        Prefetch("visit__hosts", queryset=Authority.objects.order_by("name"))
    )


def archive_case_studies(filters: ArchiveFilters) -> QuerySet[CaseStudy]:
    return _filtered(case_studies(), filters, visit="visit__", year="source_year")


def authority_reports() -> QuerySet[AuthorityReport]:
    """The records the archive and its index list: only those that can be true (see authority_reports.listable)."""
    from .authority_reports import listable

    return (
        listable(AuthorityReport.objects.all())
        .select_related("visit__theme", "visit__programme", "visit__phase")
        .prefetch_related(Prefetch("visit__hosts", queryset=Authority.objects.order_by("name")))
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
