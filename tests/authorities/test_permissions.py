"""Each page of the foundation against each kind of visitor."""

import pytest
from django.urls import reverse

from authorities.models import Authority
from quads.models import Quad

PUBLIC_PAGES = [
    reverse("core:home"),
    reverse("core:accessibility"),
    reverse("authorities:authority-list"),
    reverse("authorities:authority-list") + "?people_family=4",
    reverse("authorities:authority-detail", kwargs={"slug": "glasgow-city"}),
    reverse("accounts:password-reset"),
]


@pytest.fixture
def glasgow_quad(reference):
    quad = Quad.objects.create(name="West", cycle="2024–25")
    quad.members.set(
        Authority.objects.filter(name__in=["Glasgow City", "Inverclyde", "North Lanarkshire", "West Dunbartonshire"])
    )
    return quad


@pytest.fixture(params=["anonymous", "team_member", "glasgow_officer", "ades_officer"])
def visitor(request, client, reference):
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return request.param


@pytest.fixture
def superuser(reference):
    """Technical staff: data maintenance is theirs only."""
    from tests.factories import PersonFactory

    return PersonFactory(is_superuser=True)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_answer_everyone(client, visitor, url):
    assert client.get(url).status_code == 200


def test_sign_in_page_answers_anonymous_and_sends_signed_in_people_home(client, visitor):
    response = client.get(reverse("accounts:sign-in"))

    if visitor == "anonymous":
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, reverse("core:home"))


@pytest.mark.parametrize(
    ("visitor", "slug", "sees_quads"),
    [
        ("anonymous", "glasgow-city", False),
        ("team_member", "glasgow-city", False),
        ("glasgow_officer", "glasgow-city", True),
        ("glasgow_officer", "inverclyde", False),
        ("ades_officer", "glasgow-city", True),
        ("ades_officer", "inverclyde", True),
    ],
    indirect=["visitor"],
)
def test_quads_are_shown_only_to_ades_and_the_authoritys_own_officers(client, visitor, glasgow_quad, slug, sees_quads):
    response = client.get(reverse("authorities:authority-detail", kwargs={"slug": slug}))

    body = response.content.decode()
    assert response.status_code == 200
    sections = dict(response.context["sections"])
    follow_up = ("Actions, follow-ups and impact", reverse("reports:dashboard-authority", args=[slug]))
    assert (
        sections.get("quads/_authority_quads.html") == {"quads": [glasgow_quad], "follow_up": follow_up}
    ) is sees_quads
    assert ("<h2>Quads</h2>" in body) is sees_quads
    assert ("West, 2024–25" in body) is sees_quads


@pytest.mark.parametrize(
    ("visitor", "status"),
    [("anonymous", 302), ("team_member", 302), ("glasgow_officer", 302), ("ades_officer", 302), ("superuser", 200)],
    indirect=["visitor"],
)
def test_admin_is_for_technical_staff_only(client, visitor, status):
    response = client.get(reverse("admin:authorities_authority_changelist"))

    assert response.status_code == status


def test_admin_shows_technical_staff_the_32_authorities(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:authorities_authority_changelist"))

    assert response.context["cl"].result_count == 32


def test_a_quad_is_made_on_the_quads_pages_not_in_data_maintenance(client, superuser):
    """Its four members and its meetings' hosts are kept by quads' service, so data maintenance only shows a Quad."""
    client.force_login(superuser)
    three = list(Authority.objects.filter(people_family=4).values_list("pk", flat=True)[:3])

    response = client.post(reverse("admin:quads_quad_add"), {"name": "West", "cycle": "2024–25", "members": three})

    assert response.status_code == 403
    assert Quad.objects.count() == 0
