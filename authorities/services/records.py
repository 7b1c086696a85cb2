"""Writes to the reference records ADES officers keep in the portal: the specialisms of the team pool, who holds
each, and the regional roles (a collaborative's Senior Regional Adviser, an authority's link HMI)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .. import audit_trail
from ..choices import OrganisationKind
from ..models import Authority, Collaborative, Person, RegionalRole, Specialism

# Who may hold each regional role, by the kind of their organisation.
ROLE_ORGANISATIONS = {
    RegionalRole.Kind.SRA: (OrganisationKind.EDUCATION_SCOTLAND,),
    RegionalRole.Kind.LINK_HMI: (OrganisationKind.HMIE, OrganisationKind.EDUCATION_SCOTLAND),
}


def _keywords(text: str) -> str:
    words = [word.strip() for word in text.replace("\n", ",").split(",") if word.strip()]
    return ", ".join(dict.fromkeys(words))


def _slug_for(name: str, *, specialism: Specialism | None) -> str:
    slug = slugify(name)[:100]
    if not slug:
        raise ValidationError({"name": "Write the name with at least one letter or number."})
    taken = Specialism.objects.filter(slug=slug)
    if specialism is not None:
        taken = taken.exclude(pk=specialism.pk)
    if taken.exists():
        raise ValidationError({"name": f"“{taken.get().name}” is a specialism already: choose another name."})
    return slug


@audit_trail.specialism_saved
@transaction.atomic
def save_specialism(*, specialism: Specialism | None = None, name: str, keywords: str, by: Person) -> Specialism:
    """Create or edit a specialism; its slug always follows its name, which must be new."""
    specialism = specialism or Specialism()
    specialism.name = name.strip()
    specialism.slug = _slug_for(specialism.name, specialism=specialism if specialism.pk else None)
    specialism.keywords = _keywords(keywords)
    if not specialism.keywords:
        raise ValidationError({"keywords": "Give at least one word that calls for this specialism."})
    specialism.full_clean()
    specialism._history_user = by
    specialism.save()
    return specialism


@audit_trail.specialism_deleted
@transaction.atomic
def delete_specialism(*, specialism: Specialism, by: Person) -> int:
    """Delete a specialism; returns how many people held it (they keep their other specialisms)."""
    held_by = specialism.people.count()
    specialism._history_user = by
    specialism.delete()
    return held_by


@audit_trail.specialisms_set
@transaction.atomic
def set_specialisms(*, person: Person, specialisms: Iterable[Specialism], by: Person) -> list[Specialism]:
    """What a person brings to a team, as they or an ADES officer record it."""
    if person.erased_at is not None:
        raise ValidationError("This person has been erased: nothing more is recorded about them.")
    chosen = sorted(set(specialisms), key=lambda s: s.name)
    person.specialisms.set(chosen)
    return chosen


def _check_holder(kind: RegionalRole.Kind, person: Person) -> None:
    allowed = ROLE_ORGANISATIONS[kind]
    if not person.is_active or person.erased_at is not None:
        raise ValidationError({"person": f"{person.full_name} has no active account: choose someone else."})
    if person.organisation.kind not in allowed:
        names = " or ".join(OrganisationKind(k).label for k in allowed)
        raise ValidationError(
            {"person": f"A {kind.label} works for {names}; {person.full_name} is with {person.organisation.name}."}
        )


@audit_trail.regional_role_set
@transaction.atomic
def set_regional_role(
    *,
    kind: RegionalRole.Kind,
    person: Person | None,
    by: Person,
    collaborative: Collaborative | None = None,
    authority: Authority | None = None,
) -> RegionalRole | None:
    """Record who holds a collaborative's or authority's regional role, or that nobody is recorded (person None)."""
    if (collaborative is None) == (authority is None):
        raise ValueError("A regional role is for one collaborative or one authority.")
    area = {"collaborative": collaborative} if collaborative else {"authority": authority}
    held = RegionalRole.objects.select_for_update().filter(kind=kind, **area).first()
    if person is None:
        if held is not None:
            held._history_user = by
            held.delete()
        return None
    _check_holder(kind, person)
    role = held or RegionalRole(kind=kind, **area)
    if role.person_id == person.pk:
        return role
    role.person = person
    role.full_clean()
    role._history_user = by
    role.save()
    return role
