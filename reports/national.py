"""Impact against the figures people already use: national measures (ACEL, school leaver destinations, attendance,
exclusions, LGBF indicators) with a value per year for each authority, and its LGBF family group's median where
one is entered. Figures are imported from CSV, all or nothing, each with the publication it comes from; nothing is
estimated: a year with no figure says "not recorded".

Two layouts are read. The long layout of the published tables, a row per authority, measure and year:
`authority, measure, group, year, value` (and optionally `stage` and `organiser`, for ACEL). The before-and-after
layout of a report's impact measures: `authority, measure, group, baseline_year, baseline_value, followup_year,
followup_value`. An `authority` cell reading "Family group 2 median" gives that LGBF family group's median.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from authorities.models import Authority
from authorities.selectors import authorities_by_name, normalise_name
from core import cycles, freshness

from .models import MeasureFigure, NationalMeasure

LONG = ["authority", "measure", "group", "year", "value"]
BEFORE_AFTER = ["authority", "measure", "group", "baseline_year", "baseline_value", "followup_year", "followup_value"]
FAMILY_MEDIAN = re.compile(r"^family group ([1-4]) median$")
FIRST_EXAMPLE = Path(__file__).resolve().parent / "data" / "west_lothian_positive_destinations.csv"
FIRST_EXAMPLE_SOURCE = (
    "Collaborative Improvement final report (ADES and Education Scotland, 2025), Appendix 2, West Lothian's case "
    "study: the percentage of school leavers in a positive destination"
)


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


def _figures_of(row: dict, layout: list[str], names: dict) -> tuple[list[Figure], str]:
    """A line's figures (two in the before-and-after layout), or what is wrong with it."""
    authority, family, problem = _where(row["authority"], names)
    if problem or not row["measure"]:
        return [], problem or "the measure is missing"
    figures = []
    for year_text, value_text in _pairs(row, layout):
        year, value = _year(year_text), _value(value_text)
        if year is None or value is None:
            return [], "write the year like 2023-24 and the value as a number, like 94.1"
        group = row["group"] or "All pupils"
        stage, organiser = row.get("stage", ""), row.get("organiser", "")
        figures.append(Figure(authority, family, row["measure"], group, stage, organiser, year, value))
    return figures, ""


def read(data: bytes) -> list[Figure]:
    """Every figure in the file, or ImportProblems naming each bad line; nothing half-read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems(["The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8."]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    layout = next((cols for cols in (LONG, BEFORE_AFTER) if set(cols) <= set(header)), None)
    if layout is None:
        raise ImportProblems(
            [f"The first line must name the columns: {', '.join(LONG)} (or {', '.join(BEFORE_AFTER)})."]
        )
    names, figures, problems = authorities_by_name(), [], []
    for line, raw in enumerate(reader, start=2):
        row = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        found, problem = _figures_of(row, layout, names)
        if problem:
            problems.append(f"Line {line}: {problem}.")
        figures += found
    if problems:
        raise ImportProblems(problems)
    if not figures:
        raise ImportProblems(["The file has no figures."])
    return figures


@transaction.atomic
def save(figures: list[Figure], *, kind: str, source: str) -> int:
    """Store the figures: a figure already held for the same measure, place and year takes the new value and
    source. Returns how many were new or changed (so loading the same file again changes nothing)."""
    changed = 0
    for figure in figures:
        measure, _ = NationalMeasure.objects.get_or_create(
            kind=kind, name=figure.name, stage=figure.stage, organiser=figure.organiser, group=figure.group
        )
        place = {"measure": measure, "authority": figure.authority, "family_group": figure.family_group}
        held = MeasureFigure.objects.filter(**place, year=figure.year).first()
        if held is not None and (held.value, held.source) == (figure.value, source.strip()):
            continue
        MeasureFigure.objects.update_or_create(
            **place, year=figure.year, defaults={"value": figure.value, "source": source.strip()}
        )
        changed += 1
    if changed:
        freshness.changed()
    return changed


def load_first_example() -> int:
    """West Lothian's positive destinations, from the final report's case study, with that source."""
    return save(read(FIRST_EXAMPLE.read_bytes()), kind=NationalMeasure.Kind.DESTINATIONS, source=FIRST_EXAMPLE_SOURCE)


def figures_for(authority: Authority) -> list[dict]:
    """Each measure held for the authority: a row per year with its value and source, and its family group's
    median and source where one is entered (None where not)."""
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
        entry["rows"].append({"figure": figure, "median": medians.get((figure.measure_id, figure.year))})
    return list(measures.values())
