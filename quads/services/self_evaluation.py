"""Frameworks of quality indicators and authorities' self-evaluations against them: every write, and the import.

A framework is a questionnaire whose questions are six-point quality indicators, so the survey's questions,
scale and form fields serve the self-evaluation too.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from authorities.models import Authority, Person
from core import cycles, freshness
from core.text import remove_direction_controls
from core.uploads import read_csv
from surveys.choices import Purpose, QuestionKind
from surveys.models import Question, Questionnaire

from .. import audit_trail
from ..choices import SelfEvaluationStep
from ..models import Grade, SelfEvaluation, SelfEvaluationEvent
from ..selectors import current_framework, previous_cycle

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
STARTING_FRAMEWORK = {
    "name": "QMIE2 high-level questions (a starting framework)",
    "slug": "qmie2-high-level-questions",
    "introduction": (
        "A starting framework: the six high-level questions of Quality Management in Education 2. The quality "
        "indicators of ADES's “How good is our education authority?” are not published; officers can import them "
        "as a framework of their own."
    ),
}
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,19}$")
MAX_TITLE = 300


class Locked(Exception):
    """A submitted self-evaluation cannot change until it is reopened."""


class ImportProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class IndicatorRow:
    row: int
    code: str
    title: str
    guidance: str
    rubric: str = ""


def read_indicators(data: bytes) -> list[IndicatorRow]:
    """Every row of a framework CSV checked; raises ImportProblems naming each bad row, so nothing is written.

    Columns: code and title (or question), and optionally guidance, illustrations (kept with the guidance) and rubric.
    """
    columns, records = read_csv(data)  # a file that cannot be read raises ValidationError, saying why
    headers = {(name or "").strip().lower() for name in columns}
    title_column = "title" if "title" in headers else "question" if "question" in headers else None
    if "code" not in headers or title_column is None:
        raise ImportProblems(
            [
                "The file needs a heading row with the columns code and title (guidance, illustrations and rubric "
                "are optional)."
            ]
        )
    rows, problems, codes = [], [], {}
    for number, (_, raw) in enumerate(records, start=2):  # row 1 is the heading
        record = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        row = IndicatorRow(
            number,
            record.get("code", ""),
            record.get(title_column, ""),
            "\n\n".join(part for part in (record.get("guidance", ""), record.get("illustrations", "")) if part),
            record.get("rubric", ""),
        )
        if any((row.code, row.title, row.guidance, row.rubric)):
            problems += _row_problems(row, codes)
            rows.append(row)
    if not rows and not problems:
        problems.append("The file has no indicators: add a row for each under the heading row.")
    if problems:
        raise ImportProblems(problems)
    return rows


def _row_problems(row: IndicatorRow, codes: dict[str, int]) -> list[str]:
    """What is wrong with one indicator's row; a good code is remembered so a repeat of it is caught."""
    number, code, title = row.row, row.code, row.title
    problems = []
    if not code:
        problems.append(f"Row {number}: the code is empty.")
    elif not CODE.match(code):
        problems.append(f"Row {number}: the code “{code}” may use only letters, digits, dots and hyphens (20 at most).")
    elif code.lower() in codes:
        problems.append(f"Row {number}: the code {code} is used on row {codes[code.lower()]} as well.")
    else:
        codes[code.lower()] = number
    if not title:
        problems.append(f"Row {number}: the title is empty.")
    elif len(title) > MAX_TITLE:
        problems.append(f"Row {number}: the title is {len(title)} characters long; {MAX_TITLE} at most.")
    return problems


@audit_trail.framework_imported
@transaction.atomic
def create_framework(
    *, name: str, rows: list[IndicatorRow], introduction: str = "", slug: str = "", by
) -> Questionnaire:
    framework = Questionnaire.objects.create(
        name=name.strip(), slug=slug or _unique_slug(name), introduction=introduction, purpose=Purpose.FRAMEWORK
    )
    Question.objects.bulk_create(
        remove_direction_controls(
            Question(
                questionnaire=framework,
                position=position,
                code=row.code,
                kind=QuestionKind.EVALUATION,
                text=row.title,
                guidance=row.guidance,
                rubric=row.rubric,
            )
        )
        for position, row in enumerate(rows, start=1)
    )
    return framework


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "framework"
    slug, number = base, 2
    while Questionnaire.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def load_starting_framework() -> Questionnaire:
    """The QMIE2 high-level questions, labelled as a starting framework; safe to run again."""
    existing = Questionnaire.objects.filter(slug=STARTING_FRAMEWORK["slug"]).first()
    if existing:
        return existing
    rows = read_indicators((DATA_DIR / "qmie2_high_level_questions.csv").read_bytes())
    return create_framework(rows=rows, **STARTING_FRAMEWORK, by=None)


@audit_trail.started
@transaction.atomic
def start_self_evaluation(*, authority: Authority, cycle: str, by: Person) -> SelfEvaluation:
    """The authority's self-evaluation of the cycle, started against the current framework if there is none."""
    cycle = cycles.normalise(cycle)
    existing = SelfEvaluation.objects.filter(authority=authority, cycle=cycle).first()
    if existing:
        return existing
    framework = current_framework()
    if framework is None:
        raise ValueError("There is no self-evaluation framework yet.")
    try:
        with transaction.atomic():
            self_evaluation = SelfEvaluation.objects.create(authority=authority, cycle=cycle, framework=framework)
    except IntegrityError:  # started at the same moment by a colleague
        return SelfEvaluation.objects.get(authority=authority, cycle=cycle)
    Grade.objects.bulk_create(
        Grade(self_evaluation=self_evaluation, indicator=indicator) for indicator in framework.questions.all()
    )
    freshness.changed()  # bulk writes send no signals
    return self_evaluation


@audit_trail.grades_saved
@transaction.atomic
def save_grades(
    *, self_evaluation: SelfEvaluation, grades: dict[int, dict], by: Person, submit: bool = False
) -> SelfEvaluation:
    """Save every indicator's grade, evidence and next steps; with ``submit``, lock it for the Quad to read.

    ``grades`` maps an indicator's id to its ``level``, ``evidence`` and ``next_steps``.
    """
    self_evaluation = SelfEvaluation.objects.select_for_update().get(pk=self_evaluation.pk)
    if self_evaluation.is_locked:
        raise Locked("The self-evaluation is submitted: reopen it to change it.")
    rows = {grade.indicator_id: grade for grade in self_evaluation.grades.select_related("indicator")}
    now = timezone.now()
    for indicator_id, values in grades.items():
        grade = rows[indicator_id]
        grade.updated_at = now
        grade.level = values["level"]
        grade.evidence = values["evidence"].strip()
        grade.next_steps = values["next_steps"].strip()
    Grade.objects.bulk_update(
        map(remove_direction_controls, rows.values()), ["level", "evidence", "next_steps", "updated_at"]
    )
    freshness.changed()  # bulk writes send no signals
    if submit:
        missing = [grade.indicator.code for grade in rows.values() if grade.level is None or not grade.evidence]
        if missing:
            raise ValueError(f"Indicators without a grade or evidence: {', '.join(missing)}.")
        self_evaluation.submitted_at, self_evaluation.submitted_by = timezone.now(), by
    self_evaluation.save()
    SelfEvaluationEvent.objects.create(
        self_evaluation=self_evaluation,
        step=SelfEvaluationStep.SUBMITTED if submit else SelfEvaluationStep.SAVED,
        by=by,
    )
    return self_evaluation


@audit_trail.reopened
@transaction.atomic
def reopen_self_evaluation(*, self_evaluation: SelfEvaluation, by: Person, reason: str) -> SelfEvaluation:
    self_evaluation = SelfEvaluation.objects.select_for_update().get(pk=self_evaluation.pk)
    if not self_evaluation.is_locked:
        return self_evaluation  # reopened already, by a second click or a colleague
    self_evaluation.submitted_at = self_evaluation.submitted_by = None
    self_evaluation.save()
    SelfEvaluationEvent.objects.create(
        self_evaluation=self_evaluation, step=SelfEvaluationStep.REOPENED, by=by, comment=reason.strip()
    )
    return self_evaluation


@dataclass(frozen=True)
class LastCycle:
    """An indicator's grade in the authority's previous submitted self-evaluation, and how the grade moved."""

    cycle: str
    grade: Grade | None

    def movement(self, level: int | None) -> str:
        if self.grade is None or self.grade.level is None:
            return "not graded last cycle"
        if level is None:
            return "not graded yet this cycle"
        # The scale runs from 6 (excellent) down to 1 (unsatisfactory).
        change = level - self.grade.level
        if change == 0:
            return "the same as last cycle"
        return f"{'up' if change > 0 else 'down'} {abs(change)} since last cycle"


def attach_last_cycle(evaluation: SelfEvaluation, grades: list[Grade]) -> SelfEvaluation | None:
    """Give each grade's indicator `last` (a LastCycle), matched by the indicator's code, from the authority's
    self-evaluation of the previous cycle if it was submitted; returns that self-evaluation, or None."""
    cycle = previous_cycle(evaluation.cycle)
    last = (
        SelfEvaluation.objects.filter(authority=evaluation.authority, cycle=cycle, submitted_at__isnull=False)
        .prefetch_related("grades__indicator")
        .first()
    )
    by_code = {grade.indicator.code: grade for grade in last.grades.all()} if last else {}
    for grade in grades:
        grade.indicator.last = LastCycle(cycle, by_code.get(grade.indicator.code))
        grade.indicator.movement = grade.indicator.last.movement(grade.level)
    return last
