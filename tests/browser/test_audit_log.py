"""An ADES officer opens the audit log from "Running the portal", narrows it to one kind, and reaches one visit's
changes from the visit's page: every page passes axe and the Nu checker."""

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reviews.choices import TeamRole
from reviews.services import teams, visits
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in as signed_in
from tests.factories import PASSWORD, PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(live_server):
    load_authorities()
    officer = PersonFactory(
        email="ades@example.scot", full_name="Isla Reid", role=Role.ADES_OFFICER, organisation=organisation(name="ADES")
    )
    visit = VisitFactory(hosts=["West Lothian"])
    other = VisitFactory(hosts=["Fife"])
    teams.add_team_member(
        visit=visit, person=PersonFactory(full_name="Morag Stewart"), role=TeamRole.PEER_REVIEWER, by=officer
    )
    visits.confirm_visit(visit=other, by=officer)
    return visit


def test_an_officer_reads_the_audit_log_by_kind_and_by_visit(page, setting):
    signed_in(page, "ades@example.scot", PASSWORD)
    page.get_by_role("link", name="Running the portal").first.click()
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_test_id("audit-count")).to_have_text("2 changes")
    assert axe_violations(page) == []

    page.get_by_label("Kind of change").select_option(label="Team place added")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("audit-entry")).to_have_count(1)
    expect(page.get_by_test_id("audit-entry")).to_contain_text(
        "Added Morag Stewart as “Peer reviewer from another authority”"
    )
    expect(page.get_by_test_id("audit-entry")).to_contain_text("Isla Reid")
    assert axe_violations(page) == []

    page.get_by_label("Kind of change").select_option(label="Visit confirmed")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("audit-empty")).to_have_count(0)
    expect(page.get_by_test_id("audit-entry")).to_contain_text("Confirmed the visit to Fife")

    page.goto(setting.get_absolute_url())
    page.get_by_test_id("visit-audit-link").click()
    expect(page.get_by_test_id("audit-filtered-by")).to_contain_text("the visit to West Lothian")
    expect(page.get_by_test_id("audit-entry")).to_have_count(1)
    page.get_by_label("Kind of change").select_option(label="Visit confirmed")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("audit-empty")).to_have_text(
        "No change on record matches. Entries older than 6 years are deleted."
    )
    assert axe_violations(page) == []
