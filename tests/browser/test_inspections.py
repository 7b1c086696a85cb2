"""An ADES officer records a national thematic inspection and sees the warning on a visit of that authority; a file
with a bad row imports nothing and shows the row's error beside it."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reviews.models import NationalInspection
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, ThemeFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "title,theme,scope,authorities,start,end,source,source_note\n"
    "Curriculum design,Curriculum design,national sample,Fife; Western Isles,2037-01,2037-03,"
    "https://education.gov.scot/a,\n"
    "Numeracy,Numeracy,national sample,Fyfe,2037-04-01,2037-04-02,https://education.gov.scot/b,\n"
)


@pytest.fixture
def setting(live_server, tmp_path):
    load_authorities()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Attendance"), starts_on=datetime.date(2037, 5, 5))
    upload = tmp_path / "inspections.csv"
    upload.write_text(CSV, encoding="utf-8")
    return {"visit": visit, "upload": upload}


def test_officer_records_an_inspection_sees_the_warning_and_imports_a_file_with_a_bad_row(page, setting):
    sign_in(page, "ades@example.scot", PASSWORD)
    page.goto("/inspections/")
    expect(page.get_by_test_id("no-inspections")).to_contain_text("No inspections are recorded yet.")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Record an inspection").click()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Angus's attendance")
    page.get_by_label("Theme, as Education Scotland names it (optional)").fill("Attendance and engagement")
    page.locator("label", has_text="One authority").click()  # the Design System's label covers the radio
    page.locator("label", has_text="Angus").click()
    page.get_by_label("First day").fill("01/09/2037")
    page.get_by_label("Last day").fill("12/09/2037")
    page.get_by_label("Source link").fill("https://education.gov.scot/angus")
    page.get_by_role("button", name="Record the inspection").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Angus's attendance")
    expect(page.get_by_test_id("inspection")).to_contain_text("1 to 12 September 2037")
    assert axe_violations(page) == []

    page.goto(setting["visit"].get_absolute_url())
    warning = page.locator("[data-warning=inspection_nearby]")
    expect(warning).to_contain_text(
        "The visit falls within 6 months of Education Scotland's national thematic inspection “Angus's attendance” "
        "(1 to 12 September 2037), of the same authority (Angus):"
    )
    assert axe_violations(page) == []
    warning.get_by_role("link", name="see the inspection “Angus's attendance”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angus's attendance")

    page.goto("/inspections/import/")
    assert axe_violations(page) == []
    page.get_by_label("CSV or XLSX file").set_input_files(setting["upload"])
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("import-problems")).to_contain_text(
        "Row 3: column authorities: 'Fyfe' is not a Scottish local authority. Did you mean Fife?"
    )
    expect(page.locator("[data-row='3'] [data-testid=row-problems]")).to_contain_text("Did you mean Fife?")
    expect(page.locator("[data-row='2'] [data-testid=row-problems]")).to_have_text("None")
    assert axe_violations(page) == []
    assert list(NationalInspection.objects.values_list("title", flat=True)) == ["Angus's attendance"]

    page.goto("/inspections/")
    expect(page.get_by_test_id("inspections")).to_contain_text("Angus's attendance")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Change the number of months").click()
    page.get_by_label("Warn when a visit falls within this many months of an inspection").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("within 3 months")
    assert axe_violations(page) == []
    page.goto(setting["visit"].get_absolute_url())
    expect(page.locator("[data-warning=inspection_nearby]")).to_have_count(0)
