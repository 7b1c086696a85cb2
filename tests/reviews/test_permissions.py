"""Every page of programme planning against every kind of visitor. Objects a visitor may not see answer 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from authorities.choices import Role
from reviews.services import documents
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation

VISITORS = ["anonymous", "outsider", "member", "host_officer", "other_officer", "ades"]


@pytest.fixture
def world(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(hosts=["Angus"])
    people = {
        "outsider": PersonFactory(),
        "member": PersonFactory(),
        "host_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "other_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES")),
    }
    membership = MembershipFactory(visit=visit, person=people["member"])
    document = documents.attach_document(
        visit=visit, title="Context", upload=SimpleUploadedFile("context.pdf", b"%PDF-1.7"), by=people["ades"]
    )
    return {"visit": visit, "people": people, "membership": membership, "document": document}


def status_for(client, world, visitor, url):
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    response = client.get(
        url.format(
            v=world["visit"].pk, m=world["membership"].pk, d=world["document"].pk, slug=world["visit"].programme.slug
        )
    )
    response.close()  # a file download holds its file open until closed
    return response.status_code


OK, NO = 200, 404
EVERYONE = dict.fromkeys(VISITORS, OK)
ADES_ONLY = {**dict.fromkeys(VISITORS, NO), "ades": OK}
CAN_SEE_VISIT = {"anonymous": NO, "outsider": NO, "member": OK, "host_officer": OK, "other_officer": NO, "ades": OK}
CAN_ADD_DOCUMENTS = {**CAN_SEE_VISIT, "member": NO}

PAGES = [
    ("/programmes/", EVERYONE),
    ("/programmes/{slug}/", EVERYONE),
    ("/programmes/{slug}/visits.csv", EVERYONE),
    ("/programmes/{slug}/visits.xlsx", ADES_ONLY),
    ("/programmes/{slug}/import/", ADES_ONLY),
    ("/programmes/{slug}/visits/new/", ADES_ONLY),
    ("/visits/{v}/", CAN_SEE_VISIT),
    ("/visits/{v}/calendar.ics", CAN_SEE_VISIT),
    ("/visits/{v}/documents/{d}/", CAN_SEE_VISIT),
    ("/visits/{v}/documents/new/", CAN_ADD_DOCUMENTS),
    ("/visits/{v}/documents/{d}/remove/", CAN_ADD_DOCUMENTS),
    ("/visits/{v}/edit/", ADES_ONLY),
    ("/visits/{v}/cancel/", ADES_ONLY),
    ("/visits/{v}/team/add/", ADES_ONLY),
    ("/visits/{v}/team/new-person/", ADES_ONLY),
    ("/visits/{v}/team/{m}/edit/", ADES_ONLY),
    ("/visits/{v}/team/{m}/remove/", ADES_ONLY),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("url", "expected"), PAGES, ids=[page for page, _ in PAGES])
def test_page_answers_each_visitor(client, world, visitor, url, expected):
    assert status_for(client, world, visitor, url) == expected[visitor]


@pytest.mark.parametrize(("visitor", "status"), [("anonymous", 302), ("outsider", 200), ("member", 200), ("ades", 200)])
def test_my_visits_needs_signing_in(client, world, visitor, status):
    assert status_for(client, world, visitor, "/my-visits/") == status


@pytest.mark.parametrize("visitor", ["outsider", "member", "host_officer", "other_officer"])
def test_only_ades_changes_status(client, world, visitor):
    client.force_login(world["people"][visitor])

    response = client.post(f"/visits/{world['visit'].pk}/status/confirm/")

    world["visit"].refresh_from_db()
    assert (response.status_code, world["visit"].status) == (404, "proposed")


def test_document_download_serves_the_file_to_the_team(client, world):
    client.force_login(world["people"]["member"])

    response = client.get(f"/visits/{world['visit'].pk}/documents/{world['document'].pk}/")

    assert response["Content-Disposition"] == 'attachment; filename="context.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    response.close()


def test_visits_of_other_authorities_are_not_on_their_authority_page_for_other_officers(client, world):
    client.force_login(world["people"]["other_officer"])

    response = client.get("/authorities/angus/")

    sections = dict(response.context["sections"])
    assert sections["reviews/_authority_visits.html"] == {"visits": [], "sees_all_visits": False}
