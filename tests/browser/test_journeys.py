"""The foundation's main journeys, driven in Chromium, with axe-core on every page they pass through."""

import pytest
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import Authority
from authorities.services.reference import load_authorities
from quads.models import Quad
from tests.browser.conftest import axe_violations, finish, new_context
from tests.factories import PASSWORD, PersonFactory, organisation
from tests.facts import FAMILY_GROUP_4

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(live_server):
    load_authorities()


def assert_accessible(page):
    assert axe_violations(page) == []


def test_public_visitor_finds_glasgow_through_its_family_group(page, loaded, live_server):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Collaborative Improvement in Scottish education")
    assert_accessible(page)

    page.get_by_role("link", name="Local authorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local authorities")
    expect(page.locator("tbody tr")).to_have_count(32)
    assert_accessible(page)

    page.get_by_label("Family group: children, social work and housing").select_option("4")
    page.get_by_role("button", name="Apply filters").click()
    assert page.url == f"{live_server.url}/authorities/?people_family=4&other_family=&ric=&sort="
    expect(page.locator("tbody th")).to_have_text(FAMILY_GROUP_4)
    assert_accessible(page)

    page.get_by_role("link", name="Glasgow City").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glasgow City")
    expect(page.locator(".ds_summary-list")).to_contain_text("S12000049")
    expect(page.locator(".ds_summary-list")).to_contain_text("West Partnership")
    expect(page.get_by_role("list", name="Other authorities in family group 4").get_by_role("link")).to_have_count(7)
    assert_accessible(page)


def test_sort_by_name_reverses_the_table(page, loaded):
    page.goto("/authorities/?ric=tayside-collaborative")

    page.get_by_role("link", name="Name").click()

    expect(page.locator("tbody th")).to_have_text(["Perth and Kinross", "Dundee City", "Angus"])
    expect(page.locator("thead th").first).to_have_attribute("aria-sort", "descending")


def test_invalid_filter_shows_the_error_beside_the_field(page, loaded):
    page.goto("/authorities/?people_family=9")

    expect(page.locator(".ds_error-summary")).to_contain_text("Choose a family group from 1 to 4.")
    expect(page.locator("#id_people_family-error")).to_have_text("Choose a family group from 1 to 4.")
    expect(page.locator("tbody tr")).to_have_count(32)
    assert_accessible(page)


def test_officer_signs_in_after_a_wrong_password_and_sees_quads(page, loaded):
    officer = PersonFactory(
        email="officer@glasgow.example.scot",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(authority__slug="glasgow-city"),
    )
    quad = Quad.objects.create(name="West", cycle="2024–25")
    quad.members.set(
        Authority.objects.filter(name__in=["Glasgow City", "Inverclyde", "North Lanarkshire", "West Dunbartonshire"])
    )
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()

    summary = page.locator(".ds_error-summary")
    expect(summary).to_contain_text("The email address or password is not right.")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Sign in – Collaborative Improvement Portal")
    expect(page.get_by_label("Email address")).to_have_value(officer.email)
    assert_accessible(page)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Collaborative Improvement in Scottish education")
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/authorities/glasgow-city/")
    expect(page.get_by_role("heading", name="West, 2024–25")).to_be_visible()
    assert_accessible(page)


def test_keyboard_user_skips_to_main_content(page, loaded):
    page.goto("/authorities/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#main-content")).to_be_focused()


@pytest.mark.parametrize(
    "path",
    [
        "/accessibility/",
        "/accounts/password-reset/",
        "/authorities/this-is-not-an-authority/",
        "/authorities/?people_family=1&ric=tayside-collaborative&other_family=4",
    ],
)
def test_other_pages_pass_axe(page, loaded, path):
    page.goto(path)

    assert_accessible(page)


def test_password_reset_form_with_errors_passes_axe(page, loaded):
    page.goto("/accounts/password-reset/")
    page.get_by_role("button", name="Send the link").click()

    expect(page.locator(".ds_error-summary")).to_be_visible()
    assert_accessible(page)


def test_signed_in_person_signs_out_from_the_mobile_menu(browser, live_server, loaded):
    person = PersonFactory(email="member@example.scot")
    context = new_context(browser, base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Data maintenance")).to_have_count(0)
    assert axe_violations(page) == []
    menu.get_by_role("button", name="Sign out").click()

    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Sign in")).to_be_visible()
    finish(context)
