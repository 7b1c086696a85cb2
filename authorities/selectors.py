"""Reads of authorities, shaped for the pages that show them."""

import re

from django.db.models import Prefetch, Q, QuerySet

from .choices import AliasKind
from .models import Authority, AuthorityAlias, Collaborative, IdentityProvider, Person, RegionalRole


def authority_list(
    *,
    people_family: int | None = None,
    other_family: int | None = None,
    ric: Collaborative | None = None,
    descending: bool = False,
) -> QuerySet[Authority]:
    authorities = Authority.objects.select_related("collaborative")
    if people_family:
        authorities = authorities.filter(people_family=people_family)
    if other_family:
        authorities = authorities.filter(other_family=other_family)
    if ric:
        authorities = authorities.filter(collaborative=ric)
    return authorities.order_by("-name" if descending else "name")


def authority_detail_queryset() -> QuerySet[Authority]:
    return Authority.objects.select_related("collaborative").prefetch_related(
        Prefetch("aliases", queryset=AuthorityAlias.objects.order_by("value"))
    )


def names_of(authority: Authority, kind: AliasKind) -> list[str]:
    return [alias.value for alias in authority.aliases.all() if alias.kind == kind]


def family_peers(authority: Authority) -> QuerySet[Authority]:
    """The other authorities in the authority's children's (education) family group."""
    return Authority.objects.filter(people_family=authority.people_family).exclude(pk=authority.pk).order_by("name")


def normalise_name(name: str) -> str:
    return " ".join(name.replace("&", " and ").casefold().split())


SHORT_FORM = re.compile(r"^(city of )?(?P<core>.+?)( city| islands)?$")


def authorities_by_name() -> dict[str, Authority]:
    """Every name and other name of every authority, normalised, mapped to the authority.

    Short forms people write ("Glasgow", "Dundee", "Shetland") match too, where no other authority shares them.
    """
    lookup: dict[str, Authority] = {}
    authorities = list(Authority.objects.prefetch_related("aliases"))
    for authority in authorities:
        names = [authority.name, authority.council_name]
        names += [alias.value for alias in authority.aliases.all() if alias.kind == AliasKind.NAME]
        for name in names:
            lookup[normalise_name(name)] = authority
    short_forms: dict[str, set[Authority]] = {}
    for authority in authorities:
        core = SHORT_FORM.match(normalise_name(authority.name)).group("core")
        short_forms.setdefault(core, set()).add(authority)
    for core, owners in short_forms.items():
        if len(owners) == 1 and core not in lookup:
            lookup[core] = owners.pop()
    return lookup


def regional_roles_of(authority: Authority) -> dict:
    """The authority's link HMI and its collaborative's Senior Regional Adviser, or None where nobody is recorded."""
    held = RegionalRole.objects.filter(
        Q(authority=authority, kind=RegionalRole.Kind.LINK_HMI)
        | Q(collaborative=authority.collaborative_id, kind=RegionalRole.Kind.SRA)
    ).select_related("person")
    found = {role.kind: role.person for role in held}
    return {"link_hmi": found.get(RegionalRole.Kind.LINK_HMI), "sra": found.get(RegionalRole.Kind.SRA)}


def people_signing_in():
    """People who may sign in: active, not erased."""
    return Person.objects.filter(is_active=True, erased_at__isnull=True)


def ready_identity_providers() -> list[IdentityProvider]:
    """The organisation sign-ins offered: turned on, with their secret set in the environment."""
    return [provider for provider in IdentityProvider.objects.filter(is_active=True) if provider.is_ready]
