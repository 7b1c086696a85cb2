"""Reads for the Quads' pages."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from authorities.models import Authority
from reviews.choices import VisitStatus
from reviews.models import Visit
from surveys.choices import Purpose
from surveys.models import Question, Questionnaire

from .models import Grade, Quad, SelfEvaluation
from .services import self_evaluation


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
        framework = self_evaluation.current_framework()
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
