"""Reading visit rows from CSV or XLSX and checking every one before anything is written.

The columns are the reference file's (phase, host_authorities, month, theme), with optional
starts_on, ends_on and key_question. Host names are matched against the authorities' names
and other names ("Western Isles", "Edinburgh", "Perth & Kinross").
"""

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from authorities.models import Authority
from authorities.selectors import authorities_by_name, normalise_name
from core.text import without_direction_controls
from core.uploads import check_header, check_size, read_csv

REQUIRED_COLUMNS = ("phase", "host_authorities", "month", "theme")
OPTIONAL_COLUMNS = ("starts_on", "ends_on", "key_question")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DEFAULT_VISIT_DAYS = 3
MAX_ROWS = 1000


@dataclass(frozen=True)
class VisitRow:
    line: int
    phase: int
    hosts: tuple[Authority, ...]
    theme: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    key_question: str = ""

    @property
    def key(self) -> tuple:
        """What makes a visit the same visit on a second import: phase, month and hosts."""
        return (self.phase, self.starts_on.year, self.starts_on.month, frozenset(h.pk for h in self.hosts))

    @property
    def host_names(self) -> str:
        return ", ".join(host.name for host in self.hosts)


@dataclass
class RowProblem:
    line: int
    message: str

    def __str__(self):
        return f"Row {self.line}: {self.message}" if self.line else self.message


@dataclass
class ParsedFile:
    rows: list[VisitRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


class UnreadableFile(Exception):
    """The upload is not a CSV or XLSX file that can be read."""


def records_from_upload(name: str, content: bytes) -> list[tuple[int, dict]]:
    """The file's rows as (line number, {column: text}); the header is line 1. A file that cannot be read (empty,
    too large, not UTF-8, a NUL byte, a cell too long: core/uploads.py) raises UnreadableFile saying why."""
    if not name.lower().endswith((".xlsx", ".csv")):
        raise UnreadableFile("Choose a CSV or XLSX file.")
    try:
        if name.lower().endswith(".xlsx"):
            check_size(len(content))
            return _xlsx_records(content)
        return read_csv(content)[1]
    except ValidationError as refused:
        raise UnreadableFile(refused.messages[0]) from None


def _xlsx_records(content: bytes) -> list[tuple[int, dict]]:
    """Every row read inside the guard: in read-only mode openpyxl parses the sheet only as its rows are iterated,
    so a broken sheet (bad XML, a number cell that is not a number, a cell reference that is not one) fails there."""
    # deferred (heavy library): openpyxl takes a moment to import, and only an uploaded spreadsheet needs it
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook, or a sheet that is broken
        raise UnreadableFile("The XLSX file could not be read. Check it opens in a spreadsheet program.") from None
    first = rows[0] if rows else ()
    header = check_header([without_direction_controls(str(cell)).strip() if cell is not None else "" for cell in first])
    records = []
    for line, values in enumerate(rows[1:], start=2):
        if all(value in (None, "") for value in values):
            continue
        records.append((line, {name: _cell_text(value) for name, value in zip(header, values, strict=False)}))
    return records


def _cell_text(value) -> str:
    """A cell as text, without Unicode's direction controls, as core/uploads.py reads a CSV file's."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return without_direction_controls(str(value))


def _parse_date(value: str) -> datetime.date | None:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


def _parse_month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


class _RowChecker:
    def __init__(self, *, phases: set[int] | None):
        self.phases = phases
        self.by_name = authorities_by_name()

    def check(self, line: int, record: dict) -> tuple[VisitRow | None, list[str]]:
        problems: list[str] = []
        text = {name: (record.get(name) or "").strip() for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        phase = self._phase(text["phase"], problems)
        hosts = self._hosts(text["host_authorities"], problems)
        if not text["theme"]:
            problems.append("the theme is missing.")
        starts_on, ends_on = self._dates(text, problems)
        if problems:
            return None, problems
        return (
            VisitRow(line, phase, hosts, text["theme"], starts_on, ends_on, text["key_question"]),
            [],
        )

    def _phase(self, value: str, problems: list[str]) -> int | None:
        if not value.isdigit() or int(value) < 1:
            problems.append(f"the phase must be a whole number such as 1, not {value!r}.")
            return None
        if self.phases is not None and int(value) not in self.phases:
            known = ", ".join(str(number) for number in sorted(self.phases)) or "none yet"
            problems.append(f"the programme has no phase {value} (its phases: {known}).")
            return None
        return int(value)

    def _hosts(self, value: str, problems: list[str]) -> tuple[Authority, ...]:
        names = [name.strip() for name in value.split(";") if name.strip()]
        if not names:
            problems.append("the host authority is missing.")
        hosts = []
        for name in names:
            authority = self.by_name.get(normalise_name(name))
            if authority is None:
                problems.append(f"{name!r} is not the name of a Scottish local authority.")
            elif authority in hosts:
                problems.append(f"{authority.name} is named twice as a host.")
            else:
                hosts.append(authority)
        return tuple(hosts)

    def _dates(self, text: dict, problems: list[str]):
        month = _parse_month(text["month"]) if text["month"] else None
        if text["month"] and month is None:
            problems.append(f"the month must be written like 2024-08, not {text['month']!r}.")
        starts_on = _parse_date(text["starts_on"]) if text["starts_on"] else None
        ends_on = _parse_date(text["ends_on"]) if text["ends_on"] else None
        for column, raw, parsed in (("starts_on", text["starts_on"], starts_on), ("ends_on", text["ends_on"], ends_on)):
            if raw and parsed is None:
                problems.append(f"{column} must be a date like 2024-08-27 or 27/08/2024, not {raw!r}.")
        if starts_on is None:
            if text["ends_on"]:
                problems.append("an end date needs a start date.")
            if not text["month"] and not text["starts_on"]:
                problems.append("give the month (like 2024-08) or the start date.")
            return month, None
        if month and (starts_on.year, starts_on.month) != (month.year, month.month):
            problems.append(f"the start date {starts_on:%d/%m/%Y} is not in the month {text['month']}.")
        ends_on = ends_on or starts_on + datetime.timedelta(days=DEFAULT_VISIT_DAYS - 1)
        if ends_on < starts_on:
            problems.append("the visit cannot end before it starts.")
        return starts_on, ends_on


def check_records(records: list[tuple[int, dict]], *, phases: set[int] | None = None) -> ParsedFile:
    """Check every record; a file with any problem gives no rows to write."""
    parsed = ParsedFile()
    if not records:
        parsed.problems.append(RowProblem(0, "The file has no visits in it."))
        return parsed
    missing = [name for name in REQUIRED_COLUMNS if name not in records[0][1]]
    if missing:
        parsed.problems.append(
            RowProblem(0, f"The file needs the columns {', '.join(REQUIRED_COLUMNS)}; missing: {', '.join(missing)}.")
        )
        return parsed
    if len(records) > MAX_ROWS:
        parsed.problems.append(RowProblem(0, f"The file has {len(records)} rows; import at most {MAX_ROWS} at once."))
        return parsed
    checker = _RowChecker(phases=phases)
    seen: dict[tuple, int] = {}
    for line, record in records:
        row, problems = checker.check(line, record)
        parsed.problems.extend(RowProblem(line, problem) for problem in problems)
        if row is None:
            continue
        if row.key in seen:
            parsed.problems.append(RowProblem(line, f"the same visit as row {seen[row.key]} (phase, month and hosts)."))
            continue
        seen[row.key] = line
        parsed.rows.append(row)
    if parsed.problems:
        parsed.rows = []
    return parsed
