"""axe-core on the pages the main journeys do not pass through."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import override_settings
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from authorities.choices import Role
from authorities.services.reference import load_authorities
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(live_server):
    load_authorities()
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__slug="angus"))


def test_password_reset_pages_pass_axe(page, officer):
    page.goto("/accounts/password-reset/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert axe_violations(page) == []

    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    page.goto(f"/accounts/reset/{uid}/{default_token_generator.make_token(officer)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator(".ds_error-summary")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("New password", exact=True).fill("a long enough passphrase")
    page.get_by_label("New password confirmation").fill("a long enough passphrase")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert axe_violations(page) == []

    page.goto(f"/accounts/reset/{uid}/not-a-token/")
    expect(page.get_by_text("This link has been used already or has expired.")).to_be_visible()
    assert axe_violations(page) == []


@override_settings(AXES_FAILURE_LIMIT=2)
def test_locked_out_page_passes_axe(page, officer):
    for password in ("wrong", "also wrong", PASSWORD):
        page.goto("/accounts/sign-in/")
        page.get_by_label("Email address").fill(officer.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in", exact=True).click()

    # The right password, after the limit: still paused.
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    assert axe_violations(page) == []


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/test-errors/403/", "You cannot do this"),
        ("/test-errors/500/", "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_pass_axe(page, officer, path, heading):
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/admin/", "/admin/authorities/authority/", "/admin/authorities/authority/1/change/"])
def test_admin_pages_pass_axe(page, officer, path):
    PersonFactory(  # technical staff: data maintenance is theirs only
        email="ades@example.scot", role=Role.ADES_OFFICER, organisation=organisation(name="ADES"), is_superuser=True
    )
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill("ades@example.scot")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.goto(path)

    assert axe_violations(page) == []


def test_the_page_shown_while_a_pdf_is_prepared_passes_axe(page, live_server, settings, tmp_path):
    from reports.services.case_studies import load_case_studies
    from reviews.services.importing import load_ci_programme

    settings.MEDIA_ROOT = tmp_path
    load_authorities()
    load_ci_programme()
    load_case_studies()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        response = page.goto("/reports/case-studies/west-lothian.pdf")

        expect(page.get_by_role("heading", level=1)).to_have_text("Your PDF is being prepared")
        assert response.status == 202
        assert axe_violations(page) == []
