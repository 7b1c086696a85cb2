"""The host chooses the focus, in Chromium: the host's officer proposes a key question and focus areas, the ADES
officer returns it with a comment, the host proposes again, the ADES officer agrees, and the visit page says who
did each. Every page passes axe (and the Nu checker, through the page fixture)."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import OrganisationKind, Role
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "How well do our secondary schools support attendance after the pandemic?"


def _as(page, person) -> None:
    page.context.clear_cookies()
    sign_in(page, person.email, PASSWORD)


def test_the_host_proposes_the_focus_and_the_ades_officer_returns_then_agrees_it(page, live_server):
    load_authorities()
    host = PersonFactory(
        full_name="Hana Host", role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")
    )
    ades = PersonFactory(
        full_name="Ada Officer", role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES)
    )
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=40))
    today = f"{datetime.date.today():%-d %B %Y}"

    _as(page, host)
    page.get_by_role("link", name=f"Propose the focus of your visit, {visit.when}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose the focus of the visit")
    assert axe_violations(page) == []
    page.get_by_label("Key question").fill("Why?")
    page.get_by_role("button", name="Propose the focus").click()
    expect(page.locator("#id_key_question-error")).to_contain_text("Write the key question in 10 to 500 characters")
    assert axe_violations(page) == []
    page.get_by_label("Key question").fill("How well do we support attendance?")
    page.get_by_label("Focus areas").fill("Attendance")
    page.get_by_role("button", name="Propose the focus").click()
    expect(page.get_by_test_id("focus-state")).to_contain_text(
        f"Proposed by Hana Host on {today}: waiting for an ADES officer to agree it."
    )

    _as(page, ades)
    page.get_by_role("link", name=f"Agree the focus of the visit to Angus, {visit.when}").click()
    expect(page.get_by_test_id("proposed-key-question")).to_have_text("How well do we support attendance?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Return it with this comment").click()
    expect(page.locator("#id_comment-error")).to_contain_text("Say why the focus is returned")
    assert axe_violations(page) == []
    page.get_by_label("Why are you returning it?").fill("Narrow it to secondary schools.")
    page.get_by_role("button", name="Return it with this comment").click()
    expect(page.get_by_test_id("focus-state")).to_contain_text("with the comment “Narrow it to secondary schools.”")

    _as(page, host)
    page.get_by_role("link", name=f"The focus of your visit, {visit.when}, was returned: propose it again").click()
    expect(page.get_by_test_id("focus-returned-comment")).to_contain_text("Narrow it to secondary schools.")
    assert axe_violations(page) == []
    page.get_by_label("Key question").fill(QUESTION)
    page.get_by_label("Focus areas").fill("Attendance\nPartnerships with families")
    page.get_by_role("button", name="Propose the focus").click()

    _as(page, ades)
    page.goto(visit.get_absolute_url())
    page.get_by_role("link", name="Agree or return the proposed focus").click()
    page.get_by_role("button", name="Agree the focus").click()
    expect(page.get_by_text("The focus is agreed")).to_be_visible()
    expect(page.get_by_test_id("focus-state")).to_contain_text(
        f"Proposed by Hana Host on {today}; agreed by Ada Officer on {today}."
    )
    expect(page.get_by_role("definition").filter(has_text=QUESTION)).to_have_count(1)
    assert axe_violations(page) == []
    visit.refresh_from_db()
    assert (visit.key_question, visit.focus_areas) == (QUESTION, ["Attendance", "Partnerships with families"])
