"""A lower app links to a higher app's page by a key core defines (core.destinations), never by its URL name: the
higher app registers the page from its hooks."""

import pytest
from django.template import Context, Template

from core import destinations
from core.destinations import Destination


def test_every_key_is_a_page_an_installed_app_registered():
    urls = {
        Destination.PERSON: destinations.url(Destination.PERSON, pk=7),
        Destination.PEOPLE: destinations.url(Destination.PEOPLE),
        Destination.AUDIT_LOG: destinations.url(Destination.AUDIT_LOG),
        Destination.MESSAGE_EDIT: destinations.url(Destination.MESSAGE_EDIT, key="team_added"),
        Destination.OUTBOX: destinations.url(Destination.OUTBOX),
        Destination.RUNNING: destinations.url(Destination.RUNNING),
    }

    assert set(urls) == set(Destination) == destinations.registered()
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

    assert destinations.url(Destination.OUTBOX) == ""


def test_a_key_core_does_not_know_is_refused():
    with pytest.raises(TypeError, match=r"keyed by core\.destinations\.Destination, not 'reports'"):
        destinations.register("reports", "reports:archive")
    with pytest.raises(TypeError, match=r"keyed by core\.destinations\.Destination, not 'outbox'"):
        destinations.register("outbox", "office:outbox")
    with pytest.raises(TypeError, match=r"keyed by core\.destinations\.Destination, not 'archive'"):
        destinations.url("archive")
    with pytest.raises(ValueError, match="'archive' is not a destination core knows"):
        Template("{% load destinations %}{% destination 'archive' %}").render(Context())
