import datetime

import pytest

from authorities.choices import OrganisationKind
from reviews.choices import TeamRole, VisitStatus
from reviews.selectors import visit_detail_queryset
from reviews.warnings import visit_warnings
from tests.factories import MembershipFactory, PersonFactory, ThemeFactory, VisitFactory, organisation

SOUND_TEAM = [
    (TeamRole.ADES_OFFICER, {"kind": OrganisationKind.ADES}),
    (TeamRole.SENIOR_REGIONAL_ADVISER, {"kind": OrganisationKind.EDUCATION_SCOTLAND}),
    (TeamRole.HOST_OFFICER, {"authority__name": "Angus"}),
    (TeamRole.HOST_OFFICER, {"authority__name": "Angus"}),
    (TeamRole.PEER_REVIEWER, {"authority__name": "Fife"}),
    (TeamRole.PEER_REVIEWER, {"authority__name": "Highland"}),
    (TeamRole.PEER_REVIEWER, {"authority__name": "Moray"}),
    (TeamRole.PEER_REVIEWER, {"authority__name": "Stirling"}),
]


def build(visit, members=SOUND_TEAM):
    for role, lookup in members:
        MembershipFactory(visit=visit, role=role, person=PersonFactory(organisation=organisation(**lookup)))
    return visit_detail_queryset().get(pk=visit.pk)


def codes(visit) -> list[str]:
    return [warning.code for warning in visit_warnings(visit)]


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"])


def test_sound_visit_has_no_warnings(visit):
    assert visit_warnings(build(visit)) == []


@pytest.mark.parametrize(("size", "expected"), [(7, ["team_size"]), (8, []), (10, []), (11, ["team_size"])])
def test_team_size_outside_8_to_10_is_warned(visit, size, expected):
    extra_peers = [(TeamRole.PEER_REVIEWER, {"authority__name": "Fife"})] * max(0, size - len(SOUND_TEAM))
    members = SOUND_TEAM[:size] + extra_peers

    assert codes(build(visit, members)) == expected


def test_team_of_seven_says_how_many(visit):
    warnings = visit_warnings(build(visit, SOUND_TEAM[:7]))

    assert [w.message for w in warnings] == ["The team has 7 members; a visit team has 8 to 10."]


def test_no_ades_officer_is_warned(visit):
    members = [(TeamRole.PEER_REVIEWER, {"authority__name": "Falkirk"}), *SOUND_TEAM[1:]]

    assert codes(build(visit, members)) == ["no_ades"]


def test_no_education_scotland_member_is_warned(visit):
    members = [SOUND_TEAM[0], (TeamRole.PEER_REVIEWER, {"authority__name": "Falkirk"}), *SOUND_TEAM[2:]]

    assert codes(build(visit, members)) == ["no_education_scotland"]


def test_an_hmi_counts_as_education_scotland(visit):
    members = [SOUND_TEAM[0], (TeamRole.HMI, {"kind": OrganisationKind.HMIE}), *SOUND_TEAM[2:]]

    assert codes(build(visit, members)) == []


def test_team_all_from_the_host_is_warned(visit):
    members = [(role, {"authority__name": "Angus"}) for role in [TeamRole.HOST_OFFICER] * 8]

    assert codes(build(visit, members)) == ["no_ades", "no_education_scotland", "no_external"]


def test_peer_reviewer_employed_by_a_host_is_a_conflict_of_interest(visit):
    members = [*SOUND_TEAM[:7], (TeamRole.PEER_REVIEWER, {"authority__name": "Angus"})]

    warnings = visit_warnings(build(visit, members))

    assert [w.code for w in warnings] == ["peer_from_host"]
    assert warnings[0].message.endswith("works for Angus Council, a host authority: a conflict of interest.")


@pytest.mark.parametrize("theme", ["Inclusion", "ASN", "Inclusion/HWB", "Additional Support for Learning"])
def test_inclusion_theme_without_asn_or_cld_partner_is_warned(reference, theme):
    visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name=theme))

    assert codes(build(visit)) == ["no_inclusion_partner"]


def test_inclusion_theme_with_a_cld_partner_is_not_warned(reference):
    visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Inclusion"))
    members = [*SOUND_TEAM[:7], (TeamRole.PARTNER_CLD, {"authority__name": "Dundee City"})]

    assert codes(build(visit, members)) == []


def test_theme_under_a_broader_inclusion_theme_is_warned(reference):
    broader = ThemeFactory(name="Inclusion")
    visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Nurture", broader=broader))

    assert codes(build(visit)) == ["no_inclusion_partner"]


def test_visit_starting_on_a_weekend_is_warned(reference):
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date(2026, 3, 7))

    warnings = visit_warnings(build(visit))

    assert [w.message for w in warnings] == ["The visit starts on a Saturday."]


def test_authority_hosting_twice_in_a_phase_is_warned(visit):
    VisitFactory(phase=visit.phase, hosts=["Angus", "Dundee City"], starts_on=datetime.date(2026, 5, 5))

    warnings = visit_warnings(build(visit))

    assert [w.message for w in warnings] == ["Angus already hosts a visit in Phase 1."]


def test_hosting_again_in_another_phase_or_after_a_cancellation_is_not_warned(visit):
    from tests.factories import PhaseFactory

    VisitFactory(phase=PhaseFactory(programme=visit.programme, number=2), hosts=["Angus"])
    VisitFactory(phase=visit.phase, hosts=["Angus"], status=VisitStatus.CANCELLED, cancellation_reason="Storm")

    assert codes(build(visit)) == []


def test_person_on_two_overlapping_visits_is_warned(visit):
    visit = build(visit)
    ades = visit.team.get(role=TeamRole.ADES_OFFICER).person
    other = VisitFactory(hosts=["Fife"], starts_on=visit.ends_on, status=VisitStatus.CONFIRMED)
    MembershipFactory(visit=other, person=ades, role=TeamRole.ADES_OFFICER)

    warnings = visit_warnings(visit_detail_queryset().get(pk=visit.pk))

    assert [w.message for w in warnings] == [
        f"{ades.full_name} is also on the visit to Fife (7 March to 9 March 2030), whose dates overlap."
    ]


def test_back_to_back_or_cancelled_visits_are_not_double_bookings(visit):
    visit = build(visit)
    ades = visit.team.get(role=TeamRole.ADES_OFFICER).person
    next_week = VisitFactory(hosts=["Fife"], starts_on=visit.ends_on + datetime.timedelta(days=1))
    cancelled = VisitFactory(
        hosts=["Moray"], starts_on=visit.starts_on, status=VisitStatus.CANCELLED, cancellation_reason="Snow"
    )
    for other in (next_week, cancelled):
        MembershipFactory(visit=other, person=ades, role=TeamRole.ADES_OFFICER)

    assert codes(visit_detail_queryset().get(pk=visit.pk)) == []


def test_completed_and_cancelled_visits_have_no_warnings(reference):
    done = VisitFactory(hosts=["Angus"], status=VisitStatus.COMPLETED)
    off = VisitFactory(hosts=["Angus"], status=VisitStatus.CANCELLED, cancellation_reason="Storm")

    assert (visit_warnings(build(done, [])), visit_warnings(build(off, []))) == ([], [])


def test_dates_outside_the_phase_are_warned_by_day_or_by_month(reference):
    from tests.factories import PhaseFactory

    phase = PhaseFactory(number=7, starts_on=datetime.date(2026, 1, 12), ends_on=datetime.date(2026, 3, 31))
    inside = VisitFactory(phase=phase, hosts=["Angus"], starts_on=datetime.date(2026, 3, 3))
    late = VisitFactory(phase=phase, hosts=["Fife"], starts_on=datetime.date(2026, 3, 31))
    month_inside = VisitFactory(
        phase=phase, hosts=["Moray"], starts_on=datetime.date(2026, 1, 1), date_precision="month", ends_on=None
    )
    month_outside = VisitFactory(
        phase=phase, hosts=["Falkirk"], starts_on=datetime.date(2026, 4, 1), date_precision="month", ends_on=None
    )

    messages = {
        v.pk: [w.message for w in visit_warnings(build(v)) if w.code == "outside_phase"]
        for v in (inside, late, month_inside, month_outside)
    }

    assert messages == {
        inside.pk: [],
        late.pk: ["The visit (31 March to 2 April 2026) falls outside Phase 7 (12 January 2026 to 31 March 2026)."],
        month_inside.pk: [],
        month_outside.pk: ["The visit (April 2026) falls outside Phase 7 (12 January 2026 to 31 March 2026)."],
    }


def test_a_phase_without_dates_warns_of_nothing(visit):
    assert [w.code for w in visit_warnings(build(visit)) if w.code == "outside_phase"] == []
