"""Reads for the Quads' pages and services: a cycle's Quads and the warnings about their make-up, the suggested
split, the cycle's programme, the current framework and the self-evaluations to compare."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from authorities.models import Authority
from core import cycles
from core.cycles import normalise
from reviews.choices import ProgrammeKind, VisitStatus
from reviews.models import Programme, Visit
from surveys.choices import Purpose
from surveys.models import Question, Questionnaire

from . import split
from .models import Grade, Quad, QuadsGuidance, SelfEvaluation


@dataclass
class QuadColumn:
    authority: Authority
    self_evaluation: SelfEvaluation | None

    @property
    def is_submitted(self) -> bool:
        return self.self_evaluation is not None and self.self_evaluation.is_locked


@dataclass
class QuadRow:
    indicator: Question
    cells: list  # (column, Grade or None) per column: only submitted self-evaluations are shown to the Quad


def quad_comparison(quad) -> tuple[list[QuadColumn], list[QuadRow]]:
    """The Quad's four authorities side by side, indicator by indicator, for its cycle; a constant four queries."""
    members = list(quad.members.all())
    evaluations = {
        evaluation.authority_id: evaluation
        for evaluation in SelfEvaluation.objects.filter(cycle=quad.cycle, authority__in=members)
        .select_related("framework", "submitted_by")
        .prefetch_related(Prefetch("grades", queryset=Grade.objects.select_related("indicator")))
    }
    columns = [QuadColumn(member, evaluations.get(member.pk)) for member in members]
    indicators: dict[int, Question] = {}
    by_column: list[dict[int, Grade]] = []
    for column in columns:
        grades = {}
        if column.is_submitted:
            for grade in column.self_evaluation.grades.all():
                indicators.setdefault(grade.indicator_id, grade.indicator)
                grades[grade.indicator_id] = grade
        by_column.append(grades)
    if not indicators:
        framework = current_framework()
        indicators = {question.pk: question for question in framework.questions.all()} if framework else {}
    ordered = sorted(indicators.values(), key=lambda question: (question.questionnaire_id, question.position))
    rows = [
        QuadRow(
            indicator, [(column, grades.get(indicator.pk)) for column, grades in zip(columns, by_column, strict=True)]
        )
        for indicator in ordered
    ]
    return columns, rows


def quads_of(authority: Authority) -> QuerySet[Quad]:
    return authority.quads.prefetch_related(Prefetch("members", queryset=Authority.objects.order_by("name")))


def frameworks() -> list[Questionnaire]:
    """Every version of the framework, newest first, each with how many self-evaluations use it and in which cycles."""
    versions = list(
        Questionnaire.objects.filter(purpose=Purpose.FRAMEWORK)
        .annotate(uses=Count("self_evaluations"))
        .order_by("-created_at", "-pk")
    )
    cycles = defaultdict(set)
    for framework_id, cycle in SelfEvaluation.objects.values_list("framework_id", "cycle").distinct():
        cycles[framework_id].add(cycle)
    for number, version in enumerate(versions):
        version.version = len(versions) - number
        version.cycles = sorted(cycles[version.pk])
    return versions


def is_held(visit) -> bool:
    """A meeting has taken place: confirmed (or completed), and its (last) day has come. A proposed one whose day has
    passed was never agreed, and a cancelled one did not happen."""
    return (
        visit.has_exact_dates
        and visit.status in (VisitStatus.CONFIRMED, VisitStatus.COMPLETED)
        and (visit.ends_on or visit.starts_on) <= timezone.localdate()
    )


def has_met(quad) -> bool:
    """Whether a meeting of the Quad has taken place, so that what it agreed can be recorded."""
    meetings = Visit.objects.filter(quad_meeting__quad=quad, status__in=(VisitStatus.CONFIRMED, VisitStatus.COMPLETED))
    return any(is_held(visit) for visit in meetings)


@dataclass(frozen=True)
class QuadWarning:
    code: str
    message: str


def quad_warnings(members: Sequence[Authority], cycle: str, *, others: Iterable[tuple[str, Sequence]]) -> list:
    """What an officer should check about four authorities; nothing is refused.

    ``others`` are the rest of the cycle's Quads (and any suggested beside this one), as (label, members).
    """
    warnings = []
    if len({member.people_family for member in members}) > 1:
        by_family = ", ".join(f"{member.name} ({member.people_family})" for member in members)
        warnings.append(
            QuadWarning("mixed_families", f"The four are not all in one family group (children's set): {by_family}.")
        )
    names = {member.name for member in members}
    places: dict[str, list[str]] = defaultdict(list)
    for label, other_members in others:
        for member in other_members:
            if member.name in names:
                places[member.name].append(label)
    for name in sorted(places):
        warnings.append(
            QuadWarning("in_two_quads", f"{name} is also in {' and '.join(places[name])} of {normalise(cycle)}.")
        )
    return warnings


def quads_of_cycle(cycle: str):
    return Quad.objects.filter(cycle=normalise(cycle)).prefetch_related(
        Prefetch("members", queryset=Authority.objects.order_by("name"))
    )


def others_in_cycle(cycle: str, *, exclude: Quad | None = None) -> list[tuple[str, list[Authority]]]:
    quads = quads_of_cycle(cycle).exclude(pk=getattr(exclude, "pk", None))
    return [(f"Quad {quad.name}", list(quad.members.all())) for quad in quads]


def warnings_of(quad: Quad, cycle_quads: Sequence[Quad]) -> list[QuadWarning]:
    """A stored Quad's warnings, given the cycle's Quads already loaded with their members."""
    others = [(f"Quad {other.name}", list(other.members.all())) for other in cycle_quads if other.pk != quad.pk]
    return quad_warnings(list(quad.members.all()), quad.cycle, others=others)


@dataclass
class SuggestedQuad:
    family: int
    name: str
    members: list[Authority]
    reasons: list[str]


def suggest_split(cycle: str) -> tuple[list[SuggestedQuad], list[Authority]]:
    """Each family group split into Quads of four, from the authorities not yet in a Quad of the cycle, mixing
    collaboratives and keeping apart those who shared a Quad the cycle before (quads/split.py says how), each with
    the reasons for it. Returns the suggested Quads and whoever is left over (a family group whose free members do
    not divide into fours)."""
    taken = Quad.objects.filter(cycle=normalise(cycle)).values("members")
    free = Authority.objects.exclude(pk__in=taken).select_related("collaborative").order_by("name")
    families: dict[int, list[Authority]] = defaultdict(list)
    for authority in free:
        families[authority.people_family].append(authority)
    before = previous_cycle(cycle)
    earlier = earlier_partners(before)
    suggestions, left_over = [], []
    for family in sorted(families):
        chosen = split.best_split(families[family], earlier)
        for number, members in enumerate(chosen.quads, start=1):
            said = split.reasons(members, family, chosen, earlier, before=before)
            name = f"Family group {family}, Quad {_letter(number)}"
            suggestions.append(SuggestedQuad(family, name, list(members), said))
        left_over.extend(chosen.left_over)
    return suggestions, sorted(left_over, key=lambda a: a.name)


def earlier_partners(cycle: str) -> dict[frozenset, str]:
    """Each pair of authorities who were in one Quad of the cycle, with that Quad ("Quad North")."""
    partners = {}
    for quad in quads_of_cycle(cycle):
        for first, second in split.pairs_in(list(quad.members.all())):
            partners.setdefault(frozenset((first.pk, second.pk)), f"Quad {quad.name}")
    return partners


def _letter(number: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number - 1] if number <= 26 else str(number)


def has_meetings(quad: Quad) -> bool:
    """Whether the Quad has a meeting that is not cancelled."""
    return quad.meeting_links.exclude(visit__status=VisitStatus.CANCELLED).exists()


def cycle_programme(cycle: str) -> Programme | None:
    """The Quads programme of a cycle, where its meetings are scheduled; None before the cycle is started."""
    return Programme.objects.filter(kind=ProgrammeKind.QUADS, school_years=normalise(cycle)).first()


def next_cycle() -> str:
    """The cycle to start next: the one after the latest started, and never one already over (it may be beyond
    the cycles that can be started: the page then offers none)."""
    started = Programme.objects.filter(kind=ProgrammeKind.QUADS).values_list("school_years", flat=True)
    latest = cycles.latest(started)
    return max(cycles.following(latest), cycles.current_cycle()) if latest else cycles.current_cycle()


def current_framework() -> Questionnaire | None:
    """The framework new self-evaluations use: the newest one."""
    return Questionnaire.objects.filter(purpose=Purpose.FRAMEWORK).order_by("-created_at", "-pk").first()


def previous_cycle(cycle: str) -> str:
    """The school year before: 2024–25 for 2025–26."""
    start = int(cycles.normalise(cycle)[:4]) - 1
    return f"{start}–{(start + 1) % 100:02d}"


def current_guidance() -> QuadsGuidance | None:
    """The Quads guidance shown: its newest version."""
    return QuadsGuidance.objects.order_by("-number").first()


def latest_quads_of(authority: Authority) -> list[Quad]:
    """The authority's Quads of the latest cycle it has any in (normally one)."""
    latest = authority.quads.order_by("-cycle").values_list("cycle", flat=True).first()
    return list(authority.quads.filter(cycle=latest).order_by("name")) if latest else []
