"""A host builds a visit's day plan in Chromium from an earlier visit's, fixes a mistake, and shares it."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reviews.models import DaySession
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, ThemeFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_host_copies_an_earlier_plan_corrects_it_and_shares_it(page, live_server):
    load_authorities()
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))
    visit = VisitFactory(
        hosts=["Angus"], status="confirmed", focus_areas=["Attendance"], starts_on=datetime.date(2027, 3, 2)
    )
    earlier = VisitFactory(hosts=["Fife"], theme=ThemeFactory(name="Numeracy"), starts_on=datetime.date(2025, 2, 4))
    DaySession.objects.create(visit=earlier, day=1, starts_at=datetime.time(9), title="Welcome from the director")
    DaySession.objects.create(
        visit=earlier, day=2, starts_at=datetime.time(9, 30), title="Visits to schools", who="Head teachers"
    )
    sign_in(page, host.email, PASSWORD)

    page.goto(f"/visits/{visit.pk}/")
    page.get_by_role("link", name="Day plan").click()
    expect(page.get_by_text("This visit has no day plan yet.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Start the plan from").select_option(label="Fife: Numeracy (4 February to 6 February 2025)")
    page.get_by_role("button", name="Start the plan").click()

    expect(page.get_by_text("2 sessions added. Change them to suit this visit.")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#id_sessions-0-ends_at").fill("08:00")
    page.get_by_role("button", name="Save the day plan").click()
    expect(page.locator("#id_sessions-0-ends_at-error")).to_contain_text("The session must end after it starts.")
    assert axe_violations(page) == []
    page.locator("#id_sessions-0-ends_at").fill("10:00")
    page.locator("#id_sessions-2-day").fill("3")
    page.locator("#id_sessions-2-starts_at").fill("11:00")
    page.locator("#id_sessions-2-title").fill("Feedback on attendance")
    page.locator("#id_sessions-2-focus_area").select_option("Attendance")
    page.locator("label[for=id_public-day_plan_public]").click()  # the design system draws the box on the label
    page.get_by_role("button", name="Save the day plan").click()

    expect(page.get_by_role("heading", level=2, name="Day 3")).to_be_visible()
    expect(
        page.get_by_role("row", name="11:00 Feedback on attendance Not recorded Not recorded Attendance")
    ).to_be_visible()
    assert axe_violations(page) == []
    assert list(visit.day_sessions.values_list("day", "title")) == [
        (1, "Welcome from the director"),
        (2, "Visits to schools"),
        (3, "Feedback on attendance"),
    ]
    assert type(visit).objects.get(pk=visit.pk).day_plan_public is True


def test_an_officer_builds_a_team_from_suggestions_and_a_person_declares_their_details(page, live_server):
    from authorities.models import RegionalRole, Specialism
    from authorities.services.reference import load_specialisms

    load_authorities()
    load_specialisms()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    visit = VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Inclusion"), starts_on=datetime.date(2027, 3, 2))
    specialist = PersonFactory(full_name="Freya Free", organisation=organisation(authority__name="Fife"))
    adviser = PersonFactory(full_name="Sara Regional", organisation=organisation(kind="education_scotland"))
    RegionalRole.objects.create(person=adviser, kind="sra", collaborative=visit.hosts.get().collaborative)
    sign_in(page, specialist.email, PASSWORD)
    page.goto("/accounts/my-details/")
    assert axe_violations(page) == []
    page.locator("label", has_text="Additional support needs (ASN)").click()
    page.get_by_role("button", name="Save my specialisms").click()
    expect(page.get_by_text("Your specialisms are saved.")).to_be_visible()
    assert list(specialist.specialisms.values_list("name", flat=True)) == [
        Specialism.objects.get(slug="additional-support-needs-asn").name
    ]
    page.context.clear_cookies()

    sign_in(page, officer.email, PASSWORD)
    page.goto(f"/visits/{visit.pk}/team/add/")
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_role("heading", level=3)).to_have_text(["Sara Regional", "Freya Free"])
    expect(suggestions).to_contain_text("Senior Regional Adviser for Tayside Collaborative")
    assert axe_violations(page) == []
    suggestions.get_by_label("Role of Sara Regional on the team").select_option(label="Senior Regional Adviser")
    suggestions.get_by_role("button", name="Add Sara Regional").click()

    expect(page.get_by_text("Sara Regional is on the team, and an email is on its way to tell them.")).to_be_visible()
    assert list(visit.team.values_list("person__full_name", "role")) == [("Sara Regional", "senior_regional_adviser")]
