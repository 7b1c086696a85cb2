"""A team member records a focus group in Chromium in their visit's evidence log, confidential to the team."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.services.reference import load_authorities
from reviews.models import FocusGroup
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_member_records_a_focus_group(page, live_server):
    load_authorities()
    member = PersonFactory(full_name="Mhairi Member", organisation=organisation(authority__name="Fife"))
    visit = VisitFactory(hosts=["Angus"], status="confirmed", starts_on=datetime.date(2026, 3, 2))
    MembershipFactory(visit=visit, person=member)
    sign_in(page, member.email, PASSWORD)

    page.goto(f"/visits/{visit.pk}/")
    page.get_by_role("link", name="Evidence log").click()
    expect(page.get_by_test_id("evidence-empty")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record a focus group").click()
    assert axe_violations(page) == []
    page.locator("label", has_text="Other").first.click()  # the design system draws the radio on its label
    page.get_by_label("How many took part?").fill("0")
    page.get_by_label("When was it held?").fill("03/03/2026")
    page.get_by_role("button", name="Record the focus group").click()

    expect(page.locator("#id_description-error")).to_contain_text("Say who the group was")
    expect(page.locator("#id_participants-error")).to_contain_text("1 or more")
    assert axe_violations(page) == []
    page.locator("label[for=id_group_3]").click()  # Pupils and learners
    page.get_by_label("How many took part?").fill("12")
    page.locator("label", has_text="Yes").first.click()  # host authority staff were in the room
    page.get_by_label("Note").fill("Pupils spoke less freely with staff present.")
    page.get_by_role("button", name="Record the focus group").click()

    expect(page.get_by_text("The focus group is recorded in the evidence log.")).to_be_visible()
    expect(page.get_by_test_id("focus-groups").get_by_role("row", name="3 March 2026")).to_contain_text(
        "Pupils and learners"
    )
    expect(page.get_by_test_id("focus-groups")).to_contain_text("12")
    assert axe_violations(page) == []
    entry = FocusGroup.objects.get()
    assert (entry.group, entry.participants, entry.host_staff_present, entry.held_on, entry.recorded_by_id) == (
        "learners",
        12,
        "yes",
        datetime.date(2026, 3, 3),
        member.pk,
    )
    page.get_by_role("link", name="Change the focus group of 3 March 2026").click()
    expect(page.get_by_label("How many took part?")).to_have_value("12")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Remove the focus group of 3 March 2026").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, remove").click()

    expect(page.get_by_text("The focus group is removed from the evidence log.")).to_be_visible()
    assert not FocusGroup.objects.exists()
