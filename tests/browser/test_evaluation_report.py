"""An ADES officer opens the CI 2021–24 programme, opens its evaluation report generated from the data, writes its
key messages, publishes it (confirming), and the public downloads the PDF the worker rendered."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reports.evaluation_content import SECTIONS
from reports.services.case_studies import load_case_studies
from reports.services.national import load_first_example
from reviews.models import Visit
from reviews.services.importing import load_ci_programme
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY_MESSAGE = "Openness and honesty prevailed across the 32 visits."


@pytest.fixture
def programme(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    load_ci_programme()
    load_case_studies()
    load_first_example()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    return "ci-2021-2024"


def test_an_officer_writes_publishes_and_the_public_downloads_the_evaluation_report(page, programme):
    sign_in(page, "ades@example.scot", PASSWORD)
    page.goto(f"/programmes/{programme}/")
    expect(page.get_by_test_id("programme-evaluation")).to_contain_text("No evaluation report is published")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Open the evaluation report generated from the data").click()
    expect(page.get_by_role("heading", name="Coverage: every visit (Appendix 1)")).to_be_visible()
    expect(page.get_by_test_id("evaluation-reach")).to_contain_text("32 visits; 32 of the 32 authorities hosted one.")
    expect(page.get_by_test_id("source-cohort-final")).to_have_text("Responses and response rate: not recorded.")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Edit key messages and recommendations").click()
    page.get_by_label("Recommendations").fill("- Keep the Quads guidance brief and supportive.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Write the report's key messages.")
    expect(page.get_by_label("Recommendations")).to_have_value("- Keep the Quads guidance brief and supportive.")
    assert axe_violations(page) == []
    page.get_by_label("Key messages").fill(KEY_MESSAGE)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("key-messages")).to_have_text(KEY_MESSAGE)

    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", name="Publish the evaluation report?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.locator(".portal-message")).to_contain_text("Version 1 is published.")
    expect(page.get_by_test_id("evaluation-versions")).to_contain_text("public page")  # the worker rendered it
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()

    page.goto(f"/programmes/{programme}/")
    page.get_by_role("link", name="The programme's evaluation report").click()
    expect(page.get_by_test_id("key-messages")).to_have_text(KEY_MESSAGE)
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.locator(".ds_file-download__title").click()

    reader = PdfReader(Path(download.value.path()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert download.value.suggested_filename == "ci-evaluation-ci-2021-2024-v1.pdf"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    for _, heading in SECTIONS:
        assert heading in text
    for visit in Visit.objects.filter(programme__slug=programme).prefetch_related("hosts"):
        assert all(host.name in text for host in visit.hosts.all())
    assert KEY_MESSAGE in text
    assert "Keep the Quads guidance brief and supportive." in text

    page.goto("/reports/")
    expect(page.get_by_test_id("archive-evaluations")).to_contain_text("Evaluation report: Collaborative Improvement")
    assert axe_violations(page) == []
