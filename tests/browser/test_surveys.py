"""An officer opens a round; a team member answers from the emailed link on a phone, with the keyboard only."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import Person
from authorities.services.reference import load_authorities
from surveys.models import Invitation
from surveys.services import questionnaires, release, responses, rounds
from tests.browser.conftest import axe_violations, finish, new_context
from tests.browser.conftest import sign_in as signed_in
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, VisitFactory, organisation
from tests.facts import CI_SURVEY_STATEMENTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    signed_in(page, email, PASSWORD)


@pytest.fixture
def setting(live_server):
    load_authorities()
    questionnaires.load_ci_questionnaire()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    visit = VisitFactory(hosts=["West Lothian"], starts_on=datetime.date(2026, 3, 3))  # over: its team is surveyed
    MembershipFactory(visit=visit, person=PersonFactory(email="morag@example.scot", full_name="Morag Stewart"))
    for _ in range(8):
        MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(authority__name="Fife")))
    return visit


def answer_for_others(count):
    questions = {q.code: q for q in questionnaires.load_ci_questionnaire().questions.all()}
    for invitation in Invitation.objects.exclude(person__email="morag@example.scot")[:count]:
        responses.submit_response(invitation=invitation, answers={questions[c]: 4 for c in CI_SURVEY_STATEMENTS})


def test_round_opened_answered_on_a_phone_with_the_keyboard_and_charted(browser, page, live_server, setting):
    sign_in(page, "ades@example.scot")
    page.goto(setting.get_absolute_url())
    page.get_by_role("link", name="Survey the team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a survey round")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Check the invitations").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter the cohort, for example final.")
    assert axe_violations(page) == []
    page.get_by_label("Cohort").fill("final")
    page.get_by_role("button", name="Check the invitations").click()
    expect(page.get_by_test_id("invitation-count")).to_have_text(
        re.compile(r"9 people will each get an email like this one")
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Open the round and send 9 links").click()
    expect(page.get_by_test_id("response-rate")).to_have_text(re.compile(r"0 of 9 responded\s+\(0%\)"))
    assert axe_violations(page) == []

    link = next(m for m in mail.outbox if m.to == ["morag@example.scot"])
    path = re.search(r"http://127\.0\.0\.1:8000(/s/\S+/)", link.body).group(1)
    phone = new_context(browser, base_url=live_server.url, viewport={"width": 390, "height": 844}, has_touch=True)
    respondent = phone.new_page()
    respondent.goto(path)
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Collaborative Improvement participant survey")
    assert axe_violations(respondent) == []

    respondent.get_by_role("button", name="Send my answers").focus()
    respondent.keyboard.press("Enter")
    expect(respondent.locator(".ds_error-summary")).to_contain_text("Choose an answer to question 1.")
    expect(respondent.locator(".ds_error-summary")).to_be_focused()
    assert axe_violations(respondent) == []

    respondent.keyboard.press("Tab")  # the summary's first link
    respondent.keyboard.press("Enter")  # jumps to question 1's first answer
    expect(respondent.locator("#id_q_enjoyed_0")).to_be_focused()
    for _ in range(8):
        respondent.keyboard.press("Space")  # Strongly agree
        respondent.keyboard.press("Tab")  # on to the next question
    respondent.keyboard.type("Meeting colleagues from other authorities.")
    respondent.keyboard.press("Tab")
    respondent.keyboard.type("More time for focus groups.")
    respondent.keyboard.press("Tab")
    respondent.keyboard.press("Enter")

    expect(respondent.get_by_role("heading", level=1)).to_have_text("Thank you: your answers are sent")
    assert axe_violations(respondent) == []
    respondent.goto(path)
    expect(respondent.get_by_role("heading", level=1)).to_have_text("You have already answered — thank you")
    finish(phone)

    answer_for_others(4)
    page.reload()
    expect(page.get_by_test_id("response-rate")).to_have_text(re.compile(r"5 of 9 responded\s+\(56%\)"))
    expect(page.get_by_test_id("why-no-results")).to_have_text(
        "Results appear when the round closes, if 5 or more people responded."
    )
    expect(page.get_by_role("link", name="See the results")).to_have_count(0)
    expect(page.get_by_role("row", name=re.compile("Morag Stewart"))).to_have_count(0)
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_role("link", name="Start a follow-on round")).to_be_visible()
    expect(page.get_by_role("link", name="Reopen the round")).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_test_id("round-figures")).to_contain_text("5 responses from 9 invited (56%)")
    expect(page.locator("figure.portal-chart svg")).to_have_attribute("role", "img")
    expect(page.get_by_role("table", name=re.compile("To what extent do you agree"))).to_contain_text("100%")
    assert axe_violations(page) == []

    page.goto(page.url.replace("results/", "comments/"))
    expect(page.get_by_text("More time for focus groups.")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/surveys/", "closed", "reopen", "released"])
def test_other_survey_pages_pass_axe(page, setting, path):
    sign_in(page, "ades@example.scot")
    ades = Person.objects.get(email="ades@example.scot")
    survey_round = rounds.open_round(
        questionnaire=questionnaires.load_ci_questionnaire(),
        visit=setting,
        cohort="pilot",
        by=ades,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    if path == "released":
        answer_for_others(5)
    release.close_round(survey_round=survey_round, by=ades)
    if path == "released":
        page.goto(f"/surveys/rounds/{survey_round.pk}/reopen/")
        expect(page.get_by_test_id("reopen-refused")).to_contain_text("results have been released")
        assert axe_violations(page) == []
        page.get_by_role("link", name="Start a follow-on round").click()
        expect(page.get_by_test_id("follow-on")).to_contain_text("everyone it invited is invited again")
    elif path == "closed":
        page.goto(survey_round.invitations.first().get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text("This survey is closed")
    elif path == "reopen":
        page.goto(f"/surveys/rounds/{survey_round.pk}/reopen/")
        page.get_by_role("button", name="Reopen").click()
        expect(page.locator(".ds_error-summary")).to_contain_text("Enter the new closing date.")
    else:
        page.goto(path)
    assert axe_violations(page) == []
