"""An ADES officer schedules a visit and builds its team; a team member finds it and takes it to their calendar."""

import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from reviews.choices import TeamRole, VisitStatus
from reviews.models import Visit
from tests.browser.conftest import axe_violations, type_ahead
from tests.browser.conftest import sign_in as signed_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    PersonFactory,
    PhaseFactory,
    ThemeFactory,
    VisitFactory,
    organisation,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    signed_in(page, email, PASSWORD)
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture
def setting(live_server):
    load_authorities()
    phase = PhaseFactory(programme__name="Quads 2025–26", programme__slug="quads-2025-26")
    ThemeFactory(name="Senior Phase")
    ades = PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    member = PersonFactory(
        email="morag@example.scot", full_name="Morag Stewart", organisation=organisation(authority__name="Fife")
    )
    elsewhere = VisitFactory(
        phase=phase, hosts=["Moray"], starts_on=datetime.date(2037, 5, 6), status=VisitStatus.CONFIRMED
    )
    MembershipFactory(visit=elsewhere, person=member, role=TeamRole.PEER_REVIEWER)
    return {"phase": phase, "ades": ades, "member": member}


def test_officer_schedules_a_joint_visit_and_member_takes_it_to_their_calendar(page, setting):
    sign_in(page, "ades@example.scot")
    page.goto("/programmes/quads-2025-26/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Schedule a visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a visit")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Schedule the visit").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Choose the host authority.")
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter the first day of the visit.")
    assert axe_violations(page) == []

    type_ahead(page, "Host authority", "Orkn", "Orkney Islands")
    type_ahead(page, "Second host authority (optional)", "Shetl", "Shetland Islands")
    type_ahead(page, "Theme", "Senior", "Senior Phase")
    page.get_by_label("Key question (optional)").fill("How well do our pathways lead to positive destinations?")
    page.get_by_label("First day").fill("05/05/2037")
    page.get_by_role("button", name="Schedule the visit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Visit to Orkney Islands and Shetland Islands")
    expect(page.locator(".ds_summary-list")).to_contain_text("5 May to 7 May 2037")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Add a team member").click()
    page.get_by_label("Name, email or organisation").fill("Morag")
    page.get_by_role("button", name="Find people").click()
    assert axe_violations(page) == []
    page.get_by_label("Role of Morag Stewart on the team").select_option(TeamRole.PEER_REVIEWER.value)
    page.get_by_role("button", name="Add Morag Stewart").click()

    warnings = page.get_by_role("region", name="Check before the visit")
    expect(warnings.locator("[data-warning=double_booked]")).to_have_text(
        "Morag Stewart is also on the visit to Moray (6 May to 8 May 2037), whose dates overlap."
    )
    expect(page.get_by_test_id("team-size")).to_have_text("The team has 1 member.")
    expect(page.get_by_role("table", name="Team", exact=True)).to_contain_text("Morag Stewart")
    assert axe_violations(page) == []
    visit = Visit.objects.get(hosts__name="Orkney Islands")
    assert sorted(visit.hosts.values_list("name", flat=True)) == ["Orkney Islands", "Shetland Islands"]

    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    sign_in(page, "morag@example.scot")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My visits").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Orkney Islands, Shetland Islands: Senior Phase").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()

    event = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert (str(event["uid"]), event.decoded("dtstart")) == (f"visit-{visit.pk}@127.0.0.1", datetime.date(2037, 5, 5))


@pytest.mark.parametrize(
    "path",
    [
        "/programmes/",
        "/programmes/quads-2025-26/?phase=9",
        "/programmes/quads-2025-26/import/",
        "/visits/{v}/edit/",
        "/visits/{v}/cancel/",
        "/visits/{v}/team/new-person/",
        "/visits/{v}/team/{m}/edit/",
        "/visits/{v}/team/{m}/remove/",
        "/visits/{v}/documents/new/",
    ],
)
def test_officer_pages_pass_axe(page, setting, path):
    visit = Visit.objects.get(hosts__name="Moray")
    sign_in(page, "ades@example.scot")

    page.goto(path.format(v=visit.pk, m=visit.team.get().pk))

    assert axe_violations(page) == []


def test_forms_with_errors_pass_axe(page, setting):
    visit = Visit.objects.get(hosts__name="Moray")
    sign_in(page, "ades@example.scot")

    page.goto(f"/visits/{visit.pk}/team/new-person/")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter their full name.")
    assert axe_violations(page) == []

    page.goto(f"/visits/{visit.pk}/cancel/")
    page.get_by_role("button", name="Cancel the visit").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Give the reason the visit is cancelled.")
    assert axe_violations(page) == []

    page.goto("/programmes/quads-2025-26/import/")
    page.get_by_label("CSV or XLSX file").set_input_files(
        files=[
            {
                "name": "v.csv",
                "mimeType": "text/csv",
                "buffer": b"phase,host_authorities,month,theme\n1,Atlantis,2026-05,Inclusion\n",
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("import-problems")).to_have_text(
        "Row 2: 'Atlantis' is not the name of a Scottish local authority."
    )
    assert axe_violations(page) == []


def test_public_timetable_passes_axe(page, setting):
    page.goto("/programmes/quads-2025-26/")

    expect(page.get_by_role("heading", name="Phase 1")).to_be_visible()
    assert axe_violations(page) == []


def test_double_click_on_schedule_makes_one_visit(page, setting):
    sign_in(page, "ades@example.scot")
    page.goto("/programmes/quads-2025-26/visits/new/")
    type_ahead(page, "Host authority", "Angus", "Angus")
    type_ahead(page, "Theme", "Senior", "Senior Phase")
    page.get_by_label("First day").fill("12/05/2037")

    page.get_by_role("button", name="Schedule the visit").dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("Visit to Angus")
    expect(page.get_by_role("status")).to_contain_text("The visit is scheduled as proposed. Now build its team.")
    assert Visit.objects.filter(hosts__name="Angus").count() == 1
