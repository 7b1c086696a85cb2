import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from quads.models import Quad
from reviews.services.importing import load_ci_programme
from tests.facts import FAMILY_GROUP_4

LIST_URL = reverse("authorities:authority-list")


def row_names(response) -> list[str]:
    """The authority names in the table's rows, in order."""
    body = response.content.decode()
    return re.findall(r'<th scope="row">\s*<a href="/authorities/[a-z-]+/">([^<]+)</a>', body)


def test_authority_list_shows_all_32_by_name(client, reference):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    names = row_names(response)
    assert len(names) == 32
    assert names[:3] == ["Aberdeen City", "Aberdeenshire", "Angus"]
    assert names[-1] == "West Lothian"
    assert "All 32 authorities" in response.content.decode()


def test_authority_list_filters_by_childrens_family_group(client, reference):
    response = client.get(LIST_URL, {"people_family": "4"})

    assert row_names(response) == FAMILY_GROUP_4
    assert "8 authorities match these filters" in response.content.decode()


def test_authority_list_filters_by_other_family_group(client, reference):
    response = client.get(LIST_URL, {"other_family": "1"})

    assert row_names(response) == [
        "Aberdeenshire",
        "Argyll and Bute",
        "Dumfries and Galloway",
        "Highland",
        "Na h-Eileanan Siar",
        "Orkney Islands",
        "Scottish Borders",
        "Shetland Islands",
    ]


def test_authority_list_filters_by_collaborative(client, reference):
    response = client.get(LIST_URL, {"ric": "tayside-collaborative"})

    assert row_names(response) == ["Angus", "Dundee City", "Perth and Kinross"]


def test_authority_list_combines_filters(client, reference):
    response = client.get(LIST_URL, {"people_family": "4", "ric": "west-partnership"})

    assert row_names(response) == ["Glasgow City", "Inverclyde", "North Lanarkshire", "West Dunbartonshire"]


def test_authority_list_with_no_match_says_so(client, reference):
    response = client.get(LIST_URL, {"people_family": "1", "ric": "tayside-collaborative", "other_family": "4"})

    body = response.content.decode()
    assert row_names(response) == []
    assert "0 authorities match these filters" in body
    assert "No authority is in all of these groups." in body


def test_authority_list_sorts_by_name_descending(client, reference):
    response = client.get(LIST_URL, {"ric": "tayside-collaborative", "sort": "-name"})

    assert row_names(response) == ["Perth and Kinross", "Dundee City", "Angus"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_authority_list_reports_an_invalid_filter_beside_it_and_ignores_it(client, reference):
    response = client.get(LIST_URL, {"people_family": "9", "ric": "tayside-collaborative"})

    body = response.content.decode()
    assert row_names(response) == ["Angus", "Dundee City", "Perth and Kinross"]
    assert '<a href="#id_people_family">Choose a family group from 1 to 4.</a>' in body
    assert re.search(r'id="id_people_family-error">\s*Choose a family group from 1 to 4\.', body)
    assert response.context["form"].errors == {"people_family": ["Choose a family group from 1 to 4."]}


@pytest.mark.parametrize("params", [{}, {"people_family": "4"}])
def test_authority_list_query_count_does_not_grow_with_rows(client, reference, django_assert_num_queries, params):
    # Filtered to 8 rows or showing all 32: the same queries (authorities with collaboratives, and the filter's list).
    with django_assert_num_queries(2):
        client.get(LIST_URL, params)


def test_authority_list_query_count_same_with_one_row_as_with_eight(client, reference):
    # The collaborative filter adds one lookup of the collaborative, whatever the number of rows.
    with CaptureQueriesContext(connection) as one_row:
        one = client.get(LIST_URL, {"people_family": "1", "ric": "tayside-collaborative"})
    with CaptureQueriesContext(connection) as eight_rows:
        eight = client.get(LIST_URL, {"ric": "west-partnership"})

    assert row_names(one) == ["Perth and Kinross"]
    assert len(row_names(eight)) == 8
    assert len(one_row) == len(eight_rows) == 3


def test_authority_detail_shows_codes_groups_collaborative_and_family_peers(client, reference):
    response = client.get(reverse("authorities:authority-detail", kwargs={"slug": "glasgow-city"}))

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["authority"].gss_code == "S12000049"
    assert [peer.name for peer in response.context["peers"]] == [n for n in FAMILY_GROUP_4 if n != "Glasgow City"]
    assert response.context["former_codes"] == ["S12000043", "S12000046"]
    assert '<dd class="ds_summary-list__value">S12000049</dd>' in body
    assert '<a href="/authorities/?ric=west-partnership">West Partnership</a>' in body
    assert '<a href="/authorities/?people_family=4">Group 4</a>' in body
    assert '<a href="/authorities/?other_family=4">Group 4</a>' in body


def test_authority_detail_unknown_slug_is_404(client, reference):
    response = client.get(reverse("authorities:authority-detail", kwargs={"slug": "atlantis"}))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_authority_detail_query_count(client, reference, django_assert_num_queries):
    load_ci_programme()  # Glasgow City hosted one visit of 2021–24

    # authority with collaborative, its aliases, its family peers, its visits, their hosts, their published reports
    # (the portal's, and the authorities' own), how many national measures are held for it
    with django_assert_num_queries(8):
        client.get(reverse("authorities:authority-detail", kwargs={"slug": "glasgow-city"}))


def _quad(name: str, cycle: str, members: list[str]) -> Quad:
    quad = Quad.objects.create(name=name, cycle=cycle)
    quad.members.set(Authority.objects.filter(name__in=members))
    return quad


def test_authority_detail_quads_query_count_does_not_grow_with_quads(client, ades_officer, django_assert_num_queries):
    load_ci_programme()
    client.force_login(ades_officer)
    _quad("West", "2024–25", ["Glasgow City", "Inverclyde", "North Lanarkshire", "West Dunbartonshire"])
    _quad("Family 4", "2025–26", ["Glasgow City", "Dundee City", "East Ayrshire", "North Ayrshire"])
    url = reverse("authorities:authority-detail", kwargs={"slug": "glasgow-city"})

    # session, user, whether they still hold the second factor their session used (an ADES officer must), authority,
    # aliases, family peers, quads, quad members, visits, their hosts, published reports (the portal's, and the
    # authorities' own), how many national measures are held for it, its SRA and link HMI
    with django_assert_num_queries(14):
        response = client.get(url)

    quads = dict(response.context["sections"])["quads/_authority_quads.html"]["quads"]
    assert [(str(quad), [m.name for m in quad.members.all()]) for quad in quads] == [
        ("Family 4 (2025–26)", ["Dundee City", "East Ayrshire", "Glasgow City", "North Ayrshire"]),
        ("West (2024–25)", ["Glasgow City", "Inverclyde", "North Lanarkshire", "West Dunbartonshire"]),
    ]
