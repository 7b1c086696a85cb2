"""Building a visit's team: adding people (with or without an account), changing their place, removing them."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Organisation, Person
from authorities.services.people import create_person
from core.history import recorded_by

from .. import audit_trail, notifications
from ..choices import TeamRole
from ..models import TeamMembership, Visit

TEAM_SETTLED = "This visit is over, so its team stays as it was: nobody can be added or asked for a place."


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
