"""A second factor after the password, driven in Chromium: an authenticator app (its codes computed by pyotp from the
key the page shows), recovery codes that work once, and a passkey held by Chromium's virtual authenticator. axe-core
runs on every second-factor page; the Nu checker and the Content-Security-Policy watch every page (conftest)."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from authorities.choices import OrganisationKind, Role
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations, finish, new_context, sign_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSED = "That code is not right, or it has been used already."


@pytest.fixture(autouse=True)
def loaded(live_server):
    load_authorities()


def ades_officer():
    return PersonFactory(
        email="isla.reid@ades.example.scot",
        full_name="Isla Reid",
        role=Role.ADES_OFFICER,
        organisation=organisation(kind=OrganisationKind.ADES),
        second_factor=False,  # a new officer: they set one up at their first sign-in
    )


def assert_accessible(page):
    assert axe_violations(page) == []


def open_second_factor_page(page):
    """After the password: the portal may send an ADES officer with no second factor straight to the page; if not,
    they go there themselves."""
    page.wait_for_load_state("load")
    if not page.url.endswith("/accounts/2fa/"):
        page.goto("/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in and security")


def sign_out(page):
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()


def expect_signed_in(page):
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    assert "/accounts/2fa/authenticate/" not in page.url


def answer_with_code(page, code: str):
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()


def wait_for_a_fresh_window(seconds_needed: int = 20) -> None:
    """Wait, if need be, for a new 30-second window, so a code used now is still current `seconds_needed` later."""
    left = 30 - time.time() % 30
    if left < seconds_needed:
        time.sleep(left + 0.5)


def test_an_ades_officer_adds_an_authenticator_app_and_signs_in_with_its_codes_and_a_recovery_code_once(page):
    officer = ades_officer()
    sign_in(page, officer.email, PASSWORD)
    open_second_factor_page(page)
    expect(page.locator("main")).to_contain_text("You have no second factor yet.")
    assert_accessible(page)

    page.get_by_role("link", name="Add an authenticator app").click()  # no password again: it was just given
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an authenticator app")
    expect(page.get_by_role("img", name="QR code for adding the portal to your authenticator app")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Add the app").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(REFUSED)
    expect(page.locator("#authenticator-secret")).to_have_text(secret)  # the same key, to try again
    assert_accessible(page)
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Add the app").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("status").filter(has_text="Your authenticator app is added.")).to_be_visible()
    codes = page.get_by_role("list", name="Unused recovery codes").locator("code")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text().strip()
    assert_accessible(page)
    page.goto("/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("An authenticator app gives you your sign-in codes.")
    expect(page.locator("main")).to_contain_text("You have 10 unused recovery codes out of 10.")
    assert_accessible(page)
    sign_out(page)

    wait_for_a_fresh_window()  # the code below must still be current when it is tried again, four sign-ins later
    window = int(time.time()) // 30
    code = pyotp.TOTP(secret).now()
    sign_in(page, officer.email, PASSWORD, answer_second_factor=False)
    expect(page).to_have_url("/accounts/2fa/authenticate/")
    expect(page.locator("main")).to_contain_text("I do not have my phone")
    assert_accessible(page)
    answer_with_code(page, code)
    expect_signed_in(page)
    sign_out(page)

    sign_in(page, officer.email, PASSWORD, answer_second_factor=False)
    page.get_by_text("I do not have my phone").click()
    expect(page.locator("main")).to_contain_text("Enter one of the recovery codes you saved")
    answer_with_code(page, recovery_code)
    expect_signed_in(page)
    page.goto("/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("You have 9 unused recovery codes out of 10.")
    sign_out(page)

    sign_in(page, officer.email, PASSWORD, answer_second_factor=False)
    answer_with_code(page, recovery_code)
    expect(page.locator(".ds_error-summary")).to_contain_text(REFUSED)
    expect(page).to_have_title("Error: Confirm it is you – Collaborative Improvement Portal")
    assert_accessible(page)

    answer_with_code(page, code)  # used at the sign-in above, in the window it is still current in
    expect(page.locator(".ds_error-summary")).to_contain_text(REFUSED)
    assert int(time.time()) // 30 == window, "the code was tried again after its window ended: not a replay"
    page.get_by_role("button", name="Cancel and sign out").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Confirm it is you")
    page.goto("/accounts/2fa/")
    expect(page).to_have_url("/accounts/sign-in/?next=/accounts/2fa/")


@pytest.fixture
def localhost_page(browser, live_server):
    """A tab on the test server by the name localhost: WebAuthn's relying party is the host name, and browsers refuse
    an IP address for it."""
    port = live_server.url.rsplit(":", 1)[1]
    context = new_context(browser, base_url=f"http://localhost:{port}")
    yield context.new_page()
    finish(context)


def test_an_ades_officer_adds_a_passkey_and_signs_in_with_it_after_the_password_and_on_its_own(localhost_page):
    page = localhost_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    officer = ades_officer()

    sign_in(page, officer.email, PASSWORD)
    open_second_factor_page(page)
    page.get_by_role("link", name="Add a passkey or security key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey or security key")
    assert_accessible(page)
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_text("Passwordless", exact=True).click()
    expect(page.get_by_label("Passwordless")).to_be_checked()
    page.get_by_role("button", name="Add the passkey or key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("status").filter(has_text="Your passkey or security key is added.")).to_be_visible()

    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your passkeys and security keys")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Work laptop")
    expect(page.locator("tbody tr")).to_contain_text("Passkey")
    assert_accessible(page)

    page.goto("/accounts/2fa/webauthn/reauthenticate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.goto("/")
    sign_out(page)

    sign_in(page, officer.email, PASSWORD, answer_second_factor=False)
    expect(page).to_have_url("/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_role("button", name="Use a passkey or security key").click()
    expect_signed_in(page)
    sign_out(page)

    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect_signed_in(page)
    page.goto("/accounts/2fa/webauthn/")
    expect(page.locator("tbody tr")).not_to_contain_text("Not used yet")

    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(credentials) == 1
    assert credentials[0]["isResidentCredential"] is True
    assert credentials[0]["rpId"] == "localhost"


def test_confirming_it_is_you_with_an_authenticator_code_before_a_sensitive_action(page):
    officer = ades_officer()
    sign_in(page, officer.email, PASSWORD)
    open_second_factor_page(page)
    page.get_by_role("link", name="Add an authenticator app").click()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Add the app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")

    page.goto("/accounts/2fa/reauthenticate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".ds_error-summary")).to_contain_text(REFUSED)
    assert_accessible(page)
