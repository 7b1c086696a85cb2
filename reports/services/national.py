"""Impact against the figures people already use: national measures (ACEL, school leaver destinations, attendance,
exclusions, LGBF indicators) with a value per year for each authority, and its LGBF family group's median where
one is entered. Figures are imported from CSV, all or nothing, each with the publication it comes from; nothing is
estimated: a year with no figure says "not recorded".

Two layouts are read. The long layout of the published tables, a row per authority, measure and year:
`authority, measure, group, year, value` (and optionally `stage` and `organiser`, for ACEL). The before-and-after
layout of a report's impact measures: `authority, measure, group, baseline_year, baseline_value, followup_year,
followup_value`. An `authority` cell reading "Family group 2 median" gives that LGBF family group's median.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Authority
from authorities.selectors import authorities_by_name, normalise_name
from core import cycles, freshness
from core.text import remove_direction_controls, without_direction_controls
from core.uploads import read_csv

from .. import audit_trail, measure_fields
from ..choices import EDITABLE
from ..models import ImpactMeasure, MeasureFigure, NationalMeasure

LONG = ["authority", "measure", "group", "year", "value"]
BEFORE_AFTER = ["authority", "measure", "group", "baseline_year", "baseline_value", "followup_year", "followup_value"]
FAMILY_MEDIAN = re.compile(r"^family group ([1-4]) median$")
FIRST_EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "west_lothian_positive_destinations.csv"
FIRST_EXAMPLE_SOURCE = (
    "Collaborative Improvement final report (ADES and Education Scotland, 2025), Appendix 2, West Lothian's case "
    "study: its table of positive destinations under “Data impact below”"
)
# The first example's groups as an earlier version of the portal named them, and as the case study does.
FIRST_EXAMPLE_RENAMED = {"Q1 (most deprived quintile)": "Q1"}


class ImportProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Figure:
    authority: Authority | None
    family_group: int | None
    name: str
    group: str
    stage: str
    organiser: str
    year: str
    value: Decimal


def _year(text: str) -> str | None:
    year = cycles.normalise(text)
    return year if cycles.is_consecutive(year) else None


def _value(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _where(cell: str, names: dict) -> tuple[Authority | None, int | None, str]:
    median = FAMILY_MEDIAN.match(normalise_name(cell))
    if median:
        return None, int(median.group(1)), ""
    authority = names.get(normalise_name(cell))
    return authority, None, "" if authority else f"“{cell.strip()}” is not a Scottish local authority"


def _pairs(row: dict, layout: list[str]) -> list[tuple[str, str]]:
    if layout == LONG:
        return [(row["year"], row["value"])]
    return [(row["baseline_year"], row["baseline_value"]), (row["followup_year"], row["followup_value"])]


def _figures_of(row: dict, layout: list[str], names: dict, kind: str | None) -> tuple[list[Figure], str]:
    """A line's figures (two in the before-and-after layout), or what is wrong with it."""
    authority, family, problem = _where(row["authority"], names)
    if problem or not row["measure"]:
        return [], problem or "the measure is missing"
    stage, organiser = row.get("stage", ""), row.get("organiser", "")
    if kind is not None:
        stage, organiser, wrong = measure_fields.checked(kind, stage, organiser)
        if wrong:
            return [], "; ".join(message[0].lower() + message[1:].rstrip(".") for message in wrong.values())
    figures = []
    for year_text, value_text in _pairs(row, layout):
        year, value = _year(year_text), _value(value_text)
        if year is None or value is None:
            return [], "write the year like 2023-24 and the value as a number, like 94.1"
        group = row["group"] or "All pupils"
        figures.append(Figure(authority, family, row["measure"], group, stage, organiser, year, value))
    return figures, ""


def read(data: bytes, *, kind: str | None = None) -> list[Figure]:
    """Every figure in the file, or ImportProblems naming each bad line; nothing half-read. Given the kind of
    measure, each line's stage and organiser are checked against it (only ACEL has them, from the list)."""
    columns, records = read_csv(data)  # a file that cannot be read raises ValidationError, saying why
    header = [name.strip().lower() for name in columns]
    layout = next((cols for cols in (LONG, BEFORE_AFTER) if set(cols) <= set(header)), None)
    if layout is None:
        raise ImportProblems(
            [f"The first line must name the columns: {', '.join(LONG)} (or {', '.join(BEFORE_AFTER)})."]
        )
    names, figures, problems = authorities_by_name(), [], []
    for line, (_, raw) in enumerate(records, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        found, problem = _figures_of(row, layout, names, kind)
        if problem:
            problems.append(f"Line {line}: {problem}.")
        figures += found
    if problems:
        raise ImportProblems(problems)
    if not figures:
        raise ImportProblems(["The file has no figures."])
    return figures


@audit_trail.figures_imported
@transaction.atomic
def save(*, figures: list[Figure], kind: str, source: str, by) -> int:
    """Store the figures: a figure already held for the same measure, place and year takes the new value and
    source. Returns how many were new or changed (so loading the same file again changes nothing)."""
    changed, groups = 0, _groups_in_order(figures)
    source = without_direction_controls(source).strip()  # as it is stored, so the same file again changes nothing
    for figure in figures:
        fields = {"name": figure.name, "stage": figure.stage, "organiser": figure.organiser, "group": figure.group}
        measure = measure_fields.held_already(kind=kind, **fields) or NationalMeasure.objects.create(
            kind=kind, position=groups[figure.name, figure.stage, figure.organiser].index(figure.group), **fields
        )
        place = {"measure": measure, "authority": figure.authority, "family_group": figure.family_group}
        held = MeasureFigure.objects.filter(**place, year=figure.year).first()
        if held is not None and (held.value, held.source) == (figure.value, source):
            continue
        MeasureFigure.objects.update_or_create(
            **place, year=figure.year, defaults={"value": figure.value, "source": source}
        )
        changed += 1
    if changed:
        freshness.changed()
    return changed


def _groups_in_order(figures: list[Figure]) -> dict[tuple, list[str]]:
    """Each measure's groups in the order the file first gives them: a new measure's position among its groups."""
    groups: dict[tuple, list[str]] = {}
    for figure in figures:
        named = groups.setdefault((figure.name, figure.stage, figure.organiser), [])
        if figure.group not in named:
            named.append(figure.group)
    return groups


def load_first_example() -> int:
    """West Lothian's positive destinations, from the final report's case study, with that source: its groups named
    and ordered as the case study gives them (a copy loaded under older names or in no order is brought into line)."""
    kind = NationalMeasure.Kind.DESTINATIONS
    figures = read(FIRST_EXAMPLE.read_bytes(), kind=kind)
    with transaction.atomic():
        for old, new in FIRST_EXAMPLE_RENAMED.items():
            if not NationalMeasure.objects.filter(kind=kind, group=new).exists():
                NationalMeasure.objects.filter(kind=kind, group=old).update(group=new)
        changed = save(figures=figures, kind=kind, source=FIRST_EXAMPLE_SOURCE, by=None)
        for (name, _, _), groups in _groups_in_order(figures).items():
            for position, group in enumerate(groups):
                NationalMeasure.objects.filter(kind=kind, name=name, group=group).exclude(position=position).update(
                    position=position
                )
    return changed


def replace_impact(report, impact: list[dict]) -> None:
    """A draft's impact measures as now written; one kept under the same measure and group keeps the national
    measure it names. (The caller checks the report is a draft, in its transaction.)"""
    named = {(m.measure.lower(), m.group.lower()): m.national_measure_id for m in report.impact_measures.all()}
    report.impact_measures.all().delete()
    ImpactMeasure.objects.bulk_create(
        remove_direction_controls(
            ImpactMeasure(
                report=report,
                position=n,
                national_measure_id=named.get((row["measure"].lower(), row["group"].lower())),
                **row,
            )
        )
        for n, row in enumerate(impact, start=1)
    )


@audit_trail.impact_linked
@transaction.atomic
def link_impact(*, report, links: dict[int, NationalMeasure | None], by) -> int:
    """Name the national measure behind each of a draft report's impact measures; returns how many are named."""
    if report.status not in EDITABLE:
        raise ValidationError(f"A report that is {report.get_status_display().lower()} cannot be edited.")
    measures = list(report.impact_measures.all())
    for measure in measures:
        measure.national_measure = links.get(measure.pk)
    ImpactMeasure.objects.bulk_update(measures, ["national_measure"])
    freshness.changed()
    return sum(1 for measure in measures if measure.national_measure_id)
