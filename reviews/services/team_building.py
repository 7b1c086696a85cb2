"""Building a visit's team several people at a time: lines of "name, email, organisation" pasted from a list, all
added or none. Someone already known is matched by email address; anyone else gets an account as a new person does
(teams.add_new_person_to_team). Each takes the role their organisation suggests (suggestions.default_role)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from authorities.models import Organisation, Person
from authorities.selectors import authorities_by_name, normalise_name

from ..models import TeamMembership, Visit
from ..suggestions import default_role
from . import teams


class PasteProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class PastedLine:
    number: int
    full_name: str
    email: str
    organisation: Organisation | None
    person: Person | None


MAX_NAME = Person._meta.get_field("full_name").max_length
MAX_EMAIL = 254  # as validate_email accepts


def _organisations() -> dict[str, Organisation]:
    """Organisations by their name, and councils by every name of their authority too ("Fife", "Fife Council")."""
    found = {normalise_name(o.name): o for o in Organisation.objects.select_related("authority")}
    for name, authority in authorities_by_name().items():
        organisation = getattr(authority, "organisation", None)
        if organisation is not None:
            found.setdefault(name, organisation)
    return found


def _read_line(number: int, text: str, organisations: dict) -> tuple[PastedLine | None, str]:
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3 or not all(parts):
        return None, f"Line {number}: write the name, email address and organisation, separated by commas."
    full_name, email, organisation_name = parts
    if len(full_name) > MAX_NAME:
        return None, f"Line {number}: shorten the name to {MAX_NAME} characters at most."
    if len(email) > MAX_EMAIL:
        return None, f"Line {number}: an email address has {MAX_EMAIL} characters at most."
    try:
        validate_email(email)
    except ValidationError:
        return None, f"Line {number}: “{email}” is not an email address."
    person = Person.objects.filter(email__iexact=email, erased_at__isnull=True).select_related("organisation").first()
    organisation = organisations.get(normalise_name(organisation_name))
    if person is None and organisation is None:
        return None, f"Line {number}: no organisation is called “{organisation_name}”."
    if person is not None and not person.is_active:
        return None, f"Line {number}: {person.full_name}'s account is closed."
    return PastedLine(number, full_name, email, organisation, person), ""


def read_lines(*, visit: Visit, text: str) -> list[PastedLine]:
    """Every line, or PasteProblems naming each bad one: unknown organisation, bad email, on the team already,
    or the same person twice."""
    organisations, problems, lines, seen = _organisations(), [], [], {}
    on_team = {email.casefold() for email in visit.team.values_list("person__email", flat=True)}
    numbered = [(n, raw.strip()) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    for number, raw in numbered:
        line, problem = _read_line(number, raw, organisations)
        if line is not None:
            key = line.email.casefold()
            if key in seen:
                problem = f"Line {number}: the same email address as line {seen[key]}."
            elif key in on_team:
                problem = (
                    f"Line {number}: {line.person.full_name if line.person else line.email} is on the team already."
                )
            seen.setdefault(key, number)
        if problem:
            problems.append(problem)
        else:
            lines.append(line)
    if not numbered:
        problems.append("Paste at least one line: name, email address, organisation.")
    if problems:
        raise PasteProblems(problems)
    return lines


@transaction.atomic
def add_pasted_people(*, visit: Visit, text: str, by: Person) -> list[TeamMembership]:
    """Add everyone on the pasted lines to the team, each with their organisation's role, or nobody."""
    lines = read_lines(visit=visit, text=text)
    host_ids = set(visit.hosts.values_list("pk", flat=True))
    added = []
    for line in lines:
        if line.person is not None:
            role = default_role(line.person, host_ids)
            membership = teams.add_team_member(visit=visit, person=line.person, role=role, by=by)
            membership.known_as = _known_as(line)
            added.append(membership)
            continue
        probe = Person(organisation=line.organisation)
        added.append(
            teams.add_new_person_to_team(
                visit=visit,
                full_name=line.full_name,
                email=line.email,
                organisation=line.organisation,
                role=default_role(probe, host_ids),
                by=by,
            )
        )
    return added


def _known_as(line: PastedLine) -> str:
    """What the line said that the person's own record says otherwise: their record is used, and the officer told."""
    person = line.person
    if line.full_name.casefold() == person.full_name.casefold() and line.organisation == person.organisation:
        return ""
    return (
        f"Line {line.number} named “{line.full_name}”; that email belongs to {person.full_name}, "
        f"{person.organisation.name}, whose own record is used."
    )
