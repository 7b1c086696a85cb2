import pytest
from django.test import Client, override_settings

from core.env import env_bool, env_int, env_list


def test_home_page_points_to_authorities_and_sign_in(client, reference):
    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<a class="ds_category-item__link" href="/authorities/">Local authorities</a>' in body
    assert '<a class="ds_category-item__link" href="/accounts/sign-in/">Sign in</a>' in body
    assert '<a class="ds_skip-links__link" href="#main-content">Skip to main content</a>' in body
    assert '<a href="/accessibility/">Accessibility</a>' in body


def test_accessibility_statement_names_the_standard_and_contact(client, reference):
    body = client.get("/accessibility/").content.decode()

    assert "Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA" in body
    assert 'href="mailto:ci-portal@ades.scot"' in body


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_server_error_page_is_in_the_service_look():
    client = Client(raise_request_exception=False)

    response = client.get("/test-errors/500/")

    assert response.status_code == 500
    assert "<title>Sorry, there is a problem with the service – Collaborative Improvement Portal</title>" in (
        response.content.decode()
    )


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_forbidden_page_is_in_the_service_look(client):
    response = client.get("/test-errors/403/")

    assert response.status_code == 403
    assert "<title>You cannot do this – Collaborative Improvement Portal</title>" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_in_the_service_look():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/sign-in/", {"username": "a@example.scot", "password": "x"})

    assert response.status_code == 403
    assert "<title>Your form expired – Collaborative Improvement Portal</title>" in response.content.decode()


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("CI_TEST_BOOL", "yes")
    monkeypatch.setenv("CI_TEST_INT", "42")
    monkeypatch.setenv("CI_TEST_LIST", "a.example, b.example,,")

    assert env_bool("CI_TEST_BOOL", default=False) is True
    assert env_int("CI_TEST_INT", default=0) == 42
    assert env_list("CI_TEST_LIST", default=[]) == ["a.example", "b.example"]
    assert env_bool("CI_TEST_UNSET", default=True) is True


def test_env_helpers_reject_nonsense_naming_the_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("CI_TEST_BOOL", "perhaps")

    with pytest.raises(ImproperlyConfigured, match=r"^CI_TEST_BOOL must be true or false, not 'perhaps'\.$"):
        env_bool("CI_TEST_BOOL", default=False)
