"""What authorities adds to the pages of core (core.sections)."""

from django.http import HttpRequest

from .models import Person


def person_specialisms(request, person) -> dict | None:
    """On an ADES officer's page of a person: what they bring to a team, and a link to change it."""
    if not request.user.has_perm("authorities.manage_reference"):
        return None
    return {"person": person, "specialisms": [s.name for s in person.specialisms.all()]}


def home_places(request, _) -> dict:
    """On the home page's places to go: the authorities, and signing in (or who is signed in)."""
    return {}


def person_access(request: HttpRequest, person: Person) -> dict | None:
    """The person page's "Access to the portal": a button to send them a link to set a password."""
    if not request.user.has_perm("core.manage_personal_data") or not person.is_active:
        return None
    return {"person": person, "has_password": person.has_usable_password()}
