"""Signing in with an organisation's own account, through a real OpenID Connect provider (npm oidc-provider, started
here as a council's Entra ID would be): the portal finds the existing person by email within the domains the
provider covers, never makes one, and counts the provider's second factor when its token says one was used."""

import io
import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount
from django.core.management import call_command
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.models import IdentityProvider, Person
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = Path(__file__).resolve().parent / "oidc_provider.mjs"
ROOT = SCRIPT.parents[2]
CLIENT_ID, CLIENT_SECRET = "ci-portal", "a-secret-for-the-tests-only"
# The provider's accounts: the login typed on its page -> the claims its tokens carry.
ACCOUNTS = {
    "jo": {"email": "Jo.Smith@WestLothian.gov.uk", "amr": ["pwd"]},  # no email_verified, as from Entra ID
    "outsider": {"email": "jo.smith@gmail.com", "email_verified": True, "amr": ["pwd"]},
    "stranger": {"email": "new.person@westlothian.gov.uk", "email_verified": True, "amr": ["pwd"]},
    "alex-mfa": {"email": "alex@westlothian.gov.uk", "email_verified": True, "amr": ["pwd", "mfa"]},
    "alex-pwd": {"email": "alex@westlothian.gov.uk", "email_verified": True, "amr": ["pwd"]},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """The provider, on a free port, for the whole session; its issuer once it answers discovery."""
    port = _free_port()
    issuer = f"http://localhost:{port}"
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{live_server.url}/accounts/oidc/west-lothian/login/callback/",
        "ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for(f"{issuer}/.well-known/openid-configuration", process)
        yield issuer
    finally:
        process.kill()
        process.communicate(timeout=10)


def _wait_for(url: str, process) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider stopped: {process.communicate()[1].decode()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the OpenID provider did not answer within 15 seconds")


@pytest.fixture
def west_lothian(oidc_provider, settings, monkeypatch):
    """West Lothian Council's sign-in, configured as an operator would: the variables and the release's command."""
    load_authorities()
    settings.FIRST_IDENTITY_PROVIDER = {
        "slug": "west-lothian",
        "name": "West Lothian Council",
        "organisation": "West Lothian Council",
        "issuer": oidc_provider,
        "client_id": CLIENT_ID,
        "email_domains": "westlothian.gov.uk",
    }
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", CLIENT_SECRET)
    call_command("identity_provider_from_env", stdout=io.StringIO())


def sign_in_with_organisation(page, login: str) -> str:
    """From the portal's sign-in page through the provider's own; returns the callback URL the provider sent back."""
    page.goto("/accounts/sign-in/")
    assert axe_violations(page) == []
    with page.expect_request(lambda request: "/login/callback/" in request.url) as callback:
        page.get_by_role("button", name="Sign in with West Lothian Council").click()
        page.get_by_label("Account").fill(login)
        page.get_by_role("button", name="Sign in to the organisation").click()
    page.wait_for_load_state("load")
    return callback.value.url


def council_officer():
    return PersonFactory(
        full_name="Jo Smith",
        email="jo.smith@westlothian.gov.uk",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(name="West Lothian Council"),
    )


def test_a_council_officer_signs_in_as_their_record_and_the_return_cannot_be_replayed(page, west_lothian):
    jo = council_officer()
    people = Person.objects.count()

    callback = sign_in_with_organisation(page, "jo")

    expect(page.get_by_role("link", name="Signed in as Jo Smith")).to_be_visible()
    assert axe_violations(page) == []
    assert Person.objects.count() == people
    assert list(SocialAccount.objects.values_list("user", "provider")) == [(jo.pk, "west-lothian")]

    replay = page.goto(callback)
    assert replay.status == 403
    expect(page.get_by_test_id("refusal")).to_have_text(
        "Signing in with your organisation did not finish, so you are not signed in."
    )
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(jo.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("link", name="Signed in as Jo Smith")).to_be_visible()
    jo.refresh_from_db()
    assert jo.has_usable_password()


def test_an_address_outside_the_providers_domains_is_refused(page, west_lothian):
    council_officer()
    people = Person.objects.count()

    sign_in_with_organisation(page, "outsider")

    expect(page.get_by_test_id("refusal")).to_have_text(
        "West Lothian Council sent jo.smith@gmail.com, which is not an address it signs in for."
    )
    assert axe_violations(page) == []
    assert (Person.objects.count(), SocialAccount.objects.count()) == (people, 0)
    page.goto("/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()


def test_an_unknown_address_in_a_covered_domain_is_refused_and_no_account_is_made(page, west_lothian):
    people = Person.objects.count()

    sign_in_with_organisation(page, "stranger")

    expect(page.get_by_test_id("refusal")).to_have_text("The portal has no account for new.person@westlothian.gov.uk.")
    expect(page.get_by_text("Ask an ADES programme officer to add you")).to_be_visible()
    assert (Person.objects.count(), SocialAccount.objects.count()) == (people, 0)
    assert not Person.objects.filter(email__iexact="new.person@westlothian.gov.uk").exists()


@pytest.mark.parametrize(("login", "asked"), [("alex-mfa", False), ("alex-pwd", True)])
def test_someone_with_an_authenticator_app_is_asked_its_code_only_when_the_provider_used_no_second_factor(
    page, west_lothian, login, asked, live_server
):
    alex = PersonFactory(  # of the provider's own organisation: a provider signs in no one else
        full_name="Alex Officer",
        email="alex@westlothian.gov.uk",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(name="West Lothian Council"),
    )
    TOTP.activate(alex, "JBSWY3DPEHPK3PXP")

    sign_in_with_organisation(page, login)

    if asked:
        assert page.url == f"{live_server.url}/accounts/2fa/authenticate/"
        page.goto("/")
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()
    else:
        assert page.url == f"{live_server.url}/"
        expect(page.get_by_role("link", name="Signed in as Alex Officer")).to_be_visible()


def test_an_ades_officer_adds_an_organisation_sign_in_then_turns_it_off(page, oidc_provider, monkeypatch):
    load_authorities()
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", CLIENT_SECRET)
    sign_in(page, officer.email, PASSWORD)  # with the authenticator app's code: changing a sign-in is sensitive

    page.goto("/authorities/reference/")
    page.get_by_role("link", name="Organisation sign-in").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add an organisation sign-in").click()
    page.get_by_label("Organisation").select_option(label="West Lothian Council")
    page.get_by_label("Name on the button").fill("West Lothian Council")
    page.get_by_label("Short name").fill("west-lothian")
    page.get_by_label("Issuer").fill("https://login.microsoftonline.com/common/v2.0")
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Email domains").fill("WestLothian.gov.uk")
    page.get_by_role("button", name="Save the organisation sign-in").click()
    expect(page.get_by_text("an issuer shared by every organisation").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Issuer").fill(oidc_provider)
    page.get_by_role("button", name="Save the organisation sign-in").click()
    expect(page.get_by_text("The organisation sign-in West Lothian Council is saved.")).to_be_visible()
    expect(page.get_by_test_id("state-west-lothian")).to_have_text("Ready")
    assert axe_violations(page) == []

    page.goto("/accounts/oidc/west-lothian/login/")  # followed from elsewhere: it asks first
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue to West Lothian Council").click()
    expect(page.get_by_label("Account")).to_be_visible()
    page.goto("/accounts/social/login/cancelled/")
    assert axe_violations(page) == []

    page.goto("/authorities/identity-providers/")
    page.get_by_role("link", name="Turn off West Lothian Council").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, turn it off").click()
    expect(page.get_by_test_id("state-west-lothian")).to_have_text("Turned off")
    assert IdentityProvider.objects.get().is_active is False
