"""An ADES officer plans from nothing in the portal's own pages: a programme with two phases and a theme, then a
cycle of the Quads and a Quad's meeting. axe on every page; the Nu checker reads each one (conftest)."""

import datetime

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import Authority
from authorities.services.reference import load_authorities
from core import cycles
from quads.services import quads
from reviews.models import Programme, Visit
from tests.browser.conftest import axe_violations, type_ahead
from tests.browser.conftest import sign_in as signed_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]


@pytest.fixture
def setting(live_server):
    load_authorities()
    PersonFactory(email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    return quads.save_quad(
        name="North", cycle=cycles.current_cycle(), members=list(Authority.objects.filter(name__in=NORTH)), by=None
    )


def _checked(page):
    assert axe_violations(page) == [], page.url


def _add_phase(page, name, starts_on, ends_on):
    page.get_by_role("link", name="Add a phase").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("First day (optional)").fill(starts_on)
    page.get_by_label("Last day (optional)").fill(ends_on)
    page.get_by_role("button", name="Add the phase").click()


def test_an_officer_plans_a_programme_and_a_quads_cycle_without_data_maintenance(page, setting):
    signed_in(page, "ades@example.scot", PASSWORD)
    page.goto("/programmes/")
    _checked(page)
    page.get_by_role("link", name="New programme").click()
    _checked(page)
    page.get_by_role("button", name="Create the programme").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter the programme's name.")
    _checked(page)
    page.locator("label[for='id_kind_0']").click()
    page.get_by_label("Name", exact=True).fill("Collaborative Improvement 2026–29")
    page.get_by_label("School years").fill("2026-29")
    page.get_by_role("button", name="Create the programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collaborative Improvement 2026–29")
    expect(page.get_by_test_id("programme-history")).to_contain_text("Created, by")
    _checked(page)

    page.get_by_role("link", name="Phases").click()
    _checked(page)
    _add_phase(page, "Phase 1", "01/08/2026", "31/07/2027")
    _add_phase(page, "Phase 2", "01/08/2027", "31/07/2026")
    expect(page.locator(".ds_error-summary")).to_contain_text("The last day must be the same as or after the first")
    _checked(page)
    page.get_by_label("Last day (optional)").fill("31/07/2028")
    page.get_by_role("button", name="Add the phase").click()
    expect(page.locator("tbody th")).to_have_text(["Phase 1", "Phase 2"])
    _checked(page)
    page.get_by_role("link", name="Remove Phase 2").click()
    _checked(page)
    page.get_by_role("link", name="No, keep it").click()

    page.goto("/programmes/")
    page.get_by_role("link", name="Themes").click()
    _checked(page)
    page.get_by_role("link", name="Add a theme").click()
    _checked(page)
    page.get_by_label("Name", exact=True).fill("Numeracy")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_test_id("taxonomy")).to_contain_text("Numeracy")
    _checked(page)
    programme = Programme.objects.get(kind="ci")
    assert list(programme.phases.values_list("number", "name")) == [(1, "Phase 1"), (2, "Phase 2")]

    cycle = cycles.current_cycle()
    page.goto("/quads/")
    page.get_by_role("link", name=f"Start the {cycle} cycle").click()
    _checked(page)
    page.get_by_role("button", name=f"Start the {cycle} cycle").click()
    expect(page.locator(".portal-message--success")).to_contain_text(f"Quads {cycle} is started")
    _checked(page)
    page.get_by_role("link", name="North").click()
    page.get_by_role("link", name=f"Schedule a meeting in Quads {cycle}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a meeting of Quad North")
    _checked(page)
    type_ahead(page, "Theme", "Numer", "Numeracy", exact=False)
    page.get_by_label("Day of the meeting").fill(f"02/12/{cycle[:4]}")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting of Quad North")
    _checked(page)
    meeting = Visit.objects.get(quad_meeting__quad=setting)
    day = datetime.date(int(cycle[:4]), 12, 2)
    assert (meeting.starts_on, meeting.ends_on, meeting.programme.kind) == (day, day, "quads")
