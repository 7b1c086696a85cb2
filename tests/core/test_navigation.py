"""The main menu marks the part of the portal a page belongs to: each app names its own pages' part from its
hooks.py, keyed by its URL namespace, so one app's URL names never claim another app's pages."""

import pytest
from django.test import RequestFactory
from django.urls import resolve

from core.context_processors import navigation


def section_of(path: str) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return navigation(request)["section"]


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/people/7/", "running"),  # office's person page
        ("/audit/", "running"),  # every office page, the audit log too
        ("/outbox/", "running"),
        ("/network/", "network"),
        ("/my-visits/", "my-visits"),
        ("/reports/", "reports"),  # no part named: the app's own
    ],
)
def test_a_page_marks_its_own_part_of_the_menu(path, section):
    assert section_of(path) == section


def test_another_apps_url_name_with_the_same_prefix_is_not_claimed():
    office, authorities = resolve("/people/7/"), resolve("/authorities/people/7/specialisms/")

    assert (office.namespace, office.url_name, authorities.namespace, authorities.url_name) == (
        "office",
        "person",
        "authorities",
        "person-specialisms",
    )
    assert section_of("/authorities/people/7/specialisms/") == "authorities"  # office's "person" pages are its own
