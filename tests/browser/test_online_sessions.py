"""In Chromium: an ADES officer adds an online session with its meeting link to a day plan and finds the link in the
visit pack; and names the secondary school a visit focuses on, seen on the visit's page. Each page passes axe."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reviews.models import DaySession
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://meet.example.org/j/4471?pwd=team"


def test_an_officer_adds_an_online_session_and_finds_its_link_in_the_visit_pack(page, live_server):
    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    visit = VisitFactory(hosts=["Angus"], status="confirmed", starts_on=datetime.date(2027, 3, 2))
    DaySession.objects.create(visit=visit, day=1, starts_at=datetime.time(9), title="Welcome from the director")
    sign_in(page, officer.email, PASSWORD)

    page.goto(f"/visits/{visit.pk}/day-plan/")
    page.get_by_role("link", name="Change the day plan").click()
    assert axe_violations(page) == []
    page.locator("#id_sessions-1-day").fill("2")
    page.locator("#id_sessions-1-starts_at").fill("14:00")
    page.locator("#id_sessions-1-title").fill("Focus group with parents")
    page.locator("#id_sessions-1-mode").select_option("online")
    page.get_by_role("button", name="Save the day plan").click()
    expect(page.locator("#id_sessions-1-meeting_link-error")).to_contain_text(
        "Enter the meeting link, starting https://, for an online or hybrid session."
    )
    assert axe_violations(page) == []
    page.locator("#id_sessions-1-meeting_link").fill(LINK)
    page.get_by_role("button", name="Save the day plan").click()

    expect(page.get_by_text("The day plan is saved.")).to_be_visible()
    row = "14:00 Focus group with parents Not recorded Not recorded Not recorded Online"
    expect(page.get_by_role("row", name=row)).to_be_visible()
    expect(page.get_by_role("link", name="Join online for Focus group with parents")).to_have_attribute("href", LINK)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Back to the visit").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Visit pack (PDF)").click()

    reader = PdfReader(Path(download.value.path()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    uris = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots") or []]
    assert "Focus group with parents" in text
    assert LINK in text.replace(" ", "")
    assert LINK in uris


def test_an_officer_names_the_school_a_visit_focuses_on(page, live_server):
    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    visit = VisitFactory(hosts=["Angus"], status="confirmed", starts_on=datetime.date(2027, 3, 2))
    sign_in(page, officer.email, PASSWORD)

    page.goto(f"/visits/{visit.pk}/")
    expect(page.get_by_text("Authority-wide review")).to_be_visible()
    page.get_by_role("link", name="Change the establishments or cluster this visit focuses on").click()
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Arbroath Academy")
    page.get_by_label("SEED code (optional)").fill("530002")
    page.get_by_role("button", name="Add it").click()
    expect(page.locator("#id_seed_code-error")).to_contain_text("Enter the SEED code as the 7 digits")
    assert axe_violations(page) == []
    page.get_by_label("SEED code (optional)").fill("5300002")
    page.get_by_role("button", name="Add it").click()

    expect(page.get_by_text("Focus: Arbroath Academy (SEED 5300002) is added.")).to_be_visible()
    expect(page.get_by_role("row", name="Establishment: Arbroath Academy 5300002 Angus")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Back to the visit").click()
    expect(page.get_by_text("Focus: Arbroath Academy (SEED 5300002)")).to_be_visible()
    assert axe_violations(page) == []
