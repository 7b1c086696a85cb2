"""Who may see and change programmes, visits, teams, pre-reading and the evidence log."""

import rules
from django.db.models import Q

from authorities.choices import OrganisationKind
from authorities.rules import is_ades_officer, is_authority_officer, is_officer_of_authority

from .choices import EvidenceReaders, PlaceAnswer


@rules.predicate
def is_team_member(user, visit):
    return user.is_authenticated and visit is not None and visit.team.filter(person=user).exists()


@rules.predicate
def is_host_officer(user, visit):
    return is_authority_officer(user) and visit is not None and visit.hosts.filter(organisation__people=user).exists()


@rules.predicate
def is_team_member_independent_of_hosts(user, visit):
    """On the team (not declined) and tied to no host authority: not employed by one, not a partner body (the hosts
    work with partners, and ask them for their views), and with no link to one declared (seconded, partnership)."""
    if not user.is_authenticated or visit is None or user.organisation.kind == OrganisationKind.PARTNER:
        return False
    hosts = visit.hosts.all()
    if hosts.filter(pk=user.organisation.authority_id).exists():
        return False
    if user.declared_links.filter(authority__in=hosts).exists():
        return False
    return visit.team.filter(person=user).exclude(place=PlaceAnswer.DECLINED).exists()


@rules.predicate
def is_group_meeting(user, visit):
    """A group's meeting (a Quad's), not a review: it has no stakeholder survey."""
    return visit is not None and bool(visit.meeting_of)


@rules.predicate
def is_ci_visit(user, visit):
    """A visit with a focus of its own to choose, not a group's meeting."""
    return visit is not None and not visit.meeting_of


@rules.predicate
def is_team_lead(user, visit):
    return user.is_authenticated and visit is not None and visit.team.filter(person=user, is_lead=True).exists()


# The report's draft: the host authority's officers, the team lead and ADES officers; a group's meeting has none
# (what a Quad agrees is recorded on the Quad's page).
rules.add_perm("reviews.view_visit_report", (is_ades_officer | is_host_officer | is_team_lead) & is_ci_visit)
rules.add_perm("reviews.view_visit", is_ades_officer | is_host_officer | is_team_member)
rules.add_perm("reviews.view_visit_documents", is_ades_officer | is_host_officer | is_team_member)
rules.add_perm("reviews.add_visit_document", is_ades_officer | is_host_officer)
rules.add_perm("reviews.edit_day_plan", is_ades_officer | is_host_officer)
# An online or hybrid session's meeting link: the team and those who run the visit, never the public or a report.
# The establishments or cluster a visit focuses on (a review below authority level): set as the visit is.
rules.add_perm("reviews.edit_visit_scope", is_ades_officer | is_host_officer)
rules.add_perm("reviews.manage_visit", is_ades_officer)
# The host chooses the focus: its officers propose the key question and focus areas; ADES officers agree or return.
rules.add_perm("reviews.propose_focus", is_host_officer & is_ci_visit)
rules.add_perm("reviews.decide_focus", is_ades_officer & is_ci_visit)
rules.add_perm("reviews.plan_programme", is_ades_officer)
rules.add_perm("reviews.write_induction_pack", is_ades_officer)
# The programme as a network: who hosted, who reviewed whom. Officers only; people's names never appear there.
rules.add_perm("reviews.view_network", is_ades_officer | is_authority_officer)
# An authority's own officers see all its visits (proposed and cancelled too); the public sees agreed ones.
rules.add_perm("reviews.view_all_visits_of_authority", is_ades_officer | is_officer_of_authority)


# The evidence log, confidential to the team: focus groups held and written views received. Never published; only
# how many of each were recorded leaves the team (reviews.evidence.evidence_counts). The host authority's officers
# not on the team never see it: staff in the room may change what people say. Views ask these with
# core.access.by_rule: a superuser does not read the log by being one.
@rules.predicate
def is_team_member_in_place(user, visit):
    """On the team and not declined: who takes part in the visit."""
    if not user.is_authenticated or visit is None:
        return False
    return visit.team.filter(person=user).exclude(place=PlaceAnswer.DECLINED).exists()


rules.add_perm("reviews.view_evidence_log", is_ades_officer | is_team_member_in_place)
rules.add_perm("reviews.record_evidence", is_ades_officer | is_team_member_in_place)
# The meeting links of online and hybrid sessions: the team taking part and the hosts who run the visit; a member who
# declined their place is no longer in the meeting.
rules.add_perm("reviews.view_meeting_link", is_ades_officer | is_host_officer | is_team_member_in_place)


def visits_with_meeting_links_for(person) -> set[int]:
    """The same rule for a person's own calendar feed, in one query: the visits whose team they take part in."""
    return set(person.team_memberships.exclude(place=PlaceAnswer.DECLINED).values_list("visit_id", flat=True))


def _reads_every_entry(user, visit) -> bool:
    return is_ades_officer(user) or is_team_lead(user, visit)


def evidence_readable_by(user, visit) -> Q:
    """The one rule of who reads an entry of a visit's evidence log, as a filter of the entries: the whole team (an
    entry for "the whole team"), the team lead and ADES officers (every entry), and whoever recorded it. The pages,
    the rule below and anything else that lists entries go through it."""
    if not rules.has_perm("reviews.view_evidence_log", user, visit):  # a superuser is not a reader by being one
        return Q(pk__in=[])
    if _reads_every_entry(user, visit):
        return Q(visit=visit)
    return Q(visit=visit) & (Q(readers=EvidenceReaders.TEAM) | Q(recorded_by=user.pk))


def evidence_changeable_by(user, visit) -> Q:
    """Of the entries a person may read, those they may change or remove: whoever recorded it, the team lead and ADES
    officers."""
    readable = evidence_readable_by(user, visit)
    if _reads_every_entry(user, visit):
        return readable
    return readable & Q(recorded_by=user.pk)


def _entry_within(rule, user, entry) -> bool:
    return entry is not None and type(entry).objects.filter(rule(user, entry.visit), pk=entry.pk).exists()


@rules.predicate
def may_read_evidence_entry(user, entry):
    return _entry_within(evidence_readable_by, user, entry)


@rules.predicate
def may_change_evidence_entry(user, entry):
    return _entry_within(evidence_changeable_by, user, entry)


rules.add_perm("reviews.read_evidence_entry", may_read_evidence_entry)
rules.add_perm("reviews.change_evidence_entry", may_change_evidence_entry)
