"""A visitor reads the 2021–24 history as recorded: the archive, a case study and its PDF; an officer the visits."""

import re

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reports.services.case_studies import load_case_studies
from reviews.services.importing import load_ci_programme
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def history(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    load_ci_programme()
    load_case_studies()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))


def test_a_visitor_finds_a_case_study_and_its_pdf(page, history):
    page.goto("/reports/")
    expect(page.get_by_test_id("reports-not-held")).to_contain_text("Those reports are not held here")
    assert axe_violations(page) == []

    page.get_by_label("Search the reports").fill("positive destinations")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="West Lothian: a case study").click()
    expect(page.get_by_test_id("case-study-source")).to_contain_text(
        "From the Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 2"
    )
    expect(page.get_by_test_id("case-study-when")).to_contain_text("September 2024, according to this case study")
    expect(page.get_by_role("table", name=re.compile("Positive destinations"))).to_contain_text("17.8pp")
    assert axe_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="West Lothian: a case study").click()
    assert download.value.suggested_filename == "ci-case-study-west-lothian.pdf"


def test_an_officer_reads_a_historic_visit_and_the_network(page, history):
    sign_in(page, "ades@example.scot", PASSWORD)
    page.goto("/programmes/ci-2021-2024/")
    page.get_by_role("link", name="Open the visit to Perth and Kinross, November 2021").click()
    expect(page.get_by_test_id("visit-source")).to_contain_text("Appendix 1")
    expect(page.get_by_test_id("team-not-recorded")).to_have_text("Not recorded: the source does not name the team.")
    expect(page.get_by_text("Glasgow City Council", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/network/")
    expect(page.get_by_test_id("unrecorded-teams")).to_contain_text("The teams of 32 visits were not recorded")
    assert axe_violations(page) == []
