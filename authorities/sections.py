"""What authorities adds to the pages of core (core.sections)."""

from django.http import HttpRequest

from .models import Person
from .services.second_factor import second_factor_kinds


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


def person_second_factor(request: HttpRequest, person: Person) -> dict | None:
    """The person page's "Second factor": what they have, and a way for an ADES officer to reset someone else's."""
    if not request.user.has_perm("authorities.reset_second_factor"):
        return None
    return {"person": person, "kinds": second_factor_kinds(person), "is_self": person.pk == request.user.pk}
