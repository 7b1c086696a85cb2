"""Quads in a real browser: a self-evaluation completed with the keyboard, the Quad view, and axe on every new page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import Authority, Person
from authorities.services.reference import load_authorities
from quads.models import SelfEvaluation
from quads.services import quads, self_evaluation
from reports.choices import FindingKind
from reports.models import Finding
from reports.services.actions import make_actions
from tests.browser.conftest import axe_violations, type_ahead
from tests.browser.conftest import sign_in as signed_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    VisitFactory,
    organisation,
    quad_meeting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
CYCLE = "2025–26"


def sign_in(page, email):
    signed_in(page, email, PASSWORD)


@pytest.fixture
def setting(live_server):
    load_authorities()
    self_evaluation.load_starting_framework()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    PersonFactory(
        email="orkney@example.scot",
        full_name="Isla Flett",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(authority__name="Orkney Islands"),
    )
    return quads.save_quad(name="North", cycle=CYCLE, members=list(Authority.objects.filter(name__in=NORTH)), by=None)


def test_an_officer_completes_and_submits_a_self_evaluation_with_the_keyboard(page, setting):
    sign_in(page, "orkney@example.scot")
    page.goto("/self-evaluation/")
    assert axe_violations(page) == []
    start = page.get_by_role("button", name="Start the self-evaluation for")
    start.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluation 2026–27")
    assert axe_violations(page) == []

    # Submitting an empty one: the summary lists each missing grade and evidence; its links lead to the fields.
    submit = page.get_by_role("button", name="Submit the self-evaluation")
    submit.focus()
    page.keyboard.press("Enter")
    summary = page.locator(".ds_error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(12)
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Give the evidence for 2 before submitting.").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Evidence for 2")).to_be_focused()

    evaluation = SelfEvaluation.objects.get()
    for number, grade in enumerate(evaluation.grades.order_by("indicator__position"), start=1):
        # The third option is "Good"; Space chooses the focused radio, Tab moves on to the evidence.
        page.locator(f"#id_level_{grade.indicator_id}_2").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        expect(page.get_by_label(f"Evidence for {number}")).to_be_focused()
        page.keyboard.type(f"Evidence for indicator {number}")
        page.keyboard.press("Tab")
        page.keyboard.type("Keep going")
    submit = page.get_by_role("button", name="Submit the self-evaluation")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".portal-message--success")).to_contain_text("The self-evaluation is submitted.")
    assert axe_violations(page) == []
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"
    assert sorted(evaluation.grades.values_list("level", "evidence", "next_steps")) == [
        (4, f"Evidence for indicator {n}", "Keep going") for n in range(1, 7)
    ]

    page.get_by_role("link", name="Reopen for changes").click()
    page.get_by_role("button", name="Reopen it").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Give the reason for reopening the self-evaluation.")
    assert axe_violations(page) == []


def _submitted(name, level):
    authority = Authority.objects.get(name=name)
    officer = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority=authority))
    evaluation = self_evaluation.start_self_evaluation(authority=authority, cycle=CYCLE, by=officer)
    values = {
        grade.indicator_id: {"level": level, "evidence": f"{name}: what shows it", "next_steps": "More of it"}
        for grade in evaluation.grades.all()
    }
    self_evaluation.save_grades(self_evaluation=evaluation, grades=values, by=officer, submit=True)


def test_an_ades_officer_opens_the_quad_view(page, setting):
    quad_meeting(setting, on=datetime.date(2025, 11, 4))  # held: what it agreed can be recorded
    _submitted("Aberdeen City", 5)
    _submitted("Shetland Islands", 3)
    sign_in(page, "ades@example.scot")
    page.goto("/quads/?cycle=2025-26")
    assert axe_violations(page) == []
    page.get_by_role("link", name="North").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quad North")
    table = page.locator("table.portal-quad-table")
    expect(table.locator("thead th")).to_have_text(["Quality indicator", *NORTH])
    first_row = table.locator("tbody tr").first
    expect(first_row.locator(".portal-grade")).to_have_text(["5: Very good", "3: Satisfactory"])
    evidence = first_row.locator("details").first
    evidence.locator("summary").click()
    expect(evidence).to_contain_text("Aberdeen City: what shows it")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Record the agreed challenges and support").click()
    page.get_by_label("Agreed challenges").fill("Attendance in S3")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_summary-list")).to_contain_text("Attendance in S3")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary for the meeting (PDF)").click()
    assert download.value.suggested_filename == "quad-north-2025-26.pdf"


def test_quad_planning_pages_pass_axe_with_their_errors(page, setting):
    sign_in(page, "ades@example.scot")
    page.goto("/quads/new/?cycle=2025-26")
    page.get_by_role("button", name="Save the Quad").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Name the Quad.")
    assert axe_violations(page) == []
    page.goto("/quads/suggest/?cycle=2025-26")
    expect(page.locator("fieldset")).to_have_count(7)  # North is placed already
    assert axe_violations(page) == []
    for index in range(7):
        page.locator(f"label[for='id_quad-{index}-include']").click()  # the design system's label is the target
    page.get_by_role("button", name="Save the chosen Quads").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Choose at least one Quad to create.")
    assert axe_violations(page) == []


def test_framework_and_overview_pages_pass_axe(page, setting, tmp_path):
    sign_in(page, "ades@example.scot")
    for path in (
        "/self-evaluation/",
        "/self-evaluation/frameworks/",
        "/self-evaluation/frameworks/qmie2-high-level-questions/",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto("/self-evaluation/frameworks/import/")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,title\n1,\n")
    page.get_by_label("Name of the framework").fill("Trial")
    page.get_by_label("CSV file of indicators").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".portal-warnings")).to_contain_text("Row 2: the title is empty.")
    assert axe_violations(page) == []
    good = tmp_path / "good.csv"
    good.write_text('code,title,illustrations,rubric\n1.1,Outcomes,Improving over time,"Excellent: sector-leading"\n')
    page.get_by_label("CSV file of indicators").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".ds_page-header__label")).to_have_text("Framework of quality indicators, version 2 of 2")
    expect(page.locator("tbody tr")).to_have_text(["1.1 Outcomes Improving over time Excellent: sector-leading"])
    assert axe_violations(page) == []


def test_action_and_network_pages_pass_axe_with_their_errors(page, setting):
    host = PersonFactory(
        email="wl@example.scot", role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="West Lothian")
    )
    visit = VisitFactory(hosts=["West Lothian"], theme=ThemeFactory(name="Positive Destinations"), status="completed")
    MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(authority__name="Fife")))
    Finding.objects.create(visit=visit, kind=FindingKind.NEXT_STEP, position=1, text="Track leavers")
    make_actions(visit=visit, by=None)
    sign_in(page, host.email)
    page.goto(f"/visits/{visit.pk}/actions/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Update action 1").click()
    page.locator("label[for='id_status_3']").click()  # Dropped
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Give the reason the action is dropped.")
    assert axe_violations(page) == []
    page.goto(f"/visits/{visit.pk}/follow-ups/new/")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter the date of the session.")
    assert axe_violations(page) == []
    page.get_by_label("Date of the session").fill(datetime.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Progress on action 1").fill("Leavers' tracker in use")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator(".portal-message--success")).to_contain_text("The follow-up session is recorded.")
    page.goto("/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions, follow-ups and impact")
    assert axe_violations(page) == []
    for path in ("/network/", "/themes/", "/themes/positive-destinations/"):
        page.goto(path)
        assert axe_violations(page) == [], path
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "ades@example.scot")
    page.goto("/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions across all authorities")
    assert axe_violations(page) == []


def test_an_ades_officer_schedules_a_quad_meeting_and_reads_an_unstarted_self_evaluation(page, setting):
    programme = ProgrammeFactory(name="Quads 2025–26", slug="quads-2025-26", kind="quads")
    programme.phases.create(number=1, name="Cycle 2025–26")
    ThemeFactory(name="Quad meeting")
    sign_in(page, "ades@example.scot")
    page.goto(setting.get_absolute_url())
    page.get_by_role("link", name="Edit the Quad").click()
    expect(page.get_by_label("Name")).to_have_value("North")
    assert axe_violations(page) == []
    page.goto(setting.get_absolute_url())
    page.get_by_role("link", name="Schedule a meeting in Quads 2025–26").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a meeting of Quad North")
    assert axe_violations(page) == []
    type_ahead(page, "Theme", "Quad meeting", "Quad meeting", exact=False, exact_option=False)
    page.get_by_label("Day of the meeting").fill("02/12/2025")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".portal-message--success")).to_contain_text("The Quad North meeting is scheduled as proposed.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting of Quad North")
    expect(page.get_by_role("link", name="Quad North, 2025–26")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/self-evaluation/aberdeenshire/2025-26/")
    expect(page.get_by_text("Aberdeenshire has not started its self-evaluation for 2025–26.")).to_be_visible()
    expect(page.get_by_role("button", name="Start the self-evaluation")).to_have_count(0)  # ADES reads; it writes
    assert axe_violations(page) == []


def test_a_2025_26_self_evaluation_is_read_beside_its_2024_25_one(page, setting):
    from tests.quads.test_self_evaluation import _graded

    orkney = Authority.objects.get(name="Orkney Islands")
    officer = Person.objects.get(email="orkney@example.scot")
    _graded(orkney, "2024–25", officer, [3, 4, 4, 5, 5, 2], submit=True)
    _graded(orkney, "2025–26", officer, [4, 4, 3, 5, 6, 2], submit=True)
    sign_in(page, "orkney@example.scot")

    page.goto("/self-evaluation/orkney-islands/2025-26/")

    expect(page.get_by_test_id("last-cycle-1")).to_contain_text("2024–25: 3: Satisfactory; up 1 since last cycle.")
    expect(page.get_by_test_id("last-cycle-3")).to_contain_text("2024–25: 4: Good; down 1 since last cycle.")
    expect(page.get_by_test_id("last-cycle-1")).to_contain_text("Evidence then: Evidence 2024–25 1")
    assert axe_violations(page) == []

    quad_meeting(setting, on=datetime.date(2025, 11, 4))
    page.goto(setting.get_absolute_url())
    page.get_by_role("link", name="Record the agreed challenges and support").click()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name=re.compile(r"^Challenges agreed on 1\b")).fill("Show impact, not activity")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("indicator-agreements")).to_contain_text("Show impact, not activity")
    assert axe_violations(page) == []
