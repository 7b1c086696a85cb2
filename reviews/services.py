"""Every write to programmes, visits, teams and documents."""

import csv
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Authority, Organisation, Person
from authorities.services import create_person
from core.history import recorded_by

from . import audit_trail, notifications
from .choices import DatePrecision, ProgrammeKind, TeamRole, VisitStatus
from .importing import VisitRow, check_records, records_from_upload
from .models import CalendarFeed, Phase, Programme, TeamMembership, TeamOrganisation, Theme, Visit, VisitDocument
from .programmes import theme_named

DATA_DIR = Path(__file__).resolve().parent / "data"
CI_PROGRAMME = {"name": "Collaborative Improvement 2021–2024", "slug": "ci-2021-2024", "school_years": "2021–24"}
CI_PROGRAMME_DESCRIPTION = (
    "Scotland's first national Collaborative Improvement programme, supported by ADES and Education Scotland, "
    "across all 32 local authorities from September 2021 to November 2024: 32 visits, with Orkney, Shetland and "
    "Na h-Eileanan Siar visited jointly three times. The timetable and themes are the final report's Appendix 1 "
    "(ADES and Education Scotland, 2025)."
)
APPENDIX_1 = "The Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 1"


class ImportRefused(Exception):
    """The file had problems; nothing was written. Carries every problem with its row."""

    def __init__(self, problems):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class ImportResult:
    created: list[Visit]
    already_there: list[VisitRow]


TEAM_SETTLED = "This visit is over, so its team stays as it was: nobody can be added or asked for a place."


def _validated(visit: Visit) -> Visit:
    visit.full_clean(exclude=["hosts"])
    return visit


def _create_with_hosts(visit: Visit, hosts, by: Person | None) -> Visit:
    """Save a new visit and its hosts as one entry in its history, not one for the row and one for the hosts."""
    visit.skip_history_when_saving = True
    try:
        visit.save()
        visit.hosts.set(hosts)
    finally:
        del visit.skip_history_when_saving
    recorded_by(visit, by).save(update_fields=["updated_at"])
    return visit


@audit_trail.visit_scheduled
@transaction.atomic
def schedule_visit(
    *,
    programme: Programme,
    phase: Phase,
    hosts: Iterable[Authority],
    theme: Theme,
    starts_on: datetime.date,
    ends_on: datetime.date,
    key_question: str = "",
    focus_areas: list[str] | None = None,
    venue: str = "",
    notes: str = "",
    meeting_of: str = "",
    by: Person,
) -> Visit:
    """Add a proposed visit with exact dates; a Quad's meeting is a visit hosted by its four authorities."""
    visit = _validated(
        Visit(
            programme=programme,
            meeting_of=meeting_of,
            phase=phase,
            theme=theme,
            starts_on=starts_on,
            ends_on=ends_on,
            key_question=key_question,
            focus_areas=focus_areas or [],
            venue=venue,
            notes=notes,
        )
    )
    return _create_with_hosts(visit, hosts, by)


VISIT_FIELDS = ("phase", "theme", "starts_on", "ends_on", "key_question", "focus_areas", "venue", "notes")


@audit_trail.visit_changed
@transaction.atomic
def update_visit(*, visit: Visit, hosts: Iterable[Authority], by: Person, **changes) -> Visit:
    """Change a visit; a change of dates raises its calendar sequence and tells the team."""
    unknown = set(changes) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"update_visit cannot change {', '.join(sorted(unknown))}")
    rescheduled = visit.has_exact_dates and (
        changes.get("starts_on", visit.starts_on) != visit.starts_on
        or changes.get("ends_on", visit.ends_on) != visit.ends_on
    )
    for name, value in changes.items():
        setattr(visit, name, value)
    if "starts_on" in changes and not visit.has_exact_dates:
        visit.date_precision = DatePrecision.DAY
        rescheduled = True
    if rescheduled:
        visit.sequence += 1
    recorded_by(_validated(visit), by).save()
    if set(hosts) != set(visit.hosts.all()):
        visit.hosts.set(hosts)
    if rescheduled:
        people = [membership.person for membership in visit.team.select_related("person")]
        notifications.visit_rescheduled(visit, people)
    return visit


def _set_status(visit: Visit, status: VisitStatus, by: Person, *, allowed_from, reason: str = "") -> Visit:
    if visit.status not in allowed_from:
        raise ValidationError(f"A {visit.get_status_display().lower()} visit cannot be marked {status.label.lower()}.")
    visit.status = status
    visit.cancellation_reason = reason
    visit.sequence += 1
    recorded_by(_validated(visit), by).save(update_fields=["status", "cancellation_reason", "sequence", "updated_at"])
    return visit


@audit_trail.visit_confirmed
@transaction.atomic
def confirm_visit(*, visit: Visit, by: Person) -> Visit:
    if visit.is_finished:
        raise ValidationError("This visit's dates have passed: mark it as completed, or cancel it.")
    return _set_status(visit, VisitStatus.CONFIRMED, by, allowed_from=(VisitStatus.PROPOSED,))


@audit_trail.visit_completed
@transaction.atomic
def complete_visit(*, visit: Visit, by: Person) -> Visit:
    """Confirmed, or still proposed once its dates have passed (it took place without being confirmed here)."""
    allowed = (VisitStatus.CONFIRMED, VisitStatus.PROPOSED) if visit.is_finished else (VisitStatus.CONFIRMED,)
    return _set_status(visit, VisitStatus.COMPLETED, by, allowed_from=allowed)


@audit_trail.visit_cancelled
@transaction.atomic
def cancel_visit(*, visit: Visit, reason: str, by: Person) -> Visit:
    """Cancel with a reason, kept on the record; the team is told."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the visit is cancelled."})
    visit = _set_status(
        visit,
        VisitStatus.CANCELLED,
        by,
        allowed_from=(VisitStatus.PROPOSED, VisitStatus.CONFIRMED),
        reason=reason.strip(),
    )
    people = [membership.person for membership in visit.team.select_related("person")]
    notifications.visit_cancelled(visit, people)
    return visit


@audit_trail.place_added
@transaction.atomic
def add_team_member(
    *, visit: Visit, person: Person, role: TeamRole, is_lead: bool = False, by: Person
) -> TeamMembership:
    """Put a person on a visit's team (once) and tell them."""
    if visit.is_finished:
        raise ValidationError(TEAM_SETTLED)
    if visit.team.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} is on this team already.")
    membership = TeamMembership(visit=visit, person=person, role=role, is_lead=is_lead)
    membership.full_clean()
    recorded_by(membership, by).save()
    notifications.team_member_added(visit, person)
    return membership


@transaction.atomic
def add_new_person_to_team(
    *, visit: Visit, full_name: str, email: str, organisation: Organisation, role: TeamRole, by: Person
) -> TeamMembership:
    """Someone without an account yet: they can set a password later through password reset."""
    person = create_person(email=email, full_name=full_name, organisation=organisation)
    return add_team_member(visit=visit, person=person, role=role, by=by)


@audit_trail.place_changed
@transaction.atomic
def update_team_membership(
    *, membership: TeamMembership, role: TeamRole, is_lead: bool, attendance_confirmed: bool, by: Person
) -> TeamMembership:
    membership.role, membership.is_lead, membership.attendance_confirmed = role, is_lead, attendance_confirmed
    membership.full_clean()
    recorded_by(membership, by).save()
    return membership


@audit_trail.place_removed
@transaction.atomic
def remove_team_member(*, membership: TeamMembership, by: Person) -> None:
    recorded_by(membership, by).delete()


ALLOWED_DOCUMENTS = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
SIGNATURES = {".pdf": b"%PDF-", ".docx": _ZIP, ".xlsx": _ZIP, ".odt": _ZIP, ".ods": _ZIP, ".doc": _OLE, ".xls": _OLE}


def _content_matches(extension: str, upload) -> bool:
    """The file's first bytes agree with its name: a renamed program is not a PDF."""
    head = upload.read(2048)
    upload.seek(0)
    if extension == ".csv":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in head
    return head.startswith(SIGNATURES[extension])


@audit_trail.document_attached
@transaction.atomic
def attach_document(*, visit: Visit, title: str, upload, by: Person) -> VisitDocument:
    """Pre-reading for the team: PDF, Word, spreadsheets, up to 20 MB."""
    extension = Path(upload.name).suffix.lower()
    if extension not in ALLOWED_DOCUMENTS:
        raise ValidationError({"file": "Choose a PDF, Word document or spreadsheet."})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": "The file must be smaller than 20 MB."})
    if not _content_matches(extension, upload):
        raise ValidationError({"file": f"The file is not really a {extension[1:].upper()} file. Check it opens."})
    document = VisitDocument(
        visit=visit,
        title=title.strip() or Path(upload.name).stem,
        file=upload,
        content_type=ALLOWED_DOCUMENTS[extension],
        size=upload.size,
        uploaded_by=by,
    )
    document.save()
    return document


@audit_trail.document_removed
@transaction.atomic
def remove_document(*, document: VisitDocument, by: Person) -> None:
    document.file.delete(save=False)
    document.delete()


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
    _load_team_organisations(programme)
    return result


def _load_theme_groups() -> None:
    """Each theme's group, the first time; after that officers keep the groups on the Themes page."""
    with open(DATA_DIR / "theme_groups.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            theme = theme_named(row["theme"])
            if theme.broader_id is None:
                theme.broader = theme_named(row["broader_theme"])
                theme.save(update_fields=["broader", "updated_at"])


def _load_team_organisations(programme: Programme) -> None:
    """Organisations the final report names on a visit's team, with no people: it names none."""
    with open(DATA_DIR / "ci_team_organisations_2021_2024.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year, month = (int(part) for part in row["month"].split("-"))
            visit = Visit.objects.get(
                programme=programme,
                phase__number=int(row["phase"]),
                starts_on__year=year,
                starts_on__month=month,
                hosts__name=row["host_authorities"],
            )
            TeamOrganisation.objects.get_or_create(
                visit=visit,
                organisation=Organisation.objects.get(name=row["organisation"]),
                defaults={"source": row["source"]},
            )


def calendar_feed_for(*, person: Person) -> CalendarFeed:
    """The person's private calendar address, made the first time they ask for it."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed
