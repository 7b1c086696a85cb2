"""Accounts for people: made by officers and when a team is built (password reset lets them in)."""

from ..choices import Role
from ..models import Organisation, Person


def create_person(
    *,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: Role = Role.TEAM_MEMBER,
    password: str | None = None,
) -> Person:
    """Create a person; without a password they have no way to sign in until they reset one."""
    return Person.objects.create_user(
        email=email, password=password, full_name=full_name, organisation=organisation, role=role
    )
