"""The Quads guidance and the suggested Quads in a real browser: an ADES officer writes a new version of the guidance,
a Quad member finds it from their home page, and the suggestion page shows its reasons; axe on every page."""

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import Authority
from authorities.services.reference import load_authorities
from quads.services import quads
from quads.services.guidance import load_first_guidance
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in as signed_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]


def sign_in(page, email):
    signed_in(page, email, PASSWORD)


@pytest.fixture
def setting(live_server):
    load_authorities()
    load_first_guidance()
    PersonFactory(
        email="ades@example.scot", full_name="Ann Ades", role=Role.ADES_OFFICER, organisation=organisation(name="ADES")
    )
    PersonFactory(
        email="orkney@example.scot",
        full_name="Isla Flett",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(authority__name="Orkney Islands"),
    )
    members = list(Authority.objects.filter(name__in=NORTH))
    return quads.save_quad(name="North", cycle="2025–26", members=members, by=None)


def test_an_ades_officer_writes_a_new_version_and_a_quad_member_finds_it_from_home(page, setting):
    sign_in(page, "ades@example.scot")
    page.goto("/quads/guidance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quads guidance")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Write a new version").click()
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Enter the guidance's title.")
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Quads guidance")
    page.get_by_label("Text").fill("## Before the meeting\n\nSubmit your self-evaluation <first>.")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.get_by_text("Version 2 of the Quads guidance is saved and shown to everyone.")).to_be_visible()
    expect(page.get_by_test_id("guidance-body")).to_have_text("Before the meeting Submit your self-evaluation <first>.")
    expect(page.get_by_test_id("guidance-saved-by")).to_contain_text("by Ann Ades")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Write a new version").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="1: Quads guidance").click()
    expect(page.get_by_test_id("guidance-earlier")).to_contain_text("This is version 1")
    expect(page.get_by_test_id("guidance-body")).to_contain_text("Self-evaluation first")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, "orkney@example.scot")
    page.goto("/")
    expect(page.get_by_test_id("home-quad")).to_contain_text("Your Quad: Quad North, 2025–26")
    expect(page.get_by_test_id("home-quads-guidance")).to_contain_text("version 2")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Quads guidance").click()
    expect(page.get_by_test_id("guidance-body")).to_contain_text("Submit your self-evaluation <first>.")
    expect(page.get_by_role("link", name="Write a new version")).to_have_count(0)
    assert axe_violations(page) == []


def test_the_suggested_quads_show_their_reasons_and_pass_axe(page, setting):
    members = list(Authority.objects.filter(name__in=["Angus", "Stirling", "Fife", "Dundee City"]))
    quads.save_quad(name="Earlier", cycle="2024–25", members=members, by=None)
    sign_in(page, "ades@example.scot")
    page.goto("/quads/suggest/?cycle=2025-26")
    expect(page.locator("fieldset")).to_have_count(7)  # North is placed already
    expect(page.get_by_test_id("reasons-quad-0").get_by_role("listitem")).to_have_text(
        [
            "Family group 1 of the children's set.",
            "Three collaboratives: East Dunbartonshire and East Renfrewshire are both in West Partnership.",
            "Unavoidable: every split of family group 1 puts at least one pair from one collaborative in a Quad "
            "together.",
            "No two of the four were in a Quad together in 2024–25.",
        ]
    )
    # Angus and Stirling were together in 2024–25: family group 2's Quads keep them apart.
    second = page.get_by_test_id("reasons-quad-1")
    expect(second).to_contain_text("Family group 2 of the children's set.")
    expect(second).to_contain_text("No two of the four were in a Quad together in 2024–25.")
    expect(page.get_by_role("link", name="Read the Quads guidance")).to_be_visible()
    assert axe_violations(page) == []
