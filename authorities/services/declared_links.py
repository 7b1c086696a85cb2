"""A person's own declared links to authorities which the team's conflict checks use."""

from django.db import transaction

from .. import audit_trail
from ..models import Authority, DeclaredLink, Person


@audit_trail.link_declared
@transaction.atomic
def declare_link(*, person: Person, authority: Authority, kind: DeclaredLink.Kind, by: Person) -> DeclaredLink:
    """One link per authority: declaring it again changes its kind."""
    link, _ = DeclaredLink.objects.update_or_create(person=person, authority=authority, defaults={"kind": kind})
    return link


@audit_trail.link_removed
@transaction.atomic
def remove_link(*, link: DeclaredLink, by: Person) -> None:
    link.delete()
