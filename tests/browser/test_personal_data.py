"""An ADES officer answers a data protection request in Chromium: finds the person, downloads what is held, erases
them; the privacy notice and cookies page reached from the footer. Every page passes axe."""

import json

import pytest
from playwright.sync_api import expect

from authorities.choices import OrganisationKind, Role
from authorities.models import Person
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_exports_and_erases_a_person_who_left(page, live_server):
    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES))
    leaver = PersonFactory(
        full_name="Iona Leaver",
        email="iona.leaver@fife.example.scot",
        organisation=organisation(authority__name="Fife"),
    )
    visit = VisitFactory(hosts=["Angus"], status="confirmed", notes="Iona will bring the data pack.")
    MembershipFactory(visit=visit, person=leaver)
    sign_in(page, officer.email, PASSWORD)

    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    assert axe_violations(page) == []
    page.get_by_role("link", name="cookies", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookies")
    assert axe_violations(page) == []

    page.goto("/people/")
    page.get_by_label("Name or email address").fill("iona")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", level=2, name="1 person found")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Iona Leaver").click()
    expect(page.get_by_role("row", name="Team places 1", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything held (JSON)").click()
    held = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [row["full_name"] for row in held["Their record"]] == ["Iona Leaver"]

    page.get_by_role("link", name="Erase this person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase Iona Leaver?")
    expect(
        page.get_by_text("The first name ‘Iona’ alone appears in 1 record a page edits, for you to review")
    ).to_be_visible()
    expect(page.get_by_text("The first name ‘Iona’ alone appears in 1 place no page edits.")).to_be_visible()
    history_too = (
        "Also remove the first name and surname where they appear alone in earlier versions and other records no "
        "page edits"
    )
    expect(page.get_by_label(history_too)).not_to_be_checked()
    mention = page.get_by_role("link", name=f"Visit “{visit}”: notes", exact=True)
    expect(mention).to_have_attribute("href", f"/visits/{visit.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Erase Iona Leaver").click()

    expect(page.get_by_text("The person has been erased.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Recent erasures")).to_be_visible()
    assert axe_violations(page) == []
    assert Person.objects.filter(full_name="Iona Leaver").count() == 0
    page.goto(f"/visits/{visit.pk}/")
    expect(page.get_by_role("rowheader", name="A member from Fife Council (removed)")).to_be_visible()
    page.goto("/downloads/")
    expect(page.get_by_role("heading", level=2)).to_have_text("0 downloads")
    assert axe_violations(page) == []
