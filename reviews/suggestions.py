"""People the portal suggests for a visit's team, with the reason for each; it never adds anyone itself.

First the Senior Regional Adviser and link HMI of the hosts' area (participants asked for local SRAs and a link HMI
on their area's visits), then people whose specialisms match the visit's theme, focus areas and key question. Nobody
already on the team, busy on overlapping dates, or employed by or declaring a link to a host is suggested.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from authorities.choices import OrganisationKind
from authorities.models import DeclaredLink, Person, RegionalRole, Specialism

from .choices import PlaceAnswer, TeamRole, VisitStatus
from .models import TeamMembership, Visit

LIMIT = 10


@dataclass
class Suggestion:
    person: Person
    reasons: list[str] = field(default_factory=list)
    score: int = 0
    past_visits: int = 0
    role: TeamRole = TeamRole.PEER_REVIEWER


ROLE_OF_ORGANISATION = {
    OrganisationKind.ADES: TeamRole.ADES_OFFICER,
    OrganisationKind.EDUCATION_SCOTLAND: TeamRole.EDUCATION_SCOTLAND_OFFICER,
    OrganisationKind.HMIE: TeamRole.HMI,
    OrganisationKind.PARTNER: TeamRole.PARTNER_OTHER,
}
ROLE_OF_REGIONAL_ROLE = {
    RegionalRole.Kind.SRA: TeamRole.SENIOR_REGIONAL_ADVISER,
    RegionalRole.Kind.LINK_HMI: TeamRole.HMI,
}


# The specialism (authorities/data/specialisms.csv) of a Quality Improvement Officer.
QIO_SPECIALISM = "Quality improvement (QIO)"


def default_role(person: Person, host_ids: set[int]) -> TeamRole:
    """The role a person most likely has on a visit's team, from their organisation: a host authority's officer
    hosts, another authority's is a peer reviewer, or a Quality Improvement Officer where that is their specialism.
    The officer can always choose another."""
    organisation = person.organisation
    if organisation.kind != OrganisationKind.LOCAL_AUTHORITY:
        return ROLE_OF_ORGANISATION.get(organisation.kind, TeamRole.PARTNER_OTHER)
    if organisation.authority_id in host_ids:
        return TeamRole.HOST_OFFICER
    qio = person.pk is not None and any(s.name == QIO_SPECIALISM for s in person.specialisms.all())
    return TeamRole.QIO if qio else TeamRole.PEER_REVIEWER


def matching_specialisms(visit: Visit) -> list[Specialism]:
    words = " ".join(
        [visit.theme.name, getattr(visit.theme.broader, "name", ""), visit.key_question, *visit.focus_areas]
    )
    words = words.casefold()
    return [s for s in Specialism.objects.all() if any(keyword in words for keyword in s.keyword_list)]


def regional_roles(visit: Visit):
    hosts = list(visit.hosts.all())
    return RegionalRole.objects.filter(
        Q(authority__in=hosts) | Q(collaborative__in={h.collaborative_id for h in hosts})
    ).select_related("person__organisation", "collaborative", "authority")


def _unavailable(visit: Visit, hosts) -> set[int]:
    taken = set(visit.team.values_list("person_id", flat=True))
    if visit.has_exact_dates:
        taken |= set(
            TeamMembership.objects.exclude(visit=visit)
            .exclude(visit__status=VisitStatus.CANCELLED)
            .exclude(place=PlaceAnswer.DECLINED)
            .filter(
                visit__ends_on__isnull=False, visit__starts_on__lte=visit.ends_on, visit__ends_on__gte=visit.starts_on
            )
            .values_list("person_id", flat=True)
        )
    taken |= set(Person.objects.filter(organisation__authority__in=hosts).values_list("pk", flat=True))
    taken |= set(DeclaredLink.objects.filter(authority__in=hosts).values_list("person_id", flat=True))
    return taken


def suggestions_for(visit: Visit) -> list[Suggestion]:
    hosts = list(visit.hosts.all())
    host_ids = {host.pk for host in hosts}
    unavailable = _unavailable(visit, hosts)
    found: dict[int, Suggestion] = {}
    for role in regional_roles(visit):
        if role.person_id in unavailable or not role.person.is_active:
            continue
        entry = found.setdefault(role.person_id, Suggestion(role.person, role=ROLE_OF_REGIONAL_ROLE[role.kind]))
        entry.reasons.append(f"{role.get_kind_display()} for {role.collaborative or role.authority}")
        entry.score += 10
    wanted = matching_specialisms(visit)
    if wanted:
        pool = (
            Person.objects.filter(is_active=True, erased_at__isnull=True, specialisms__in=wanted)
            .exclude(pk__in=unavailable)
            .select_related("organisation")
            .prefetch_related("specialisms")
            .distinct()
        )
        for person in pool:
            matched = sorted(s.name for s in person.specialisms.all() if s in wanted)
            entry = found.setdefault(person.pk, Suggestion(person, role=default_role(person, host_ids)))
            entry.reasons.append(f"{', '.join(matched)}: matches the theme, focus areas or key question")
            entry.score += 2 * len(matched)
    for entry in found.values():
        if visit.has_exact_dates:
            entry.reasons.append("Free on the visit's dates")
    chosen = sorted(found.values(), key=lambda s: (-s.score, s.person.full_name))[:LIMIT]
    past = past_visit_counts([entry.person.pk for entry in chosen])
    for entry in chosen:
        entry.past_visits = past.get(entry.person.pk, 0)
    return chosen


def past_visit_counts(person_ids) -> dict[int, int]:
    """{person pk: visits they took part in that have ended}, leaving out declined places and cancelled visits."""
    rows = (
        TeamMembership.objects.filter(person__in=person_ids, visit__ends_on__lt=timezone.localdate())
        .exclude(place=PlaceAnswer.DECLINED)
        .exclude(visit__status=VisitStatus.CANCELLED)
        .values("person")
        .annotate(n=Count("pk"))
        .values_list("person", "n")
    )
    return dict(rows)
