"""The authorities' own published reports, imported at once from a CSV of links: all or nothing, with each row's
problem named beside it.

Columns: `authority, visit, address, title, published`. The visit is the month it took place, as the programme's
timetable gives it (2022-03); with the authority it names one visit (for the joint visits to the islands, the council
that published the report, one of the three hosts, and the month): the archive says that authority published it. The
address must start https://. The title and the date published may be empty; the date is a year (2023) or a day
(2023-05-14 or 14/05/2023), not after today nor before the visit (the hand form's checks: authority_reports.check).
A visit whose link is held already takes the file's address, title and date (its PDF, if one is held, stays): the
page says how many were added and how many updated.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from authorities.models import Person
from authorities.selectors import authorities_by_name, normalise_name
from core.exports import is_formula_like
from core.uploads import read_csv

from .. import audit_trail, selectors
from ..models import AuthorityReport
from .authority_reports import Published, check, fill, parse_published

COLUMNS = ["authority", "visit", "address", "title", "published"]
TITLE_LENGTH = AuthorityReport._meta.get_field("title").max_length
TEMPLATE = (
    "authority,visit,address,title,published\n"
    "Fife,2021-10,https://www.fife.gov.uk/ci-report,Collaborative Improvement report,2022\n"
    "Shetland Islands,2023-05,https://www.shetland.gov.uk/ci-report-2023,,2023-09-14\n"
)


class ImportRefused(Exception):
    """The file cannot be read at all (not a CSV, or its first line does not name the columns)."""


@dataclass
class LinkRow:
    line: int
    cells: dict
    problem: str = ""
    visit: object = None
    details: Published | None = None

    @property
    def address(self) -> str:
        return self.cells.get("address", "")


def _month(text: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return None


def _visit(authority, month_text: str) -> tuple[object, str]:
    month = _month(month_text)
    if month is None:
        return None, f"write the visit as the month it took place, like 2022-03, not “{month_text}”"
    visits = list(
        selectors.recordable_visits().filter(hosts=authority, starts_on__year=month.year, starts_on__month=month.month)
    )
    if len(visits) != 1:
        how_many = "no visit" if not visits else f"{len(visits)} visits"
        return None, f"{authority.name} hosted {how_many} in {month:%B %Y}: check the month on the programme page"
    return visits[0], ""


def _said(refused: ValidationError) -> str:
    said = " ".join(refused.messages).rstrip(".")
    return said[0].lower() + said[1:]


def _details(row: LinkRow, authority) -> str:
    """The row's record, checked by the same checks as the hand form's; or what is wrong."""
    try:
        year, day = parse_published(row.cells["published"])
        row.details = Published(row.address, row.cells["title"], year, day, published_by=authority)
        check(row.visit, row.details)
    except ValidationError as refused:
        return _said(refused)
    return ""


def _check(row: LinkRow, names: dict, seen: dict) -> None:
    cells = row.cells
    formula = next((column for column in COLUMNS if is_formula_like(cells.get(column, ""))), None)
    if formula:
        row.problem = f"the {formula} starts with “{cells[formula][0]}”, which a spreadsheet would run: remove it"
        return
    authority = names.get(normalise_name(cells["authority"]))
    if authority is None:
        row.problem = f"“{cells['authority']}” is not a Scottish local authority"
        return
    row.visit, problem = _visit(authority, cells["visit"])
    problem = problem or _address_problem(row.address)
    if not problem and len(cells["title"]) > TITLE_LENGTH:
        problem = f"the title is {len(cells['title'])} characters long; the most it can be is {TITLE_LENGTH}"
    if not problem and row.visit.pk in seen:
        problem = f"line {seen[row.visit.pk]} is the same visit"
    row.problem = problem or _details(row, authority)
    if row.visit is not None:
        seen.setdefault(row.visit.pk, row.line)


def _address_problem(address: str) -> str:
    if not address.lower().startswith("https://"):
        return "write the address starting https:// (a secure address)"
    try:
        URLValidator(schemes=["https"])(address)
    except ValidationError:
        return f"“{address}” is not a web address"
    return ""


def read_links(data: bytes) -> list[LinkRow]:
    """Every row of the file, each checked, with its problem ("" when it is right). ImportRefused if the file
    cannot be read or does not name the columns."""
    try:
        header, records = read_csv(data)
    except ValidationError as unreadable:
        raise ImportRefused(unreadable.messages[0]) from None
    if not set(COLUMNS) <= {name.strip().lower() for name in header}:
        raise ImportRefused(f"The first line must name the columns: {', '.join(COLUMNS)}.")
    if not records:
        raise ImportRefused("The file has no rows under its first line.")
    names, seen, rows = authorities_by_name(), {}, []
    for line, raw in records:
        cells = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        row = LinkRow(line=line, cells={column: cells.get(column, "") for column in COLUMNS})
        _check(row, names, seen)
        rows.append(row)
    return rows


@dataclass
class Imported:
    added: int
    updated: int


@audit_trail.authority_reports_imported
@transaction.atomic
def import_links(*, rows: list[LinkRow], by: Person) -> Imported:
    """Store every row's link, or none: a row with a problem refuses the whole file."""
    if any(row.problem for row in rows):
        raise ValidationError("The file has problems: nothing was imported.")
    result = Imported(added=0, updated=0)
    for row in rows:
        report = AuthorityReport.objects.filter(visit=row.visit).first()
        if report is None:
            report, result.added = AuthorityReport(visit=row.visit), result.added + 1
        else:
            result.updated += 1
        fill(report, row.details, added_by=by)
        report.save()
    return result
