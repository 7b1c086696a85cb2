"""An ADES officer keeps reference records and builds a team in the portal's own pages: adds a specialism, sets a
link HMI, adds a suggested person with the role proposed for them and two more by pasting lines; axe on each page."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import RegionalRole, Specialism
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations, type_ahead
from tests.browser.conftest import sign_in as signed_in
from tests.factories import PASSWORD, PersonFactory, ThemeFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_adds_a_specialism_sets_a_link_hmi_and_builds_a_team(page, live_server):
    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    hmi = PersonFactory(full_name="Hamish Inspector", organisation=organisation(kind="hmie"))
    PersonFactory(full_name="Fiona Peer", email="fiona@fife.gov.uk", organisation=organisation(authority__name="Fife"))
    visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Youth work"), starts_on=datetime.date(2027, 3, 2))
    signed_in(page, officer.email, PASSWORD)

    page.goto("/programmes/")
    page.get_by_role("link", name="reference records").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Specialisms of the team pool").click()
    page.get_by_role("link", name="Add a specialism").click()
    page.get_by_label("Name").fill("Youth work")
    page.get_by_label("Keywords").fill("youth work, young people")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the specialism").click()
    expect(page.get_by_text("The specialism “Youth work” is saved.")).to_be_visible()
    assert axe_violations(page) == []
    assert Specialism.objects.get().slug == "youth-work"

    page.goto("/authorities/regional-roles/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Set the link HMI for Angus").click()
    type_ahead(
        page, "Link HMI", "Hamish", "Hamish Inspector, HM Inspectorate of Education", exact=False, exact_option=False
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Hamish Inspector is recorded as Link HMI for Angus.")).to_be_visible()
    assert list(RegionalRole.objects.values_list("person", "kind")) == [(hmi.pk, "link_hmi")]

    page.goto(f"/visits/{visit.pk}/team/add/")
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_label("Role of Hamish Inspector on the team")).to_have_value("hmi")
    assert axe_violations(page) == []
    suggestions.get_by_role("button", name="Add Hamish Inspector").click()
    expect(page.get_by_text("Hamish Inspector is on the team")).to_be_visible()

    page.goto(f"/visits/{visit.pk}/team/add/")
    page.get_by_label("People to add, one a line").fill(
        "Fiona P, FIONA@fife.gov.uk, Fife\nEwan Host, ewan@angus.gov.uk, Angus Council"
    )
    page.get_by_role("button", name="Add these people").click()
    expect(page.get_by_text("Added to the team: Fiona Peer (Peer reviewer")).to_be_visible()
    assert axe_violations(page) == []
    team = sorted(visit.team.values_list("person__full_name", "role"))
    assert team == [("Ewan Host", "host_officer"), ("Fiona Peer", "peer_reviewer"), ("Hamish Inspector", "hmi")]
