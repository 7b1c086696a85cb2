"""A host officer drafts and submits (with no areas for improvement, so with a reason); an external team member
confirms it from their email; an ADES officer accepts the reason and publishes; anyone finds it and downloads a
valid PDF."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from authorities.choices import OrganisationKind, Role
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, MembershipFactory, PersonFactory, ThemeFactory, VisitFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visit(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    PersonFactory(
        email="host@westlothian.example.scot",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(authority__name="West Lothian"),
    )
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    visit = VisitFactory(
        hosts=["West Lothian"],
        theme=ThemeFactory(name="Positive Destinations"),
        key_question="To what extent do our partnership pathways ensure a positive destination?",
    )
    inspector = PersonFactory(email="isla@hmie.example.scot", organisation=organisation(kind=OrganisationKind.HMIE))
    MembershipFactory(visit=visit, person=inspector, place="confirmed")
    return visit


def test_drafted_submitted_published_found_and_downloaded(page, visit):
    sign_in(page, "host@westlothian.example.scot", PASSWORD)
    page.goto(f"/visits/{visit.pk}/report/")
    expect(page.get_by_test_id("report-status")).to_have_text("Not started")
    page.get_by_role("link", name="Start the report").click()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("List at least one next step.")
    assert axe_violations(page) == []

    page.get_by_label("Context").fill("A drop in positive destinations prompted the focus.")
    page.get_by_label("How evidence was gathered").fill("Focus groups with young people, partners and staff.")
    page.get_by_label("Strengths").fill("Openness and honesty throughout\nA shared moral purpose")
    page.get_by_label("Next steps").fill("Create a strategic action plan")
    page.get_by_label("Impact measures (optional)").fill(
        "Positive destinations (%) | LAC | 2022-23 | 71.4 | 2023-24 | 89.2"
    )
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".portal-message")).to_contain_text(
        "The report names no areas for improvement. Add at least one, or say in the draft why there are none."
    )
    expect(page.get_by_test_id("report-status")).to_have_text("Draft")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("If there are no areas for improvement, why").fill("Each area the team raised is in our plan.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Submitted for approval")
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()

    email = next(m for m in mail.outbox if m.to == ["isla@hmie.example.scot"])
    page.goto(re.search(r"http://127\.0\.0\.1:8000(/sign-off/\S+/)", email.body).group(1))
    expect(page.get_by_test_id("no-areas-reason")).to_have_text("Each area the team raised is in our plan.")
    assert axe_violations(page) == []
    page.get_by_text("Yes, they reflect what the team found").click()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_test_id("sign-off-answer")).to_have_text("Confirmed it reflects what the team found")

    sign_in(page, "ades@example.scot", PASSWORD)
    page.goto(f"/visits/{visit.pk}/report/")
    page.get_by_role("link", name="Review and approve").click()
    expect(page.get_by_test_id("sign-off-tally")).to_have_text("1 asked: 1 confirmed, 0 commented, 0 not yet answered.")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Accept the host's reason")
    assert axe_violations(page) == []
    page.get_by_text("I have read the host's reason").click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Published")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()

    page.goto("/reports/")
    page.get_by_label("Search the reports").fill("pathways")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 visit report found")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Collaborative Improvement visit report: West Lothian").click()
    expect(page.get_by_test_id("external-confirmation")).to_have_text(
        re.compile(
            r"The one team member from outside the host authorities was asked .* not published:\s+with only one", re.S
        )
    )
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.locator(".ds_file-download__title").click()

    reader = PdfReader(Path(download.value.path()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert download.value.suggested_filename == f"ci-report-west-lothian-{visit.starts_on:%Y-%m}-v1.pdf"
    assert "Openness and honesty throughout" in text
    assert re.search(r"71\.4 \(2022-23\)", text)
    assert "The host's reason, accepted by ADES: Each area the team raised is in our plan." in text


@pytest.mark.parametrize("path", ["report/", "report/preview/", "report/return/", "report/withdraw/"])
def test_report_workflow_pages_pass_axe(page, visit, path):
    from reports.models import Report
    from reports.services import drafting

    drafting.start_report(
        visit=visit,
        by=PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="West Lothian")),
    )
    assert Report.objects.count() == 1
    sign_in(page, "ades@example.scot", PASSWORD)

    page.goto(f"/visits/{visit.pk}/{path}")

    if path in ("report/return/", "report/withdraw/"):
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".ds_error-summary")).to_be_visible()
    assert axe_violations(page) == []


def test_a_follow_up_proposed_at_publication_is_confirmed_then_recorded_with_progress(page, visit):
    import datetime

    from authorities.models import Person
    from reports.services import drafting
    from reports.services.actions import make_actions
    from tests.reports.test_workflow import DRAFT

    host = Person.objects.get(email="host@westlothian.example.scot")
    report = drafting.start_report(visit=visit, by=host)
    drafting.save_draft(report=report, by=host, **DRAFT)
    drafting.submit_report(report=report, by=host)
    drafting.publish_report(report=report, by=Person.objects.get(email="ades@example.scot"))
    make_actions(visit=visit, by=None)
    first, second = visit.follow_ups.order_by("planned_on")
    sign_in(page, "host@westlothian.example.scot", PASSWORD)

    page.goto(f"/visits/{visit.pk}/actions/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Confirm or move the follow-up proposed for {second.planned_on:%-d %B %Y}").click()
    expect(page.get_by_test_id("follow-up-state")).to_contain_text("each of the 1 team member an invitation")
    assert axe_violations(page) == []
    moved = second.planned_on + datetime.timedelta(days=3)
    page.get_by_label("Date of the session").fill(moved.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Confirm this date and invite the team").click()
    expect(page.locator(".portal-message")).to_have_text(
        f"The follow-up is on {moved:%-d %B %Y}; 1 team member invited."
    )

    page.get_by_role("link", name=f"Record the follow-up of {first.planned_on:%-d %B %Y} once held").click()
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Record a session once it has been held")
    assert axe_violations(page) == []
    page.get_by_label("Date of the session").fill(datetime.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Status of action 1").select_option("in_progress")
    page.get_by_label("Progress on action 1").fill("A working group has met twice.")
    page.get_by_label("Evidence for action 1").fill("Minutes of both meetings")
    page.get_by_label("Next step for action 1").fill("Agree the plan by March")
    page.get_by_role("button", name="Record the session").click()

    expect(page.locator(f"#follow-up-{first.pk}")).to_have_text(f"{datetime.date.today():%-d %B %Y}: held")
    expect(page.get_by_text("Evidence: Minutes of both meetings")).to_be_visible()
    assert axe_violations(page) == []


def test_an_officer_attaches_an_authoritys_own_report_and_the_public_finds_it(page, live_server, settings, tmp_path):
    from reviews.models import Visit
    from reviews.services.importing import load_ci_programme
    from tests.reports.test_authority_reports import a_pdf

    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    load_ci_programme()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    visit = Visit.objects.get(programme__slug="ci-2021-2024", hosts__name="West Lothian")
    pdf = tmp_path / "west-lothian.pdf"
    pdf.write_bytes(a_pdf())
    sign_in(page, "ades@example.scot", PASSWORD)

    page.goto(visit.get_absolute_url())
    expect(page.get_by_test_id("visit-authority-report")).to_have_text("Not yet held here.")
    page.get_by_role("link", name="Add the authority's report").click()
    page.get_by_label("Address of the authority's published report").fill("http://www.westlothian.gov.uk/ci")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter the report's address starting https://")
    assert axe_violations(page) == []
    page.get_by_label("Address of the authority's published report").fill("https://www.westlothian.gov.uk/ci")
    page.get_by_label("The report's PDF (optional)").set_input_files(str(pdf))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("visit-authority-report")).to_contain_text("A copy of the PDF is held here")
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()

    page.goto("/reports/")
    expect(page.get_by_test_id("authority-reports").get_by_role("link").first).to_have_attribute(
        "href", "https://www.westlothian.gov.uk/ci"
    )
    expect(page.get_by_test_id("authority-reports-missing")).to_contain_text("Not yet held for 31 of the 32 visits")
    assert axe_violations(page) == []


def test_an_officer_imports_national_figures_and_the_public_sees_them_beside_the_family_median(
    page, live_server, tmp_path
):
    from authorities.models import Authority

    load_authorities()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    family = Authority.objects.get(name="Fife").people_family
    good = tmp_path / "acel.csv"
    good.write_text(
        "authority,measure,stage,organiser,group,year,value\n"
        "Fife,ACEL (%),P7,Numeracy,All pupils,2023-24,78.5\n"
        f"Family group {family} median,ACEL (%),P7,Numeracy,All pupils,2023-24,79.1\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("authority,measure,group,year,value\nAtlantis,ACEL (%),All pupils,2023-24,1\n", encoding="utf-8")
    sign_in(page, "ades@example.scot", PASSWORD)

    page.goto("/national-figures/import/")
    page.get_by_label("Kind of measure").select_option("acel")
    page.get_by_label("Source").fill("Achievement of CfE Levels 2023/24 (Scottish Government, 2024)")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import the figures").click()
    expect(page.get_by_test_id("import-problems")).to_contain_text(
        "Line 2: “Atlantis” is not a Scottish local authority."
    )
    assert axe_violations(page) == []
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Import the figures").click()
    expect(page.locator(".portal-message")).to_have_text("2 figures imported, each with its source.")

    page.goto("/authorities/fife/")
    page.get_by_role("link", name="1 national measure held for Fife").click()
    row = page.get_by_role("row", name=re.compile("2023–24"))
    expect(row).to_contain_text("78.5")
    expect(row).to_contain_text("79.1")
    expect(row).to_contain_text("Achievement of CfE Levels 2023/24 (Scottish Government, 2024)")
    assert axe_violations(page) == []


def test_a_host_names_the_national_measure_behind_an_impact_measure_and_the_preview_shows_its_figures(page, visit):
    from authorities.models import Authority, Person
    from reports.services import drafting, national

    family = Authority.objects.get(name="West Lothian").people_family
    figures = (
        "authority,measure,group,year,value\nWest Lothian,Positive destinations (%),LAC,2023-24,89.2\n"
        f"Family group {family} median,Positive destinations (%),LAC,2023-24,85.0\n"
    )
    national.save(
        figures=national.read(figures.encode()), kind="destinations", source="Leaver destinations 2024", by=None
    )
    host = Person.objects.get(email="host@westlothian.example.scot")
    report = drafting.start_report(visit=visit, by=host)
    draft = {"context": "A drop.", "evidence": "Focus groups.", "strengths": ["Openness"], "next_steps": ["Plan"]}
    impact = {"measure": "Positive destinations (%)", "group": "LAC", "baseline_year": "2022-23"}
    impact |= {"baseline_value": 71.4, "followup_year": "2023-24", "followup_value": 89.2}
    drafting.save_draft(report=report, by=host, areas_for_improvement=["CLD"], impact=[impact], **draft)
    sign_in(page, "host@westlothian.example.scot", PASSWORD)

    page.goto(f"/visits/{visit.pk}/report/")
    page.get_by_role("link", name="Name national measures").click()
    assert axe_violations(page) == []
    page.get_by_label("Positive destinations (%), LAC").select_option(label="Positive destinations (%), LAC")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".portal-message")).to_have_text("Saved: the impact measure names a national measure.")
    page.get_by_role("link", name="Preview as published").click()
    row = page.get_by_test_id("national-figures").get_by_role("row", name=re.compile("2023–24"))
    expect(row).to_have_text(re.compile(r"2023–24\s+89\.2\s+85\.0\s+Leaver destinations 2024"))
    assert axe_violations(page) == []


def test_an_officer_says_which_island_council_published_a_joint_visits_report(page, live_server, settings, tmp_path):
    from reviews.models import Visit
    from reviews.services.importing import load_ci_programme

    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    load_ci_programme()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    islands = Visit.objects.get(hosts__name="Orkney Islands", starts_on__year=2023, starts_on__month=5)
    sign_in(page, "ades@example.scot", PASSWORD)

    page.goto(f"/visits/{islands.pk}/authority-report/")
    page.get_by_label("Address of the authority's published report").fill("https://www.shetland.gov.uk/ci")
    page.get_by_label("When the authority published it (optional)").fill("2099")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Choose which of the visit's hosts published it.")
    assert axe_violations(page) == []
    page.locator("label", has_text="Shetland Islands").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("The date published is after today")
    page.get_by_label("When the authority published it (optional)").fill("2023-09-14")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("visit-authority-report")).to_be_visible()

    page.goto("/reports/")
    expect(page.get_by_test_id("authority-reports")).to_contain_text("Published by Shetland Islands")
    assert axe_violations(page) == []
