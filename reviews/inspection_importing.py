"""Reading national thematic inspections from CSV or XLSX and checking every row before anything is written.

Columns: title, theme, scope ("authority" or "national sample"), authorities (names separated by ;, other names
such as "Western Isles" accepted), start and end (a day like 2024-03-05 or 05/03/2024, or a month like 2024-03),
source (an https link), and optionally source_note. A cell a spreadsheet would run as a formula (starting =, +, -,
@) is refused, so nothing typed into the file can run when the portal's data is opened in a spreadsheet again.
"""

import calendar
import datetime
import difflib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from authorities.models import Authority
from authorities.selectors import authorities_by_name, normalise_name
from core.exports import is_formula_like

from .choices import DatePrecision
from .importing import RowProblem, _parse_date, _parse_month
from .models import Theme
from .models.inspections import InspectionScope, NationalInspection, validate_https

REQUIRED_COLUMNS = ("title", "theme", "scope", "authorities", "start", "end", "source")
OPTIONAL_COLUMNS = ("source_note",)
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
MAX_ROWS = 500
SCOPES = {
    "authority": InspectionScope.AUTHORITY,
    "one authority": InspectionScope.AUTHORITY,
    "national sample": InspectionScope.NATIONAL_SAMPLE,
    "national_sample": InspectionScope.NATIONAL_SAMPLE,
    "national": InspectionScope.NATIONAL_SAMPLE,
}
TEMPLATE_ROWS = [
    list(COLUMNS),
    [
        "Example: a national thematic inspection of curriculum design",
        "Curriculum design",
        "national sample",
        "Fife; Western Isles; Highland",
        "2024-09",
        "2024-11",
        "https://education.gov.scot/",
        "Replace these rows with the inspections to record.",
    ],
    [
        "Example: an inspection of one authority",
        "Attendance",
        "authority",
        "Angus",
        "2025-02-03",
        "2025-02-14",
        "https://education.gov.scot/",
        "",
    ],
]


@dataclass(frozen=True)
class InspectionRow:
    line: int
    title: str
    theme: Theme | None
    theme_name: str
    scope: str
    authorities: tuple[Authority, ...]
    starts_on: datetime.date
    ends_on: datetime.date
    date_precision: str
    source_url: str
    source_note: str = ""

    @property
    def authority_names(self) -> str:
        return "; ".join(authority.name for authority in self.authorities)

    def fields(self) -> dict:
        return {
            "title": self.title,
            "theme": self.theme,
            "theme_name": self.theme_name,
            "scope": self.scope,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "date_precision": self.date_precision,
            "source_url": self.source_url,
            "source_note": self.source_note,
        }


@dataclass
class ParsedInspections:
    rows: list[InspectionRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Every row as written, with its own problems beside it, for the page to show each row's errors next to it.
    lines: list[tuple[int, dict, list[str]]] = field(default_factory=list)


def _problem(column: str, message: str) -> str:
    return f"column {column}: {message}"


# Each column and the field it fills: a cell longer than the field holds is refused, never cut short.
LENGTHS = {
    column: NationalInspection._meta.get_field(name).max_length
    for column, name in (("title", "title"), ("theme", "theme_name"), ("source", "source_url"))
}


def _length_problems(text: dict) -> list[str]:
    return [
        _problem(column, f"it is {len(text[column])} characters long; the most it can be is {most}.")
        for column, most in LENGTHS.items()
        if len(text[column]) > most
    ]


def _text_problems(text: dict) -> list[str]:
    """The cells every row must fill, and the template's own example rows, which are never an inspection."""
    problems = [_problem(name, "it is empty.") for name in ("title", "theme", "source") if not text[name]]
    if text["title"].casefold().startswith("example:"):
        problems.append(_problem("title", "it is the template's example: replace the row with a real inspection."))
    return problems


class _Checker:
    def __init__(self):
        self.by_name = authorities_by_name()
        self.themes = {normalise_name(theme.name): theme for theme in Theme.objects.all()}

    def check(self, record: dict) -> tuple[dict, list[str]]:
        text = {name: (record.get(name) or "").strip() for name in COLUMNS}
        problems = [
            _problem(
                name,
                f"{value[:20]!r} starts with {value[0]!r}, which a spreadsheet would run as a formula. "
                "Remove that first character.",
            )
            for name, value in text.items()
            if is_formula_like(value)
        ]
        if problems:
            return {}, problems
        problems += _text_problems(text)
        problems += _length_problems(text)
        scope = SCOPES.get(normalise_name(text["scope"]).replace("-", " "))
        if scope is None:
            problems.append(_problem("scope", f"write “authority” or “national sample”, not {text['scope']!r}."))
        unknown_before = len(problems)
        authorities = self._authorities(text["authorities"], problems)
        named_all = len(problems) == unknown_before  # an unknown name is its own problem, not a count's
        if scope == InspectionScope.AUTHORITY and named_all and len(authorities) != 1:
            problems.append(_problem("authorities", "an authority's inspection names exactly one authority."))
        if text["source"]:
            try:
                validate_https(text["source"])
            except ValidationError as error:
                problems.append(_problem("source", error.messages[0]))
        values = {
            "title": text["title"],
            "theme": self.themes.get(normalise_name(text["theme"])),
            "theme_name": text["theme"],
            "scope": scope,
            "authorities": tuple(authorities),
            "source_url": text["source"],
            "source_note": text["source_note"],
        }
        values.update(_dates(text["start"], text["end"], problems))
        return values, problems

    def _authorities(self, value: str, problems: list[str]) -> list[Authority]:
        found: list[Authority] = []
        for name in (part.strip() for part in value.split(";")):
            if not name:
                continue
            authority = self.by_name.get(normalise_name(name))
            if authority is None:
                unknown = f"{name!r} is not a Scottish local authority.{self._hint(name)}"
                problems.append(_problem("authorities", unknown))
            elif authority in found:
                problems.append(_problem("authorities", f"{authority.name} is named twice."))
            else:
                found.append(authority)
        return found

    def _hint(self, name: str) -> str:
        close = difflib.get_close_matches(normalise_name(name), list(self.by_name), n=1, cutoff=0.6)
        return f" Did you mean {self.by_name[close[0]].name}?" if close else ""


def _dates(start: str, end: str, problems: list[str]) -> dict:
    """A day or a month each; both of the same kind. A missing end is the start's day, or the start's month."""
    starts_day, starts_month = _parse_date(start), _parse_month(start)
    if not start or not (starts_day or starts_month):
        problems.append(_problem("start", f"write a day like 2024-03-05 or a month like 2024-03, not {start!r}."))
        return {}
    by_month = starts_day is None
    ends = (_parse_month(end) if by_month else _parse_date(end)) if end else (starts_month or starts_day)
    if ends is None:
        kind = "a month like 2024-05, as the start is a month" if by_month else "a day like 2024-03-08, as the start is"
        problems.append(_problem("end", f"write {kind}, not {end!r}."))
        return {}
    if by_month:
        ends = ends.replace(day=calendar.monthrange(ends.year, ends.month)[1])
    starts = starts_month if by_month else starts_day
    if ends < starts:
        problems.append(_problem("end", "the inspection cannot end before it starts."))
        return {}
    precision = DatePrecision.MONTH if by_month else DatePrecision.DAY
    return {"starts_on": starts, "ends_on": ends, "date_precision": precision}


def _header_problem(records: list[tuple[int, dict]]) -> RowProblem | None:
    if not records:
        return RowProblem(0, "The file has no inspections in it.")
    missing = [name for name in REQUIRED_COLUMNS if name not in records[0][1]]
    if missing:
        needed = ", ".join(REQUIRED_COLUMNS)
        return RowProblem(0, f"The file needs the columns {needed}; missing: {', '.join(missing)}.")
    if len(records) > MAX_ROWS:
        return RowProblem(0, f"The file has {len(records)} rows; import at most {MAX_ROWS} at once.")
    return None


def _has_text(record: dict) -> bool:
    return any(isinstance(value, str) and value.strip() for value in record.values())


def check_inspections(records: list[tuple[int, dict]]) -> ParsedInspections:
    """Check every record; a file with any problem gives no rows to write."""
    parsed = ParsedInspections()
    records = [(line, record) for line, record in records if _has_text(record)]  # trailing rows of empty cells
    if problem := _header_problem(records):
        parsed.problems.append(problem)
        return parsed
    checker = _Checker()
    seen: dict[tuple, int] = {}
    for line, record in records:
        values, problems = checker.check(record)
        if not problems:
            key = (normalise_name(values["title"]), values["starts_on"])
            if key in seen:
                problems.append(f"the same inspection (title and start) as row {seen[key]}.")
            seen.setdefault(key, line)
        parsed.problems.extend(RowProblem(line, problem) for problem in problems)
        parsed.lines.append((line, {name: record.get(name) or "" for name in COLUMNS}, problems))
        if not problems:
            parsed.rows.append(InspectionRow(line=line, **values))
    if parsed.problems:
        parsed.rows = []
    return parsed
