"""A stakeholder answers the open link in Chromium, and is refused the second time from the same browser."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from surveys import sealing
from surveys.services import stakeholders
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


def test_after_closing_the_team_reads_the_views_and_the_host_reads_why_not(page, live_server):
    from django.test import Client

    from surveys.models import SurveyRound
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, MembershipFactory

    load_authorities()
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))
    member = PersonFactory()  # Education Scotland: independent of Angus
    today = datetime.date.today()
    visit = VisitFactory(hosts=["Angus"], starts_on=today + datetime.timedelta(days=21))
    MembershipFactory(visit=visit, person=member)
    survey = stakeholders.open_round(
        visit=visit, opens_on=today, closes_on=today + datetime.timedelta(days=14), by=host
    )
    for _ in range(5):
        Client().post(f"/v/{survey.open_token}/", {"role": "head_teacher", "q_supported": "4", "q_listened": "3"})
    SurveyRound.objects.filter(pk=survey.pk).update(
        opens_on=today - datetime.timedelta(days=9), closes_on=today - datetime.timedelta(days=1)
    )

    sign_in(page, member.email, PASSWORD)
    page.goto(visit.get_absolute_url())
    expect(page.get_by_role("heading", name="By who answered: share agreeing")).to_be_visible()
    expect(page.get_by_role("table", name="By who answered: share agreeing")).to_contain_text("100% of 5")
    assert axe_violations(page) == []
    page.get_by_role("link", name="All the stakeholders' results for this visit").click()
    expect(page.get_by_role("table").first).to_contain_text("Strongly agree: 5 (100%)")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, host.email, PASSWORD)
    page.goto(visit.get_absolute_url())
    expect(page.get_by_test_id("stakeholder-results")).to_contain_text("never by the officers and staff of Angus")
    expect(page.get_by_text("100% of 5")).to_have_count(0)
    assert axe_violations(page) == []
