"""Quality Improvement Officers as a team role and a specialism, counted in the team's make-up: a QIO from another
authority reviews as a peer, a host's own QIO counts with the host."""

from authorities.choices import OrganisationKind
from authorities.models import Authority, DeclaredLink, Specialism
from authorities.services.reference import load_specialisms
from reviews.choices import TeamRole
from reviews.composition import composition_of
from reviews.selectors import visit_detail_queryset
from reviews.warnings import visit_warnings
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation
from tests.reviews.test_warnings import SOUND_TEAM, build, codes


def _member(visit, role, **lookup):
    person = PersonFactory(organisation=organisation(**lookup))
    return MembershipFactory(visit=visit, role=role, person=person)


def test_qio_is_a_team_role():
    assert TeamRole("qio").label == "Quality Improvement Officer"


def test_the_make_up_counts_qios_with_their_authority(reference):
    visit = VisitFactory(hosts=["Angus"])
    _member(visit, TeamRole.QIO, authority__name="Angus")
    _member(visit, TeamRole.QIO, authority__name="Fife")
    _member(visit, TeamRole.QIO, authority__name="Moray")
    _member(visit, TeamRole.PEER_REVIEWER, authority__name="Stirling")
    _member(visit, TeamRole.HOST_OFFICER, authority__name="Angus")
    _member(visit, TeamRole.ADES_OFFICER, kind=OrganisationKind.ADES)
    declined = _member(visit, TeamRole.QIO, authority__name="Highland")
    declined.place = "declined"
    declined.save()
    visit = visit_detail_queryset().get(pk=visit.pk)

    made_of = composition_of(visit.hosts.all(), visit.team.all())

    assert made_of.from_hosts == 2
    assert made_of.from_other_authorities == 3
    assert made_of.from_elsewhere == 1
    assert (made_of.qios_from_hosts, made_of.qios_from_other_authorities, made_of.qios) == (1, 2, 3)


def test_a_qio_from_another_authority_makes_the_team_not_all_from_the_host(reference):
    visit = VisitFactory(hosts=["Angus"])
    only_host = [(TeamRole.HOST_OFFICER, {"authority__name": "Angus"})] * 2
    assert "no_external" in codes(build(visit, only_host))

    _member(visit, TeamRole.QIO, authority__name="Fife")

    assert "no_external" not in codes(visit_detail_queryset().get(pk=visit.pk))


def test_a_qio_from_another_authority_declaring_a_link_to_a_host_is_a_conflict_of_interest(reference):
    visit = VisitFactory(hosts=["Angus"])
    qio = _member(visit, TeamRole.QIO, authority__name="Fife")
    qio.person.full_name = "Qia Linked"
    qio.person.save()
    DeclaredLink.objects.create(person=qio.person, authority=Authority.objects.get(name="Angus"), kind="seconded")

    warnings = [w.message for w in visit_warnings(build(visit)) if w.code == "peer_linked_to_host"]

    assert warnings == [
        "Qia Linked is a Quality Improvement Officer from another authority but declares: seconded to Angus, a host "
        "authority: a conflict of interest."
    ]


def test_a_hosts_own_qio_is_no_conflict(reference):
    visit = VisitFactory(hosts=["Angus"])
    qio = _member(visit, TeamRole.QIO, authority__name="Angus")
    DeclaredLink.objects.create(person=qio.person, authority=Authority.objects.get(name="Angus"), kind="employed")

    assert codes(build(visit)) == []  # the sound team, with the host's QIO: nothing to warn of


def test_a_sound_team_with_no_qio_is_not_warned(reference):
    """QIOs are recognised, not required: the page says none is on the team, and no warning is raised."""
    visit = VisitFactory(hosts=["Angus"])

    assert codes(build(visit, SOUND_TEAM)) == []


def test_the_visit_page_sums_up_the_make_up_with_the_qios(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    _member(visit, TeamRole.QIO, authority__name="Fife")
    _member(visit, TeamRole.HOST_OFFICER, authority__name="Angus")
    client.force_login(ades_officer)

    text = " ".join(client.get(visit.get_absolute_url()).content.decode().split())

    assert (
        "Of those who may come, 1 is from the host authority, 1 from other authorities and 0 from national bodies "
        "and partners. Quality Improvement Officers: 1 from other authorities, who review as peers, and 0 from the "
        "host." in text
    )


def test_the_visit_page_says_when_no_qio_is_on_the_team(client, reference, ades_officer):
    visit = build(VisitFactory(hosts=["Angus"]))
    client.force_login(ades_officer)

    text = client.get(visit.get_absolute_url()).content.decode()

    assert "No Quality Improvement Officer is on the team." in text


def test_qio_is_a_specialism_for_building_teams(db):
    load_specialisms()

    specialism = Specialism.objects.get(slug="quality-improvement-qio")
    assert specialism.name == "Quality improvement (QIO)"
    assert "quality improvement" in specialism.keyword_list
