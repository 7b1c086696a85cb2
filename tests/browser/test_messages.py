"""An ADES officer's bar fits one line at 1280 px; from "Running the portal" they open the messages sent, send one
person's survey link again from the round, and find it listed, with no link shown."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from surveys.services import questionnaires
from tests.browser.conftest import axe_violations, finish, new_context
from tests.browser.conftest import sign_in as signed_in
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(live_server):
    load_authorities()
    questionnaires.load_ci_questionnaire()
    officer = PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    visit = VisitFactory(hosts=["West Lothian"])
    MembershipFactory(visit=visit, person=PersonFactory(email="morag@example.scot", full_name="Morag Stewart"))
    MembershipFactory(visit=visit, person=PersonFactory(email="ann@example.scot", full_name="Ann Other"))
    return survey_round_for(visit, by=officer)


def test_the_officers_bar_fits_one_line_at_1280_px(browser, live_server, setting):
    context = new_context(browser, base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    signed_in(page, "ades@example.scot", PASSWORD)

    bar = page.locator(".ds_site-header__navigation .ds_site-navigation__list")
    items = bar.locator(":scope > .ds_site-navigation__item")
    heights = (bar.bounding_box()["height"], items.first.bounding_box()["height"])

    expect(bar.get_by_role("link", name="Running the portal")).to_be_visible()
    expect(bar.get_by_role("link", name="Data maintenance")).to_have_count(0)
    assert heights[0] == heights[1]
    assert len({round(items.nth(n).bounding_box()["y"]) for n in range(items.count())}) == 1
    finish(context)


def test_an_officer_sends_one_persons_survey_link_again_and_sees_it_listed(page, setting):
    signed_in(page, "ades@example.scot", PASSWORD)
    page.get_by_role("link", name="Running the portal").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Running the portal")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Messages sent").click()
    expect(page.get_by_test_id("sent-count")).to_have_text("2 messages")
    assert axe_violations(page) == []
    mail.outbox.clear()

    page.goto(setting.get_absolute_url())
    page.get_by_role("button", name="Send the link again to Morag Stewart").click()
    expect(page.get_by_role("status")).to_have_text("Morag Stewart's survey link is on its way to them again.")
    assert axe_violations(page) == []
    assert [m.to for m in mail.outbox] == [["morag@example.scot"]]

    page.goto("/outbox/sent/")
    expect(page.get_by_test_id("sent-count")).to_have_text("3 messages")
    expect(page.get_by_role("row").filter(has_text="Survey link, sent again")).to_contain_text("morag@example.scot")
    assert "/s/" not in page.content()
    assert axe_violations(page) == []
