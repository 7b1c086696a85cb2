"""Importing a programme's visits from a spreadsheet, and loading the national programme of 2021–24."""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from authorities.models import Organisation, Person

from .. import audit_trail
from ..choices import DatePrecision, ProgrammeKind, VisitStatus
from ..importing import VisitRow, check_records, records_from_upload
from ..models import Phase, Programme, ProgrammeDocument, TeamOrganisation, Visit
from .programmes import theme_named
from .visits import _create_with_hosts, _validated

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
CI_PROGRAMME = {"name": "Collaborative Improvement 2021–2024", "slug": "ci-2021-2024", "school_years": "2021–24"}
CI_PROGRAMME_DESCRIPTION = (
    "Scotland's first national Collaborative Improvement programme, supported by ADES and Education Scotland, "
    "across all 32 local authorities from September 2021 to November 2024: 32 visits, with Orkney, Shetland and "
    "Na h-Eileanan Siar visited jointly three times. The timetable and themes are the final report's Appendix 1 "
    "(ADES and Education Scotland, 2025)."
)
APPENDIX_1 = "The Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 1"
PROGRAMME_DOCUMENTS_SOURCE = (
    "Education Scotland's Collaborative Improvement page (published 10 February 2023, last updated 8 March 2024)"
)
# The final report disagrees with itself about when the programme ended; the portal shows both, never picks one.
CI_PROGRAMME_DATES_NOTE = (
    "The final report says its last survey captured “the views of participants in the final tranche of CIs up to "
    "the end of the programme in October 2024”, where its Appendix 1 lists the visit to Angus in November 2024. "
    "The report does not say which is right."
)


class ImportRefused(Exception):
    """The file had problems; nothing was written. Carries every problem with its row."""

    def __init__(self, problems):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class ImportResult:
    created: list[Visit]
    already_there: list[VisitRow]


@audit_trail.visits_imported
@transaction.atomic
def import_visits(
    *,
    programme: Programme,
    rows: list[VisitRow],
    status: VisitStatus = VisitStatus.PROPOSED,
    by: Person | None,
    source: str = "",
) -> ImportResult:
    """Create the checked rows' visits; a visit already in the programme (same phase, month, hosts) is left alone.

    `source` names the publication the rows come from, for visits recorded rather than planned.
    """
    phases = {phase.number: phase for phase in programme.phases.all()}
    existing = {
        (visit.phase.number, visit.starts_on.year, visit.starts_on.month, frozenset(h.pk for h in visit.hosts.all()))
        for visit in programme.visits.select_related("phase").prefetch_related("hosts")
    }
    result = ImportResult(created=[], already_there=[])
    for row in rows:
        if row.key in existing:
            result.already_there.append(row)
            continue
        visit = Visit(
            programme=programme,
            phase=phases[row.phase],
            theme=theme_named(row.theme),
            status=status,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            key_question=row.key_question,
            date_precision=DatePrecision.DAY if row.ends_on else DatePrecision.MONTH,
            source=source,
        )
        result.created.append(_create_with_hosts(_validated(visit), row.hosts, by))
    return result


def import_visits_from_upload(*, programme: Programme, name: str, content: bytes, by: Person) -> ImportResult:
    parsed = check_records(
        records_from_upload(name, content), phases=set(programme.phases.values_list("number", flat=True))
    )
    if parsed.problems:
        raise ImportRefused(parsed.problems)
    return import_visits(programme=programme, rows=parsed.rows, by=by)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@transaction.atomic
def load_ci_programme(*, path: Path = DATA_DIR / "ci_visits_2021_2024.csv") -> ImportResult:
    """The national programme of 2021–24 from its published timetable; safe to run again."""
    parsed = check_records(records_from_upload(path.name, path.read_bytes()))
    if parsed.problems:
        raise ImportRefused(parsed.problems)
    programme, _ = Programme.objects.get_or_create(
        slug=CI_PROGRAMME["slug"],
        defaults={
            "name": CI_PROGRAMME["name"],
            "school_years": CI_PROGRAMME["school_years"],
            "kind": ProgrammeKind.COLLABORATIVE_IMPROVEMENT,
            "description": CI_PROGRAMME_DESCRIPTION,
        },
    )
    for number in sorted({row.phase for row in parsed.rows}):
        months = [row.starts_on for row in parsed.rows if row.phase == number]
        # Once made, officers keep the phases on the programme's pages: a second load neither undoes their
        # changes nor adds history.
        Phase.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={"name": f"Phase {number}", "starts_on": min(months), "ends_on": _month_end(max(months))},
        )
    _load_theme_groups()
    result = import_visits(
        programme=programme, rows=parsed.rows, status=VisitStatus.COMPLETED, by=None, source=APPENDIX_1
    )
    _load_visit_numbers(programme)
    _load_team_organisations(programme)
    if not programme.reference_loaded:  # once, ever: after that officers keep them on the programme's page
        _load_programme_documents(programme)
        Programme.objects.filter(pk=programme.pk).update(dates_note=CI_PROGRAMME_DATES_NOTE, reference_loaded=True)
    return result


def _load_theme_groups() -> None:
    """Each theme's group, the first time; after that officers keep the groups on the Themes page."""
    with open(DATA_DIR / "theme_groups.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            theme = theme_named(row["theme"])
            if theme.broader_id is None:
                theme.broader = theme_named(row["broader_theme"])
                theme.save(update_fields=["broader", "updated_at"])


def _visit_of(programme: Programme, row: dict) -> Visit:
    """The programme's visit a data file's row names by phase, month and hosts (separated by ";")."""
    year, month = (int(part) for part in row["month"].split("-"))
    visits = Visit.objects.filter(
        programme=programme, phase__number=int(row["phase"]), starts_on__year=year, starts_on__month=month
    )
    for name in row["host_authorities"].split(";"):
        visits = visits.filter(hosts__name=name)
    return visits.get()


def _rows(filename: str) -> list[dict]:
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load_visit_numbers(programme: Programme) -> None:
    """Appendix 1 numbers the three joint visits to the islands "(1)", "(2)", "(3)": each visit keeps its number."""
    for row in _rows("ci_visit_numbers_2021_2024.csv"):
        Visit.objects.filter(pk=_visit_of(programme, row).pk, series_number__isnull=True).update(
            series_number=int(row["number"])
        )


def _load_team_organisations(programme: Programme) -> None:
    """Organisations the final report names on a visit's team, with no people: it names none. Where it counts
    people from several organisations together ("Five representatives from both Education Scotland and ADES"),
    each keeps that one count, not split between them."""
    for row in _rows("ci_team_organisations_2021_2024.csv"):
        values = {"source": row["source"], "people_together": int(row["people_together"] or 0) or None}
        recorded, created = TeamOrganisation.objects.get_or_create(
            visit=_visit_of(programme, row),
            organisation=Organisation.objects.get(name=row["organisation"]),
            defaults=values,
        )
        if not created and any(getattr(recorded, name) != value for name, value in values.items()):
            TeamOrganisation.objects.filter(pk=recorded.pk).update(**values)  # the file is the record


def _load_programme_documents(programme: Programme) -> None:
    """The programme's own documents as Education Scotland's Collaborative Improvement page lists them; loaded once
    (`Programme.reference_loaded`), so one an officer changed or removed, or all of them, stay as they left them."""
    for position, row in enumerate(_rows("ci_programme_documents.csv")):
        ProgrammeDocument.objects.create(
            programme=programme,
            title=row["title"],
            period=row["period"],
            published_by=row["published_by"],
            listed_on=row["listed_on"],
            listed_size=row["listed_size"],
            source=PROGRAMME_DOCUMENTS_SOURCE,
            position=position,
        )
