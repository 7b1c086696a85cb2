"""The programme as a network: themes over time, coverage, peer flows, the theme finder; and who sees what."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.choices import Role
from reviews import network
from reviews.services.importing import load_ci_programme
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    PhaseFactory,
    ThemeFactory,
    VisitFactory,
    organisation,
)


def _peer(authority):
    return PersonFactory(role=Role.TEAM_MEMBER, organisation=organisation(authority__name=authority))


@pytest.fixture
def flows(reference):
    """Fife sends two people to Angus and one to Moray; Angus sends one to Fife; an Angus host officer stays home."""
    angus = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Numeracy"), starts_on=datetime.date(2023, 3, 7))
    moray = VisitFactory(hosts=["Moray"], theme=ThemeFactory(name="Numeracy"), starts_on=datetime.date(2023, 9, 5))
    fife = VisitFactory(hosts=["Fife"], theme=ThemeFactory(name="Inclusion"), starts_on=datetime.date(2024, 1, 9))
    cancelled = VisitFactory(
        hosts=["Highland"], theme=ThemeFactory(name="Inclusion"), status="cancelled", cancellation_reason="Snow"
    )
    MembershipFactory(visit=angus, person=_peer("Fife"))
    MembershipFactory(visit=angus, person=_peer("Fife"))
    MembershipFactory(visit=angus, person=_peer("Angus"), role="host_officer")
    MembershipFactory(visit=moray, person=_peer("Fife"))
    MembershipFactory(visit=fife, person=_peer("Angus"))
    MembershipFactory(visit=fife, person=PersonFactory())  # Education Scotland: not an authority
    MembershipFactory(visit=cancelled, person=_peer("Moray"))
    return {"angus": angus, "moray": moray, "fife": fife}


def test_peer_flows_count_people_between_authorities_leaving_out_hosts_and_cancellations(flows):
    assert [(f.sender, f.host, f.visits, f.people) for f in network.peer_flows()] == [
        ("Fife", "Angus", 1, 2),
        ("Angus", "Fife", 1, 1),
        ("Fife", "Moray", 1, 1),
    ]


def test_coverage_says_who_hosted_and_who_reviewed_others(flows):
    rows = {row.authority.name: row for row in network.coverage()}
    assert (rows["Fife"].hosted, rows["Fife"].reviewing_visits, rows["Fife"].peers_sent) == (1, 2, 3)
    assert (rows["Angus"].hosted, rows["Angus"].reviewing_visits, rows["Angus"].peers_sent) == (1, 1, 1)
    assert (rows["Moray"].hosted, rows["Moray"].reviewing_visits) == (1, 0)  # its one place was cancelled
    assert (rows["Highland"].hosted, rows["Highland"].has_hosted) == (0, False)
    assert len(rows) == 32


def test_themes_over_time_count_visits_by_school_year(flows):
    timeline = network.themes_over_time()
    assert timeline.years == ["2022–23", "2023–24"]
    assert timeline.rows == [
        ("Numeracy", [1, 1], 2, [("Numeracy", 2)]),
        ("Inclusion", [0, 1], 1, [("Inclusion", 1)]),
    ]


def test_the_network_page_shows_the_three_views_to_officers_only(client, flows, reference):
    officer = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife"))
    client.force_login(officer)
    response = client.get(reverse("reviews:network"))
    body = response.content.decode()
    assert re.search(r'<th scope="row">Fife</th>\s*<td>Angus</td>\s*<td>1</td>\s*<td>2</td>', body)
    assert body.count("<circle ") == 3
    assert "Fife to Angus: 1 visit, people 2" in body
    assert "were not recorded" not in body  # every visit here was planned in the portal
    assert "Person" not in body  # no people on the network page
    for person in (PersonFactory(), None):
        client.logout()
        if person:
            client.force_login(person)
        assert client.get(reverse("reviews:network")).status_code == 404


def test_quad_meetings_are_counted_on_the_network_apart_from_review_visits(client, flows, reference):
    quads = PhaseFactory(programme__name="Quads 2025–26", programme__slug="quads-2025-26", programme__kind="quads")
    north = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
    meeting = VisitFactory(phase=quads, hosts=north, theme=ThemeFactory(name="Quad meeting"))
    MembershipFactory(visit=meeting, person=_peer("Orkney Islands"))
    rows = {row.authority.name: row for row in network.coverage()}
    assert [(rows[name].hosted, rows[name].quad_meetings) for name in ("Angus", "Orkney Islands")] == [(1, 0), (0, 1)]
    assert network.peer_flows(quads.programme) == []  # the four meet as hosts: nobody reviews another
    client.force_login(PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades")))

    every = client.get(reverse("reviews:network")).content.decode()
    assert "across every programme, 1 of them Quad meeting (visits of a Quads programme, counted apart" in every
    assert re.search(r'<th scope="row">Orkney Islands</th>\s*<td>0 \(not yet\)</td>\s*<td>1</td>', every)
    assert "29 authorities have not hosted a review visit" in every
    only = client.get(reverse("reviews:network"), {"programme": "quads-2025-26"}).content.decode()
    assert "in Quads 2025–26, 1 of them Quad meeting" in only
    assert re.search(r'<th scope="row">Orkney Islands</th>\s*<td>0</td>\s*<td>1</td>', only)
    assert "not hosted a review visit" not in only
    assert re.search(r'<th scope="row">\s*Quad meeting\s*</th>\s*<td>1</td>\s*<td>1</td>', only)  # 2025–26 and all


def test_the_network_page_keeps_its_query_count_with_ten_times_the_visits(client, reference):
    ades = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    client.force_login(ades)
    load_ci_programme()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reviews:network")).status_code == 200
        return len(captured)

    before = queries()
    for n in range(20):
        visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name=f"Theme {n}"))
        MembershipFactory(visit=visit, person=_peer("Fife"))
        MembershipFactory(visit=visit, person=_peer("Moray"))
    assert queries() == before


def test_the_theme_finder_lists_visits_reports_and_authorities_and_people_only_when_signed_in(client, flows):
    numeracy = flows["angus"].theme
    flows["moray"].status = "confirmed"
    flows["moray"].save()
    url = reverse("reviews:theme-finder-detail", args=[numeracy.slug])
    public = client.get(url)
    assert [v.pk for v in public.context["work"].visits] == [flows["moray"].pk]  # proposals stay private
    assert "Person" not in public.content.decode()
    officer = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife"))
    client.force_login(officer)
    signed_in = client.get(url)
    assert [v.pk for v in signed_in.context["work"].visits] == [flows["moray"].pk, flows["angus"].pk]
    assert [a.name for a in signed_in.context["work"].authorities] == ["Angus", "Moray"]
    member = flows["moray"].team.get().person
    assert f"{member.full_name} (Fife Council)" in signed_in.content.decode()
    found = client.get(reverse("reviews:theme-finder") + "?q=numer")
    assert [theme.name for theme in found.context["themes"]] == ["Numeracy"]


def test_the_theme_finder_counts_each_visit_once_when_narrower_themes_match_too(client, reference):
    inclusion = ThemeFactory(name="Inclusion")
    ThemeFactory(name="Inclusion/HWB", slug="inclusion-hwb", broader=inclusion)
    ThemeFactory(name="Inclusion and equity", slug="inclusion-equity", broader=inclusion)
    for _ in range(3):
        VisitFactory(hosts=["Angus"], theme=inclusion, status="completed")
    found = client.get(reverse("reviews:theme-finder") + "?q=inclusion")
    assert [(theme.name, theme.visit_count) for theme in found.context["themes"]] == [
        ("Inclusion", 3),
        ("Inclusion and equity", 0),
        ("Inclusion/HWB", 0),
    ]


def test_the_2021_24_history_counts_what_was_recorded_and_says_what_was_not(client, reference):
    load_ci_programme()
    ades = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    client.force_login(ades)

    body = " ".join(client.get(reverse("reviews:network")).content.decode().split())
    flows = [(f.sender, f.host, f.visits, f.people_shown) for f in network.peer_flows()]
    rows = {row.authority.name: row for row in network.coverage()}
    timeline = {group: (total, named) for group, _, total, named in network.themes_over_time().rows}

    assert flows == [
        ("Glasgow City", "Perth and Kinross", 1, "not recorded"),
        ("South Ayrshire", "Perth and Kinross", 1, "not recorded"),
        ("South Lanarkshire", "Perth and Kinross", 1, "not recorded"),
    ]
    assert (rows["Glasgow City"].reviewing_visits, rows["Glasgow City"].peers_sent) == (1, 0)
    assert network.unrecorded_teams() == 32
    assert (
        "The teams of 32 visits were not recorded: their source gives only the host, the month and the theme." in body
    )
    assert "29 have no record of reviewing another" in body
    assert "No authority has yet sent anyone" not in body
    assert timeline["Senior Phase"] == (6, [("Senior Phase", 2), ("Senior Phase Curriculum", 4)])
    assert timeline["Inclusion"] == (8, [("Inclusion", 6), ("ASN", 1), ("Inclusion/HWB", 1)])
    assert "Senior Phase Curriculum" not in timeline
