"""Data maintenance's lists filter only on what their filters offer: a lookup on any other column would let someone
read it a character at a time from how many rows match (a password hash, a survey's open link)."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory

from authorities.models import Person
from core.admin_site import FiltersOnly


def test_every_list_refuses_a_lookup_its_filters_do_not_offer(ades_officer):
    request = RequestFactory().get("/admin/")
    request.user = ades_officer
    offered, refused = {}, {}

    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        refused[label] = model_admin.lookup_allowed("pk__gte", "1", request)
        for spec in model_admin.list_filter:
            if isinstance(spec, str):
                offered[f"{label}.{spec}"] = model_admin.lookup_allowed(f"{spec}__exact", "1", request)

    assert all(isinstance(model_admin, FiltersOnly) for model_admin in admin.site._registry.values())
    assert {label for label, allowed in refused.items() if allowed} == set()
    assert {name for name, allowed in offered.items() if not allowed} == set()
    assert "authorities.Person.role" in offered


@pytest.mark.parametrize(
    ("path", "lookup"),
    [
        ("/admin/authorities/person/", "password__startswith=md5"),
        ("/admin/surveys/surveyround/", "open_token__gte=A"),
    ],
)
def test_a_lookup_on_a_secret_column_is_refused(client, ades_officer, path, lookup):
    from surveys import stakeholders
    from tests.factories import VisitFactory

    today = datetime.date.today()
    visit = VisitFactory(starts_on=today + datetime.timedelta(days=30))
    stakeholders.open_round(visit=visit, opens_on=today, closes_on=today + datetime.timedelta(days=3), by=ades_officer)
    client.force_login(ades_officer)

    response = client.get(f"{path}?{lookup}")

    # Django answers a refused lookup as a suspicious request, the same whatever the column holds.
    assert response.status_code == 400
    assert Person.objects.filter(password__startswith="md5").exists()  # there was something to find
