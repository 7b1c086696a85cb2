"""A team member confirms their place in Chromium from the link in their email, without an account."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from authorities.choices import OrganisationKind, Role
from authorities.services.reference import load_authorities
from reviews.services import teams
from tests.browser.conftest import axe_violations
from tests.factories import PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_confirms_then_declines_their_place_from_the_email_link(page, live_server):
    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES))
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=40))
    member = PersonFactory(
        full_name="Iona Brown", email="iona@example.scot", organisation=organisation(authority__name="Fife")
    )
    teams.add_team_member(visit=visit, person=member, role="peer_reviewer", by=officer)
    email = next(m for m in mail.outbox if m.to == ["iona@example.scot"])
    link = re.search(r"http://127\.0\.0\.1:8000(/places/\S+/)", email.body).group(1)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your place on the team")
    expect(page.get_by_test_id("place-answer")).to_have_text("Awaiting reply")
    assert axe_violations(page) == []
    page.get_by_role("button", name="I will be there: confirm my place").click()

    expect(page.get_by_text("Thank you: your place is confirmed.")).to_be_visible()
    expect(page.get_by_test_id("place-answer")).to_have_text("Confirmed")
    assert axe_violations(page) == []
    page.get_by_role("button", name="I cannot take part: decline my place").click()
    expect(page.get_by_test_id("place-answer")).to_have_text("Declined")
    assert visit.team.get(person=member).place == "declined"


def test_a_member_reads_the_induction_pack_from_my_visits(page, live_server):
    from reviews.services.induction import load_first_pack
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, MembershipFactory

    load_authorities()
    load_first_pack()
    member = PersonFactory(full_name="Nina Newcomer", organisation=organisation(authority__name="Fife"))
    MembershipFactory(
        visit=VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=20)),
        person=member,
    )
    sign_in(page, member.email, PASSWORD)

    page.goto("/my-visits/")
    expect(page.get_by_test_id("induction-state")).to_contain_text("Read the induction pack before your visit")
    assert axe_violations(page) == []
    page.get_by_test_id("induction-state").get_by_role("link", name="induction pack").click()
    expect(page.get_by_role("heading", level=2, name="Key terms")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="I have read the pack").click()

    expect(page.get_by_test_id("induction-read")).to_have_text("You have read this version of the pack.")
    page.goto("/my-visits/")
    expect(page.get_by_test_id("induction-state")).to_contain_text("You have read the induction pack.")


def test_a_team_members_home_page_says_what_needs_them(page, live_server):
    from reviews.services.induction import load_first_pack
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, MembershipFactory

    load_authorities()
    load_first_pack()
    member = PersonFactory(full_name="Nina Newcomer", organisation=organisation(authority__name="Fife"))
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=20))
    MembershipFactory(visit=visit, person=member)
    sign_in(page, member.email, PASSWORD)

    needs = page.get_by_test_id("needs-you")
    expect(needs.get_by_role("link")).to_have_text(
        [
            f"Confirm or decline your place on the visit to Angus, {visit.when}",
            "Read the induction pack before your visit",
        ]
    )
    assert axe_violations(page) == []
    needs.get_by_role("link", name=re.compile("Confirm or decline")).click()
    page.get_by_role("button", name="I will be there: confirm my place").click()
    page.goto("/")

    expect(page.get_by_test_id("needs-you").get_by_role("link").first).to_have_text(
        f"Your visit pack for Angus, {visit.when}"
    )


def test_my_visits_links_the_survey_waiting_for_the_member(page, live_server):
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, MembershipFactory, survey_round_for

    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES))
    member = PersonFactory(full_name="Nina Newcomer", organisation=organisation(authority__name="Fife"))
    past = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() - datetime.timedelta(days=20))
    MembershipFactory(visit=past, person=member, place="confirmed")
    survey_round_for(past, by=officer)
    sign_in(page, member.email, PASSWORD)

    page.goto("/my-visits/")
    waiting = page.get_by_test_id("waiting-surveys")
    expect(waiting).to_contain_text(f"for the visit to Angus, {past.when}")
    assert axe_violations(page) == []
    waiting.get_by_role("link", name="Collaborative Improvement participant survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collaborative Improvement participant survey")


def test_an_officer_rewords_the_confirmation_request_and_previews_it_before_sending(page, live_server):
    from tests.browser.conftest import sign_in
    from tests.factories import PASSWORD, MembershipFactory

    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES))
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=40))
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Ann Awaiting", email="ann@example.scot"))
    sign_in(page, officer.email, PASSWORD)

    page.goto("/messages/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Confirmation request (to those who have not answered)").click()
    expect(page.get_by_test_id("placeholders")).to_contain_text("{place_link}")
    page.get_by_label("Subject").fill("Can you come, {nme}?")
    page.get_by_role("button", name="Save the wording").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("This message cannot use {nme}.")
    assert axe_violations(page) == []
    page.get_by_label("Subject").fill("Can you come, {name}?")
    page.get_by_role("button", name="Save the wording").click()
    expect(page.get_by_text("is saved: the next such email uses it.")).to_be_visible()

    page.goto(f"/visits/{visit.pk}/")
    page.get_by_role("link", name="Ask them to confirm").click()
    expect(page.get_by_test_id("request-count")).to_contain_text("1 team member has not answered.")
    expect(page.get_by_test_id("request-preview")).to_contain_text("Subject: Can you come, Ann Awaiting?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send 1 email").click()
    expect(page.get_by_text("Emails asking for an answer are on their way to 1 team member.")).to_be_visible()
    assert [m.subject for m in mail.outbox if m.to == ["ann@example.scot"]][-1] == "Can you come, Ann Awaiting?"
