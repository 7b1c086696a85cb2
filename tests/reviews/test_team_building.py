"""Building a team with sensible defaults: each person's role proposed from their organisation or regional role, and
several people added at once from pasted lines, all or nothing, each bad line named."""

import datetime

import pytest
from django.urls import reverse

from authorities.choices import OrganisationKind
from authorities.models import Person, RegionalRole
from reviews.choices import TeamRole
from reviews.models import TeamMembership
from reviews.suggestions import default_role, suggestions_for
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=30))


@pytest.mark.parametrize(
    ("lookup", "role"),
    [
        ({"kind": OrganisationKind.ADES}, TeamRole.ADES_OFFICER),
        ({"kind": OrganisationKind.EDUCATION_SCOTLAND}, TeamRole.EDUCATION_SCOTLAND_OFFICER),
        ({"kind": OrganisationKind.HMIE}, TeamRole.HMI),
        ({"authority__name": "Angus"}, TeamRole.HOST_OFFICER),
        ({"authority__name": "Fife"}, TeamRole.PEER_REVIEWER),
    ],
)
def test_default_role_follows_the_organisation(visit, lookup, role):
    person = PersonFactory(organisation=organisation(**lookup))

    assert default_role(person, {visit.hosts.get().pk}) == role


def test_another_authoritys_quality_improvement_officer_is_proposed_as_a_qio_and_a_hosts_as_a_host(visit):
    from authorities.models import Specialism
    from reviews.suggestions import QIO_SPECIALISM

    qio, _ = Specialism.objects.get_or_create(name=QIO_SPECIALISM)
    peer, host = (PersonFactory(organisation=organisation(authority__name=name)) for name in ("Fife", "Angus"))
    for person in (peer, host):
        person.specialisms.add(qio)

    roles = [default_role(person, {visit.hosts.get().pk}) for person in (peer, host)]

    assert roles == [TeamRole.QIO, TeamRole.HOST_OFFICER]


def test_regional_roles_are_suggested_with_their_role(visit):
    collaborative = visit.hosts.get().collaborative
    sra = PersonFactory(full_name="Sandy Adviser")
    hmi = PersonFactory(full_name="Hamish Inspector", organisation=organisation(kind=OrganisationKind.HMIE))
    RegionalRole.objects.create(person=sra, kind="sra", collaborative=collaborative)
    RegionalRole.objects.create(person=hmi, kind="link_hmi", authority=visit.hosts.get())

    roles = {s.person.full_name: s.role for s in suggestions_for(visit)}

    assert roles == {"Sandy Adviser": TeamRole.SENIOR_REGIONAL_ADVISER, "Hamish Inspector": TeamRole.HMI}


def test_team_add_page_preselects_the_proposed_role(client, ades_officer, visit):
    PersonFactory(full_name="Fiona Peer", organisation=organisation(authority__name="Fife"))
    client.force_login(ades_officer)

    body = client.get(reverse("reviews:team-add", args=[visit.pk]), {"q": "Fiona"}).content.decode()

    assert '<option value="peer_reviewer" selected>' in body
    assert body.count(" selected>") == 1


def _paste(client, visit, text):
    return client.post(reverse("reviews:team-paste", args=[visit.pk]), {"lines": text}, follow=True)


def test_pasted_lines_add_known_and_new_people_with_their_roles(client, ades_officer, visit):
    known = PersonFactory(
        full_name="Morag Reid", email="Morag.Reid@fife.gov.uk", organisation=organisation(authority__name="Fife")
    )
    client.force_login(ades_officer)

    response = _paste(
        client, visit, "Morag R, morag.reid@FIFE.gov.uk, Fife\n\nEwan New, ewan@angus.gov.uk, Angus Council\n"
    )

    team = {m.person.email: m.role for m in TeamMembership.objects.filter(visit=visit).select_related("person")}
    assert team == {known.email: TeamRole.PEER_REVIEWER, "ewan@angus.gov.uk": TeamRole.HOST_OFFICER}
    created = Person.objects.get(email="ewan@angus.gov.uk")
    assert (created.full_name, created.organisation.name, created.has_usable_password()) == (
        "Ewan New",
        "Angus Council",
        False,
    )
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()


def test_pasted_lines_all_or_nothing_with_each_bad_line_named(client, ades_officer, visit):
    member = MembershipFactory(visit=visit, person=PersonFactory(full_name="On Team", email="on@team.scot")).person
    client.force_login(ades_officer)
    before = Person.objects.count()

    response = _paste(
        client,
        visit,
        "Good One, good@example.scot, ADES\n"
        "Bad Email, not-an-email, ADES\n"
        "Nowhere, nowhere@example.scot, Ministry of Magic\n"
        f"On Team, {member.email.upper()}, Education Scotland\n"
        "Good Again, GOOD@example.scot, ADES\n"
        "only two, parts\n",
    )

    assert response.context["form"].errors == {
        "lines": [
            "Line 2: “not-an-email” is not an email address.",
            "Line 3: no organisation is called “Ministry of Magic”.",
            "Line 4: On Team is on the team already.",
            "Line 5: the same email address as line 1.",
            "Line 6: write the name, email address and organisation, separated by commas.",
        ]
    }
    assert Person.objects.count() == before
    assert list(visit.team.values_list("person", flat=True)) == [member.pk]


def test_a_pasted_line_too_long_is_named_and_a_known_email_says_whose_record_is_used(client, ades_officer, visit):
    known = PersonFactory(
        full_name="Morag Reid", email="morag@fife.gov.uk", organisation=organisation(authority__name="Fife")
    )
    client.force_login(ades_officer)

    long_line = _paste(client, visit, f"{'N' * 151}, long@example.scot, ADES\nX, {'e' * 250}@x.scot, ADES\n")
    response = _paste(client, visit, "Jamie Wrongname, MORAG@fife.gov.uk, Education Scotland\n")

    assert long_line.context["form"].errors == {
        "lines": [
            "Line 1: shorten the name to 150 characters at most.",
            "Line 2: an email address has 254 characters at most.",
        ]
    }
    assert [str(m) for m in response.context["messages"]][1:] == [
        "Line 1 named “Jamie Wrongname”; that email belongs to Morag Reid, Fife Council, whose own record is used."
    ]
    assert list(visit.team.values_list("person", "role")) == [(known.pk, TeamRole.PEER_REVIEWER)]
