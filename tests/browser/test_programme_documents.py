"""The public finds the programme's own documents in the archive; an ADES officer adds one, then imports the links
to the authorities' own reports: a file with a bad row first (nothing stored, the row's problem beside it), then a
good one. Every page passes axe."""

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reports.models import AuthorityReport
from reports.services.case_studies import load_case_studies
from reviews.models import ProgrammeDocument
from reviews.services.importing import load_ci_programme
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "authority,visit,address,title,published\n"


@pytest.fixture
def history(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    load_ci_programme()
    load_case_studies()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))


def _upload(page, name: str, content: str) -> None:
    page.get_by_label("CSV file").set_input_files({"name": name, "mimeType": "text/csv", "buffer": content.encode()})
    page.get_by_role("button", name="Import the links").click()


def test_the_public_finds_the_documents_and_an_officer_adds_one_and_imports_report_links(page, history):
    page.goto("/reports/")
    documents = page.get_by_test_id("archive-programme-documents")
    expect(documents.get_by_role("link")).to_have_count(3)
    expect(documents).to_contain_text("Progress Report of the Programme of Collaborative Improvement")
    expect(documents).to_contain_text("the link goes to the page that lists it (a file of 214 KB")
    assert axe_violations(page) == []

    sign_in(page, "ades@example.scot", PASSWORD)
    page.goto("/programmes/ci-2021-2024/")
    expect(page.get_by_test_id("dates-note")).to_contain_text("up to the end of the programme in October 2024")
    page.get_by_role("link", name="Add a programme document").click()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Collaborative Improvement: final report")
    page.get_by_label("The period it covers, or its date (optional)").fill("2021–2024")
    page.get_by_label("Publisher").fill("ADES and Education Scotland")
    page.get_by_label("Where it is listed").fill("http://ades.scot/ci")
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator("#id_listed_on_error, .ds_question__error-message").first).to_contain_text("https://")
    assert axe_violations(page) == []
    page.get_by_label("Where it is listed").fill("https://ades.scot/ci")
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_test_id("programme-documents")).to_contain_text("Collaborative Improvement: final report")
    assert axe_violations(page) == []
    assert ProgrammeDocument.objects.count() == 4

    page.goto("/reports/authority-reports/import/")
    assert axe_violations(page) == []
    _upload(
        page, "links.csv", HEADER + "Fife,2021-10,https://www.fife.gov.uk/ci,,2022\nFife,2021-11,https://x.scot/,,\n"
    )
    expect(page.get_by_test_id("import-problems")).to_contain_text("Nothing was imported: 1 row needs correcting")
    expect(page.locator("#row-3")).to_contain_text("Fife hosted no visit in November 2021")
    expect(page.locator("#row-2")).to_contain_text("Right")
    assert axe_violations(page) == []
    assert AuthorityReport.objects.count() == 0

    _upload(page, "links.csv", HEADER + "Fife,2021-10,https://www.fife.gov.uk/ci,Fife's report,2022\n")
    expect(page.get_by_text("1 added and 0 updated.")).to_be_visible()
    expect(page.get_by_test_id("authority-reports")).to_contain_text("Fife's report")
    assert axe_violations(page) == []
    assert AuthorityReport.objects.get().url == "https://www.fife.gov.uk/ci"
