"""A stakeholder answers the open link in Chromium, and is refused the second time from the same browser."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services import load_authorities
from surveys import sealing, stakeholders
from tests.browser.conftest import axe_violations
from tests.factories import PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stakeholder_answers_once_and_is_refused_the_second_time(page, live_server):
    load_authorities()
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))
    today = datetime.date.today()
    visit = VisitFactory(
        hosts=["Angus"],
        starts_on=today + datetime.timedelta(days=21),
        key_question="How well do we support attendance?",
    )
    survey = stakeholders.open_round(
        visit=visit, opens_on=today, closes_on=today + datetime.timedelta(days=14), by=host
    )
    link = f"/v/{survey.open_token}/"

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pre-visit stakeholder views")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send my views").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Choose which best describes you.")
    assert axe_violations(page) == []
    page.get_by_label("Which best describes you?").select_option(label="A parents' group")
    page.get_by_label("What is working well in this area?").fill("The breakfast club")
    page.get_by_role("button", name="Send my views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert axe_violations(page) == []

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already answered")
    assert axe_violations(page) == []
    sealed = survey.sealed_responses.values_list("sealed", flat=True)
    assert [sealing.unseal(response)["kind"] for response in sealed] == ["parents_group"]
