"""Every survey page against every kind of visitor; rounds a visitor may not see answer 404."""

import pytest

from authorities.choices import Role
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for

VISITORS = ["anonymous", "member", "host_officer", "other_officer", "ades"]


@pytest.fixture
def world(reference):
    people = {
        "member": PersonFactory(),
        "host_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "other_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES")),
    }
    visit = VisitFactory(hosts=["Angus"])
    MembershipFactory(visit=visit, person=people["member"])
    return {"round": survey_round_for(visit, by=people["ades"]), "visit": visit, "people": people}


OK, NO = 200, 404
ADES_ONLY = {**dict.fromkeys(VISITORS, NO), "ades": OK}
RESULTS = {**ADES_ONLY, "host_officer": OK}
NOBODY = dict.fromkeys(VISITORS, NO)
PAGES = [
    ("/surveys/", ADES_ONLY),
    ("/surveys/rounds/new/?visit={visit}", ADES_ONLY),
    ("/surveys/rounds/{round}/", ADES_ONLY),
    ("/surveys/rounds/{round}/reopen/", ADES_ONLY),
    ("/surveys/rounds/{round}/comments/", ADES_ONLY),
    ("/surveys/rounds/{round}/answers.csv", NOBODY),
    ("/surveys/rounds/{round}/results/", RESULTS),
    # The round is open: its downloads do not exist for anyone until it closes with enough responses.
    ("/surveys/rounds/{round}/results.csv", NOBODY),
    ("/surveys/rounds/{round}/results.xlsx", NOBODY),
    ("/surveys/rounds/{round}/results.pdf", NOBODY),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("url", "expected"), PAGES, ids=[page for page, _ in PAGES])
def test_page_answers_each_visitor(client, world, visitor, url, expected):
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])

    response = client.get(url.format(round=world["round"].pk, visit=world["visit"].pk))

    assert response.status_code == expected[visitor]


@pytest.mark.parametrize("visitor", ["member", "host_officer", "other_officer"])
@pytest.mark.parametrize("action", ["remind", "close"])
def test_only_ades_officers_remind_or_close(client, world, visitor, action):
    client.force_login(world["people"][visitor])

    response = client.post(f"/surveys/rounds/{world['round'].pk}/{action}/")

    world["round"].refresh_from_db()
    assert (
        response.status_code,
        world["round"].closed_at,
        world["round"].invitations.filter(reminders__isnull=False).count(),
    ) == (404, None, 0)


def test_the_personal_link_needs_no_account(client, world):
    response = client.get(world["round"].invitations.get().get_absolute_url())

    assert response.status_code == 200
