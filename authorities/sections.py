"""What authorities adds to the pages of core (core.sections)."""


def person_specialisms(request, person) -> dict | None:
    """On an ADES officer's page of a person: what they bring to a team, and a link to change it."""
    if not request.user.has_perm("authorities.manage_reference"):
        return None
    return {"person": person, "specialisms": [s.name for s in person.specialisms.all()]}


def home_places(request, _) -> dict:
    """On the home page's places to go: the authorities, and signing in (or who is signed in)."""
    return {}
