"""A lower app links to a higher app's page by a key core defines (core.destinations), never by its URL name: the
higher app registers the page from its hooks."""

import pytest
from django.template import Context, Template

from core import destinations


def test_every_key_is_a_page_an_installed_app_registered():
    urls = {
        destinations.PERSON: destinations.url(destinations.PERSON, pk=7),
        destinations.PEOPLE: destinations.url(destinations.PEOPLE),
        destinations.AUDIT_LOG: destinations.url(destinations.AUDIT_LOG),
        destinations.MESSAGE_EDIT: destinations.url(destinations.MESSAGE_EDIT, key="team_added"),
        destinations.OUTBOX: destinations.url(destinations.OUTBOX),
        destinations.RUNNING: destinations.url(destinations.RUNNING),
    }

    assert set(urls) == set(destinations.KEYS)
    assert urls == {
        "person": "/people/7/",
        "people": "/people/",
        "audit-log": "/audit/",
        "message-edit": "/messages/team_added/",
        "outbox": "/outbox/",
        "running": "/running/",
    }


def test_a_template_asks_for_the_url_by_key():
    template = Template(
        "{% load destinations %}{% destination 'person' pk=3 %}|{% destination 'outbox' %}"
        "|{% destination 'message-edit' key='place_request' %}"
    )

    assert template.render(Context()) == "/people/3/|/outbox/|/messages/place_request/"


def test_a_key_nobody_registered_has_no_url(monkeypatch):
    monkeypatch.setattr(destinations, "_url_names", {})

    assert destinations.url(destinations.OUTBOX) == ""


def test_a_key_core_does_not_know_is_refused():
    with pytest.raises(ValueError, match="'reports' is not a destination core knows"):
        destinations.register("reports", "reports:archive")
    with pytest.raises(ValueError, match="'archive' is not a destination core knows"):
        destinations.url("archive")
