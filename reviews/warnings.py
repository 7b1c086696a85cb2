"""Warnings about a visit, shown at save and on its page: an officer may have good reason, so nothing is refused."""

import calendar
import re
from dataclasses import dataclass

from django.db.models import Q

from authorities.choices import OrganisationKind
from authorities.models import DeclaredLink, RegionalRole

from .choices import EDUCATION_SCOTLAND_ROLES, INCLUSION_PARTNER_ROLES, PlaceAnswer, TeamRole, VisitStatus
from .composition import is_peer_qio
from .models import TeamMembership, Visit
from .models.inspections import InspectionWindow, NationalInspection
from .suggestions import regional_roles

TEAM_SIZE = range(8, 11)


def team_size(count: int) -> str:
    """The team's size as a sentence says it: "no one is on the team yet", "the team has 1 member"."""
    if count == 0:
        return "no one is on the team yet"
    return f"the team has {count} member{'' if count == 1 else 's'}"


INCLUSION_WORDS = re.compile(r"\b(inclusion|inclusive|asn|additional support)\b", re.IGNORECASE)


@dataclass(frozen=True)
class VisitWarning:
    code: str
    message: str
    url: str = ""  # a page the warning names, linked after the message with `link_text`
    link_text: str = ""


def _double_bookings(visit: Visit, team: list[TeamMembership]) -> list[VisitWarning]:
    if not visit.has_exact_dates or visit.status == VisitStatus.CANCELLED or not team:
        return []
    clashes = (
        TeamMembership.objects.filter(person__in=[m.person_id for m in team])
        .exclude(visit=visit)
        .exclude(visit__status=VisitStatus.CANCELLED)
        .filter(visit__ends_on__isnull=False, visit__starts_on__lte=visit.ends_on, visit__ends_on__gte=visit.starts_on)
        .select_related("person", "visit")
        .prefetch_related("visit__hosts")
        .order_by("person__full_name", "visit__starts_on")
    )
    return [
        VisitWarning(
            "double_booked",
            f"{clash.person.full_name} is also on the visit to "
            f"{clash.visit.host_names} ({clash.visit.when}), whose dates overlap.",
        )
        for clash in clashes
    ]


def _hosting_twice(visit: Visit, hosts: list) -> list[VisitWarning]:
    others = (
        Visit.objects.filter(phase=visit.phase, hosts__in=hosts)
        .exclude(pk=visit.pk)
        .exclude(status=VisitStatus.CANCELLED)
        .values_list("hosts__name", flat=True)
    )
    twice = sorted({name for name in others if name in {h.name for h in hosts}})
    return [VisitWarning("hosts_twice", f"{name} already hosts a visit in {visit.phase}.") for name in twice]


def _as_peer(membership) -> str:
    if membership.role == TeamRole.QIO:
        return "a Quality Improvement Officer from another authority"
    return "a peer reviewer"


def _declared_links(team: list[TeamMembership], host_ids: set[int]) -> list[VisitWarning]:
    """Peer reviewers, and Quality Improvement Officers from other authorities (who review as peers), who declare a
    link to a host (employed by, seconded to, partner): the same clash as employment."""
    peers = {m.person_id: m for m in team if m.role == TeamRole.PEER_REVIEWER or is_peer_qio(m, host_ids)}
    links = DeclaredLink.objects.filter(person__in=peers, authority__in=host_ids).select_related("authority")
    return [
        VisitWarning(
            "peer_linked_to_host",
            f"{peers[link.person_id].person.full_name} is {_as_peer(peers[link.person_id])} but declares: "
            f"{link.get_kind_display().lower()} {link.authority}, a host authority: a conflict of interest.",
        )
        for link in links.order_by("person_id", "authority__name")
    ]


def _team_composition(visit: Visit, hosts: list, team: list[TeamMembership]) -> list[VisitWarning]:
    warnings = []
    roles = {m.role for m in team}
    host_ids = {h.pk for h in hosts}
    if len(team) not in TEAM_SIZE:
        warnings.append(VisitWarning("team_size", f"{team_size(len(team)).capitalize()}; a visit team has 8 to 10."))
    if TeamRole.ADES_OFFICER not in roles:
        warnings.append(VisitWarning("no_ades", "The team has no ADES officer."))
    if not roles & set(EDUCATION_SCOTLAND_ROLES) and not any(
        m.person.organisation.kind == OrganisationKind.EDUCATION_SCOTLAND for m in team
    ):
        warnings.append(VisitWarning("no_education_scotland", "The team has no one from Education Scotland."))
    if team and all(m.person.organisation.authority_id in host_ids for m in team):
        warnings.append(VisitWarning("no_external", "Everyone on the team works for a host authority."))
    warnings += _declared_links(team, host_ids)
    for m in team:
        if m.role == TeamRole.PEER_REVIEWER and m.person.organisation.authority_id in host_ids:
            warnings.append(
                VisitWarning(
                    "peer_from_host",
                    f"{m.person.full_name} is a peer reviewer but works for {m.person.organisation}, a host "
                    "authority: a conflict of interest.",
                )
            )
    themes = f"{visit.theme.name} {getattr(visit.theme.broader, 'name', '')}"
    if INCLUSION_WORDS.search(themes) and not roles & set(INCLUSION_PARTNER_ROLES):
        warnings.append(
            VisitWarning(
                "no_inclusion_partner",
                "The theme is about inclusion or additional support needs, but the team has no ASN or CLD partner.",
            )
        )
    return warnings


def _regional(visit: Visit, hosts: list, team: list[TeamMembership]) -> list[VisitWarning]:
    """Neither the SRA nor the link HMI of the hosts' area on the team: named, once ADES records who they are."""
    if not RegionalRole.objects.exists():
        return []  # nobody's regional role is recorded yet, so no gap can be named
    roles = list(regional_roles(visit))
    on_team = {m.person_id for m in team}
    if any(role.person_id in on_team for role in roles):
        return []
    if not roles:
        areas = sorted({host.collaborative.name for host in hosts})
        return [
            VisitWarning("no_regional", f"No Senior Regional Adviser or link HMI is recorded for {', '.join(areas)}.")
        ]
    named = "; ".join(
        f"{role.get_kind_display()} for {role.collaborative or role.authority}: {role.person.full_name}"
        for role in roles
    )
    return [
        VisitWarning(
            "no_regional", f"Neither the Senior Regional Adviser nor the link HMI of the area is on the team ({named})."
        )
    ]


def _outside_phase(visit: Visit) -> list[VisitWarning]:
    """Dates outside the phase's own, where it has them: by day when the visit's are exact, else by month."""
    phase = visit.phase
    if phase.starts_on is None and phase.ends_on is None:
        return []
    starts, ends = visit.starts_on, visit.ends_on or visit.starts_on
    phase_starts, phase_ends = phase.starts_on, phase.ends_on
    if not visit.has_exact_dates:  # known by month: outside only if the whole month is
        phase_starts = phase_starts and phase_starts.replace(day=1)
        starts = ends = visit.starts_on.replace(day=1)
        phase_ends = phase_ends and phase_ends.replace(day=1)
    if (phase_starts and starts < phase_starts) or (phase_ends and ends > phase_ends):
        span = f"{_day(phase.starts_on)} to {_day(phase.ends_on)}"
        return [VisitWarning("outside_phase", f"The visit ({visit.when}) falls outside {phase} ({span}).")]
    return []


def _shift(day, months: int):
    """The day `months` later (earlier, if negative), on the month's last day where it has fewer days."""
    month = day.year * 12 + day.month - 1 + months
    year, month = divmod(month, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def _inspections(visit: Visit, hosts: list) -> list[VisitWarning]:
    """National thematic inspections within the window (months before or after) of the visit's dates, of a host
    authority (inspected alone or sampled) or of the visit's theme (the same, its broader theme, or one under it)."""
    months = InspectionWindow.current()
    starts, ends = _shift(visit.starts_on, -months), _shift(visit.last_day, months)
    host_ids = {host.pk for host in hosts}
    theme_ids = {visit.theme_id, visit.theme.broader_id} - {None}
    near = (
        NationalInspection.objects.filter(starts_on__lte=ends, ends_on__gte=starts)
        .filter(Q(authorities__in=host_ids) | Q(theme__in=theme_ids) | Q(theme__broader=visit.theme_id))
        .distinct()
        .select_related("theme")
        .prefetch_related("authorities")
        .order_by("starts_on", "pk")
    )
    warnings = []
    for inspection in near:
        reasons = []
        if inspected := [a.name for a in inspection.authorities.all() if a.pk in host_ids]:
            reasons.append(f"the same authority ({', '.join(inspected)})")
        if inspection.theme_id in theme_ids or getattr(inspection.theme, "broader_id", None) == visit.theme_id:
            reasons.append(f"the same theme ({inspection.theme.name})")
        overlaps = inspection.starts_on <= visit.last_day and inspection.ends_on >= visit.starts_on
        when = "at the same time as" if overlaps else f"within {months} month{'s' if months != 1 else ''} of"
        warnings.append(
            VisitWarning(
                "inspection_nearby",
                f"The visit falls {when} Education Scotland's national thematic inspection “{inspection.title}” "
                f"({inspection.when}), of {' and '.join(reasons)}:",
                url=inspection.get_absolute_url(),
                link_text=f"see the inspection “{inspection.title}”",
            )
        )
    return warnings


def _day(day) -> str:
    return f"{day:%-d %B %Y}" if day else "not recorded"


def visit_warnings(visit: Visit) -> list[VisitWarning]:
    """Everything worth a second look; expects the visit from selectors.visit_detail_queryset()."""
    if visit.status in (VisitStatus.CANCELLED, VisitStatus.COMPLETED):
        return []
    hosts = list(visit.hosts.all())
    everyone = list(visit.team.all())
    team = [m for m in everyone if m.place != PlaceAnswer.DECLINED]  # the checks count only who may come
    warnings = [
        VisitWarning("declined", f"{m.person.full_name} has declined their place: the checks below leave them out.")
        for m in everyone
        if m.place == PlaceAnswer.DECLINED
    ]
    warnings += _double_bookings(visit, team)
    if not visit.meeting_of:  # a Quad's meeting has its four hosts and no review team to compose
        warnings += _hosting_twice(visit, hosts) + _team_composition(visit, hosts, team) + _regional(visit, hosts, team)
    warnings += _outside_phase(visit)
    if not visit.meeting_of:  # a Quad's meeting is no review, so no overlap with an inspection's effort
        warnings += _inspections(visit, hosts)
    if visit.has_exact_dates and visit.starts_on.weekday() >= 5:
        warnings.append(VisitWarning("weekend", f"The visit starts on a {visit.starts_on:%A}."))
    return warnings
