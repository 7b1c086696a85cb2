"""Issue 24's journey in one run, in Chromium: an ADES officer with no data maintenance creates a CI programme with
two phases and a theme, schedules a visit in it, builds its team from suggestions with the role each one's
organisation proposes, starts a cycle of the Quads and a Quad's meeting; the host's officer proposes the key question
and the officer agrees it; the officer sends one person's survey link again. axe on every page; the Nu checker reads
each one (conftest)."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from authorities.choices import OrganisationKind, Role
from authorities.models import Authority, RegionalRole
from authorities.services.reference import load_authorities
from core import cycles
from quads.services import quads
from reviews.models import Visit
from tests.browser.conftest import axe_violations, sign_in, type_ahead
from tests.factories import PASSWORD, PersonFactory, organisation, survey_round_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "How well do our secondary schools support attendance after the pandemic?"
YEAR = datetime.date.today().year + 1


@pytest.fixture
def people(live_server):
    load_authorities()
    ades = PersonFactory(
        full_name="Ada Officer", role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES)
    )
    host = PersonFactory(
        full_name="Hana Host", role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")
    )
    hmi = PersonFactory(full_name="Hamish Inspector", organisation=organisation(kind=OrganisationKind.HMIE))
    PersonFactory(full_name="Fiona Peer", organisation=organisation(authority__name="Fife"))
    RegionalRole.objects.create(
        person=hmi, kind=RegionalRole.Kind.LINK_HMI, authority=Authority.objects.get(name="Angus")
    )
    quads.save_quad(
        name="North",
        cycle=cycles.current_cycle(),
        members=list(Authority.objects.filter(name__in=["Aberdeen City", "Aberdeenshire", "Moray", "Highland"])),
        by=None,
    )
    return {"ades": ades, "host": host}


def _as(page, person):
    page.context.clear_cookies()
    sign_in(page, person.email, PASSWORD)


def _checked(page):
    assert axe_violations(page) == [], page.url


def _programme_with_two_phases_and_a_theme(page):
    page.goto("/programmes/")
    page.get_by_role("link", name="New programme").click()
    page.locator("label[for='id_kind_0']").click()
    page.get_by_label("Name", exact=True).fill(f"Collaborative Improvement {YEAR}–{(YEAR + 3) % 100}")
    page.get_by_label("School years").fill(f"{YEAR}-{(YEAR + 3) % 100}")
    page.get_by_role("button", name="Create the programme").click()
    _checked(page)
    page.get_by_role("link", name="Phases").click()
    for number in (1, 2):
        page.get_by_role("link", name="Add a phase").click()
        page.get_by_label("Name", exact=True).fill(f"Phase {number}")
        page.get_by_role("button", name="Add the phase").click()
    expect(page.locator("tbody th")).to_have_text(["Phase 1", "Phase 2"])
    _checked(page)
    page.goto("/taxonomy/")
    page.get_by_role("link", name="Add a theme").click()
    page.get_by_label("Name", exact=True).fill("Attendance")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_test_id("taxonomy")).to_contain_text("Attendance")
    _checked(page)


def _visit_in_it(page):
    page.goto("/programmes/")
    page.get_by_role("link", name=f"Collaborative Improvement {YEAR}–{(YEAR + 3) % 100}").click()
    page.get_by_role("link", name="Schedule a visit").click()
    type_ahead(page, "Host authority", "Angu", "Angus")
    type_ahead(page, "Theme", "Attend", "Attendance")
    page.get_by_label("First day").fill(f"02/03/{YEAR + 1}")
    page.get_by_role("button", name="Schedule the visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit to Angus")
    _checked(page)
    return Visit.objects.get(hosts__name="Angus")


def _team_from_suggestions(page, visit):
    page.goto(f"/visits/{visit.pk}/team/add/")
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_label("Role of Hamish Inspector on the team")).to_have_value("hmi")
    _checked(page)
    suggestions.get_by_role("button", name="Add Hamish Inspector").click()
    page.goto(f"/visits/{visit.pk}/team/add/")
    page.get_by_label("Name, email or organisation").fill("Fiona")
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_label("Role of Fiona Peer on the team")).to_have_value("peer_reviewer")
    page.get_by_role("button", name="Add Fiona Peer").click()
    expect(page.get_by_test_id("team-size")).to_have_text("The team has 2 members.")
    _checked(page)
    assert sorted(visit.team.values_list("person__full_name", "role")) == [
        ("Fiona Peer", "peer_reviewer"),
        ("Hamish Inspector", "hmi"),
    ]


def _quads_cycle_and_meeting(page):
    cycle = cycles.current_cycle()
    page.goto("/quads/")
    page.get_by_role("link", name=f"Start the {cycle} cycle").click()
    page.get_by_role("button", name=f"Start the {cycle} cycle").click()
    page.get_by_role("link", name="North").click()
    page.get_by_role("link", name=f"Schedule a meeting in Quads {cycle}").click()
    type_ahead(page, "Theme", "Attend", "Attendance")
    page.get_by_label("Day of the meeting").fill(f"02/12/{cycle[:4]}")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting of Quad North")
    _checked(page)


def _focus_proposed_and_agreed(page, people, visit):
    _as(page, people["host"])
    page.get_by_role("link", name=f"Propose the focus of your visit, {visit.when}").click()
    page.get_by_label("Key question").fill(QUESTION)
    page.get_by_label("Focus areas").fill("Attendance\nPartnerships with families")
    page.get_by_role("button", name="Propose the focus").click()
    _checked(page)
    _as(page, people["ades"])
    page.get_by_role("link", name=f"Agree the focus of the visit to Angus, {visit.when}").click()
    page.get_by_role("button", name="Agree the focus").click()
    today = f"{datetime.date.today():%-d %B %Y}"
    expect(page.get_by_test_id("focus-state")).to_contain_text(
        f"Proposed by Hana Host on {today}; agreed by Ada Officer on {today}."
    )
    _checked(page)


def test_an_ades_officer_runs_a_programme_from_nothing_in_the_portals_own_pages(page, people):
    _as(page, people["ades"])
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")

    _programme_with_two_phases_and_a_theme(page)
    visit = _visit_in_it(page)
    _team_from_suggestions(page, visit)
    _quads_cycle_and_meeting(page)
    _focus_proposed_and_agreed(page, people, visit)

    survey_round = survey_round_for(visit, by=people["ades"])
    mail.outbox.clear()
    page.goto(survey_round.get_absolute_url())
    page.get_by_role("button", name="Send the link again to Fiona Peer").click()
    expect(page.get_by_role("status")).to_have_text("Fiona Peer's survey link is on its way to them again.")
    _checked(page)
    assert [message.to for message in mail.outbox] == [[visit.team.get(role="peer_reviewer").person.email]]
