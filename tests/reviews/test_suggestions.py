"""The right team: people suggested from the pool with the reason shown, regional roles first, never added by the
portal; the SRA and link HMI gap warned; declared links treated as a clash like employment."""

import datetime

import pytest
from django.urls import reverse

from authorities.models import Authority, DeclaredLink, RegionalRole, Specialism
from authorities.services.reference import load_specialisms
from core.models import AuditEntry
from reviews import selectors
from reviews.suggestions import suggestions_for
from reviews.warnings import visit_warnings
from tests.factories import MembershipFactory, PersonFactory, ThemeFactory, VisitFactory, organisation

STARTS = datetime.date(2027, 3, 2)


@pytest.fixture
def pool(reference):
    load_specialisms()
    asn = Specialism.objects.get(slug="additional-support-needs-asn")
    data = Specialism.objects.get(slug="data-and-analysis")
    visit = VisitFactory(
        hosts=["Angus"],
        theme=ThemeFactory(name="Inclusion"),
        starts_on=STARTS,
        focus_areas=["Attendance of learners with ASN"],
        key_question="How well do we close the attainment gap for learners with additional support needs?",
    )

    def person(name, authority="Fife", specialisms=(asn,)):
        found = PersonFactory(full_name=name, organisation=organisation(authority__name=authority))
        found.specialisms.set(specialisms)
        return found

    people = {
        "free": person("Freya Free"),
        "both": person("Bea Both", authority="Moray", specialisms=(asn, data)),
        "busy": person("Bo Busy"),
        "host": person("Hamish Host", authority="Angus"),
        "linked": person("Lena Linked"),
        "on_team": person("Olly Onteam"),
        "unmatched": person("Una Unmatched", specialisms=()),
        "sra": PersonFactory(full_name="Sara Regional", organisation=organisation(kind="education_scotland")),
    }
    MembershipFactory(
        visit=VisitFactory(hosts=["Fife"], starts_on=STARTS + datetime.timedelta(days=1)), person=people["busy"]
    )
    DeclaredLink.objects.create(person=people["linked"], authority=Authority.objects.get(name="Angus"), kind="seconded")
    MembershipFactory(visit=visit, person=people["on_team"])
    RegionalRole.objects.create(
        person=people["sra"], kind="sra", collaborative=Authority.objects.get(name="Angus").collaborative
    )
    return visit, people


def test_suggestions_rank_the_areas_adviser_then_matching_specialisms_and_leave_out_the_unavailable(pool):
    visit, _ = pool

    suggested = [(s.person.full_name, s.reasons) for s in suggestions_for(visit)]

    assert suggested == [
        ("Sara Regional", ["Senior Regional Adviser for Tayside Collaborative", "Free on the visit's dates"]),
        (
            "Bea Both",
            [
                "Additional support needs (ASN), Data and analysis: matches the theme, focus areas or key question",
                "Free on the visit's dates",
            ],
        ),
        (
            "Freya Free",
            [
                "Additional support needs (ASN): matches the theme, focus areas or key question",
                "Free on the visit's dates",
            ],
        ),
    ]


def test_the_team_page_shows_suggestions_with_reasons_and_adds_only_whom_the_officer_chooses(
    client, pool, ades_officer
):
    visit, people = pool
    client.force_login(ades_officer)

    page = " ".join(client.get(reverse("reviews:team-add", kwargs={"pk": visit.pk})).content.decode().split())
    team_before = visit.team.count()
    client.post(
        reverse("reviews:team-add", kwargs={"pk": visit.pk}), {"person": people["free"].pk, "role": "partner_asn"}
    )

    assert "<li>Senior Regional Adviser for Tayside Collaborative</li>" in page
    assert "Add Freya Free" in page
    assert "Hamish Host" not in page
    assert team_before == 1
    assert sorted(visit.team.values_list("person__full_name", "role")) == [
        ("Freya Free", "partner_asn"),
        ("Olly Onteam", "peer_reviewer"),
    ]


def test_the_gap_is_warned_until_the_sra_or_link_hmi_is_on_the_team(pool, ades_officer):
    visit, people = pool
    other = VisitFactory(hosts=["Moray"], starts_on=STARTS)

    def regional(v):
        return [
            w.message for w in visit_warnings(selectors.visit_detail_queryset().get(pk=v.pk)) if w.code == "no_regional"
        ]

    before = regional(visit)
    MembershipFactory(visit=visit, person=people["sra"], role="senior_regional_adviser")

    assert before == [
        "Neither the Senior Regional Adviser nor the link HMI of the area is on the team "
        "(Senior Regional Adviser for Tayside Collaborative: Sara Regional)."
    ]
    assert regional(visit) == []
    assert regional(other) == ["No Senior Regional Adviser or link HMI is recorded for Northern Alliance."]


def test_a_declared_link_to_a_host_is_a_clash_for_a_peer_reviewer(pool):
    visit, people = pool
    MembershipFactory(visit=visit, person=people["linked"], role="peer_reviewer")

    warnings = [
        w.message
        for w in visit_warnings(selectors.visit_detail_queryset().get(pk=visit.pk))
        if w.code == "peer_linked_to_host"
    ]

    assert warnings == [
        "Lena Linked is a peer reviewer but declares: seconded to Angus, a host authority: a conflict of interest."
    ]


def test_a_person_keeps_their_specialisms_and_declared_links(client, pool):
    visit, people = pool
    me = people["unmatched"]
    client.force_login(me)
    url = reverse("accounts:my-details")
    asn = Specialism.objects.get(slug="additional-support-needs-asn")

    client.post(url, {"save_specialisms": "1", "specialisms": [asn.pk]})
    refused = client.post(url, {"add_link": "1", "link-kind": "partner"})
    client.post(
        url, {"add_link": "1", "link-authority": Authority.objects.get(name="Angus").pk, "link-kind": "partner"}
    )
    declared = me.declared_links.get()
    listed = " ".join(client.get(url).content.decode().split())
    while_linked = [s.person.full_name for s in suggestions_for(visit)]
    client.post(reverse("accounts:remove-link", kwargs={"pk": declared.pk}))

    assert list(me.specialisms.values_list("name", flat=True)) == ["Additional support needs (ASN)"]
    assert refused.context["link"].errors == {"authority": ["Choose the authority."]}
    assert "Works in partnership with Angus" in listed
    assert me.declared_links.count() == 0
    assert (
        "Una Unmatched" in while_linked,
        "Una Unmatched" in [s.person.full_name for s in suggestions_for(visit)],
    ) == (
        False,
        True,
    )


def test_each_suggestion_says_how_many_earlier_visits_the_person_was_on(client, pool, ades_officer):
    visit, people = pool
    for starts_on, place in [(datetime.date(2025, 3, 4), "confirmed"), (datetime.date(2025, 9, 9), "awaiting")]:
        MembershipFactory(visit=VisitFactory(hosts=["Moray"], starts_on=starts_on), person=people["both"], place=place)
    MembershipFactory(
        visit=VisitFactory(hosts=["Moray"], starts_on=datetime.date(2025, 11, 4)),
        person=people["both"],
        place="declined",
    )
    client.force_login(ades_officer)

    response = client.get(reverse("reviews:team-add", kwargs={"pk": visit.pk}))
    page = " ".join(response.content.decode().split())

    counts = {s.person.full_name: s.past_visits for s in response.context["suggestions"]}
    assert counts == {"Sara Regional": 0, "Bea Both": 2, "Freya Free": 0}
    both, free = people["both"].pk, people["free"].pk
    assert f'data-testid="past-visits-{both}"> On the team of 2 earlier visits. </p>' in page
    assert f'data-testid="past-visits-{free}"> No earlier visits: this would be their first. </p>' in page


def test_a_persons_own_specialisms_and_links_are_in_the_audit_log_as_their_own_doing(client, pool):
    _, people = pool
    me = people["unmatched"]
    client.force_login(me)
    url = reverse("accounts:my-details")
    asn = Specialism.objects.get(slug="additional-support-needs-asn")
    angus = Authority.objects.get(name="Angus")

    client.post(url, {"save_specialisms": "1", "specialisms": [asn.pk]})
    client.post(url, {"add_link": "1", "link-authority": angus.pk, "link-kind": "partner"})
    client.post(reverse("accounts:remove-link", kwargs={"pk": me.declared_links.get().pk}))

    assert list(AuditEntry.objects.order_by("pk").values_list("by", "kind", "summary")) == [
        (me.pk, "person.specialisms.set", "Recorded the specialisms of Una Unmatched: Additional support needs (ASN)"),
        (me.pk, "person.link.declared", "Una Unmatched declared a link: Works in partnership with Angus"),
        (me.pk, "person.link.removed", "Una Unmatched removed their declared link to Angus"),
    ]
