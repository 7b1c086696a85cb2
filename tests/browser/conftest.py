import json
import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from authorities.models import Person
from tests.browser.nu import NuChecker
from tests.factories import totp_code, totp_secret

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session", autouse=True)
def no_live_server_connection_left_behind(django_db_setup, django_db_blocker):
    """A request the browser abandons half-way (a passkey's fetch cut short by the next page) can leave its live
    server thread's database connection open, idle; it is ended before the test database is dropped, which would
    otherwise refuse ("being accessed by other users")."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
        )


@pytest.fixture(scope="session")
def browser():
    """Chromium, with the Nu HTML Checker beside it for every page the tests load."""
    checker = NuChecker()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        browser.nu = checker
        yield browser
        browser.close()
    checker.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the test server. axe-core is loaded into every page the way an extension would be,
    outside the Content-Security-Policy; anything the policy refuses on a page (an inline style or script, a
    resource from elsewhere) fails the test."""
    context = new_context(browser, base_url=live_server.url)
    page = context.new_page()
    yield page
    finish(context)


def new_context(browser, **options):
    """A browser context with axe-core in every page, recording what the Content-Security-Policy refuses and
    every HTML page the portal sends, for the Nu HTML Checker."""
    context = browser.new_context(locale="en-GB", **options)
    context.add_init_script(path=str(AXE))
    context.refused = []
    context.documents = []
    context.nu = browser.nu
    context.on("console", lambda message: _refused(context, message))
    context.on("response", lambda response: _document(context, response))
    return context


def finish(context) -> None:
    """Close the context; fail if the policy refused anything or any page it loaded is not valid HTML."""
    context.close()
    assert context.refused == []
    errors = context.nu.errors(context.documents)
    assert errors == [], "\n".join(errors)


def _document(context, response) -> None:
    html = response.headers.get("content-type", "").startswith("text/html")
    if html and response.request.resource_type == "document" and response.status == 200:
        context.documents.append((response.url, response.text()))  # now: the body goes with the next page


def _refused(context, message) -> None:
    if "Content Security Policy" in message.text:
        context.refused.append(f"{message.page.url if message.page else ''}: {message.text}")


def axe_violations(page) -> list[str]:
    """Run axe-core on the page as it is now, against WCAG 2.2 A and AA; return one line per violation.

    A navigation a click has just started is let finish first, so axe never runs on a page being replaced."""
    page.wait_for_load_state("load")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
        })"""
    )
    return [
        f"{violation['id']}: {violation['help']} at {json.dumps([node['target'] for node in violation['nodes']])}"
        for violation in result["violations"]
    ]


def type_ahead(page, label: str, typed: str, option: str, *, exact: bool = True, exact_option: bool = True) -> None:
    """Choose an option of a select the page's script makes a type-ahead box, as a person does: type, then pick.

    The box replaces the select once the page's module script has run, which can be just after a click's navigation
    returns; a fill aimed at the select then waits on a hidden element for ever. So it waits for the label to name
    the box (which carries role=combobox; the select does not) before typing."""
    box = page.get_by_label(label, exact=exact)
    expect(box).to_have_attribute("role", "combobox")
    box.fill(typed)
    page.get_by_role("option", name=option, exact=exact_option).click()


def sign_in(page, email: str, password: str, *, answer_second_factor: bool = True) -> None:
    """Sign in as a person would: the password, then, when the portal asks for it (they hold an authenticator app,
    as PersonFactory gives every ADES officer and superuser), a code from the app, computed from its secret; with
    answer_second_factor=False the test answers that step itself.

    Someone who signed in with their app earlier in the test, and whose code of this half-minute is used, would have
    to wait for the next one: instead they take up the session they signed in to then, as a browser that kept its
    cookies would; if it has ended (they signed out), they sign in afresh and wait."""
    if answer_second_factor and _resumed(page, email):
        return
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    if answer_second_factor and urlparse(page.url).path == reverse("mfa_authenticate"):
        page.locator("input[name=code]").fill(_fresh_code(email))
        page.locator("input[name=code]").press("Enter")
        page.wait_for_load_state()
        _sessions[_app_of(email)] = page.context.cookies()


_codes_used: dict[tuple[str, str], int] = {}
_sessions: dict[tuple[str, str], list] = {}  # the cookies of each person's (and app's) last signed-in session


def _app_of(email: str) -> tuple[str, str]:
    return email, totp_secret(Person.objects.get(email__iexact=email))


def _resumed(page, email: str) -> bool:
    """Whether the person's earlier session of this test was taken up, when a new code would mean waiting."""
    try:
        app = _app_of(email)
    except Authenticator.DoesNotExist:
        return False  # no app: signing in asks no code, so never waits
    if app not in _sessions or _codes_used.get(app) != int(time.time()) // 30:
        return False
    page.context.clear_cookies()
    page.context.add_cookies(_sessions[app])
    page.goto("/")
    return page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").count() == 1


def _fresh_code(email: str) -> str:
    """A code not given before: the portal refuses a code used once, so the same person's second sign-in within the
    same 30 seconds waits for the next one, as a person would. Keyed by the secret too: each test makes its people
    afresh, with new authenticator apps, so a person of the same email in the next test need not wait. A code read in
    a window's last seconds would be stale by the time the portal checks it, so then it waits for the next one too."""
    app = _app_of(email)
    window, left = int(time.time()) // 30, 30 - time.time() % 30
    if _codes_used.get(app) == window or left < 3:
        time.sleep(left + 0.1)
        window += 1
    _codes_used[app] = window
    return totp_code(app[1])
