"""Data maintenance's lists filter only on what their filters offer: a lookup on any other column would let someone
read it a character at a time from how many rows match (a password hash, a survey's open link)."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory

from authorities.models import Person
from core.admin_site import FiltersOnly


def test_every_list_refuses_a_lookup_its_filters_do_not_offer(reference):
    from tests.factories import PersonFactory

    superuser = PersonFactory(is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
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
    from surveys.services import stakeholders
    from tests.factories import PersonFactory, VisitFactory

    today = datetime.date.today()
    visit = VisitFactory(starts_on=today + datetime.timedelta(days=30))
    stakeholders.open_round(visit=visit, opens_on=today, closes_on=today + datetime.timedelta(days=3), by=ades_officer)
    client.force_login(PersonFactory(is_superuser=True))

    response = client.get(f"{path}?{lookup}")

    # Django answers a refused lookup as a suspicious request, the same whatever the column holds.
    assert response.status_code == 400
    assert Person.objects.filter(password__startswith="md5").exists()  # there was something to find


# The models whose writes a service guards, as the issue names them: each must be declared guarded by its app.
SERVICE_GUARDED = {
    "reviews.Visit",
    "reviews.TeamMembership",
    "surveys.SurveyRound",
    "surveys.Invitation",
    "reports.Report",
    "reports.ReportVersion",
    "quads.SelfEvaluation",
    "quads.Grade",
    "reports.Action",
    "reports.FollowUp",
    "reports.Progress",
    # Those with pages of their own whose services keep rules data maintenance would skip: two levels of themes and
    # no cycle, a programme's kind once it has visits, phase numbering, a specialism's slug, a role holder's
    # organisation, a figure's year and source.
    "reviews.Programme",
    "reviews.Phase",
    "reviews.Theme",
    "authorities.Specialism",
    "authorities.RegionalRole",
    "reports.NationalMeasure",
    "reports.MeasureFigure",
    "quads.Quad",
}


def _admins(superuser_request):
    """Every ModelAdmin of data maintenance and every inline it shows, with the model each edits."""
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin
        for inline in model_admin.get_inline_instances(superuser_request):
            yield inline.model, inline


def _superuser_request():
    from tests.factories import PersonFactory

    request = RequestFactory().get("/admin/")
    request.user = PersonFactory(is_superuser=True)
    return request


def test_every_guarded_model_is_read_only_in_data_maintenance_even_for_a_superuser(reference):
    request = _superuser_request()
    writable = {}

    for model, model_admin in _admins(request):
        if model not in admin.site.guarded:
            continue
        fields = {f.name for f in model._meta.get_fields() if not f.auto_created and (f.concrete or f.many_to_many)}
        editable = fields - set(model_admin.get_readonly_fields(request, None))
        can = {
            "add": model_admin.has_add_permission(request, None)
            if hasattr(model_admin, "parent_model")
            else model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request, None),
            "delete": model_admin.has_delete_permission(request, None),
        }
        if editable or any(can.values()):
            writable[model._meta.label] = (sorted(editable), [k for k, v in can.items() if v])

    assert writable == {}


def test_every_model_a_service_guards_is_declared_guarded():
    guarded = {model._meta.label for model in admin.site.guarded}

    assert sorted(SERVICE_GUARDED - guarded) == []


def test_the_admin_registry_shows_the_guarded_models_it_holds_read_only(reference):
    """The registered ones actually walked above, so the test cannot pass by registering none of them."""
    request = _superuser_request()
    walked = {model._meta.label for model, _ in _admins(request) if model in admin.site.guarded}

    assert {"reviews.Visit", "reviews.TeamMembership", "surveys.SurveyRound", "reports.Report"} <= walked


def test_a_guarded_visit_opens_read_only_for_a_superuser(client, reference):
    from tests.factories import PersonFactory, VisitFactory

    visit = VisitFactory()
    client.force_login(PersonFactory(is_superuser=True))

    page = client.get(f"/admin/reviews/visit/{visit.pk}/change/")
    post = client.post(f"/admin/reviews/visit/{visit.pk}/change/", {"key_question": "Changed?"})
    delete = client.get(f"/admin/reviews/visit/{visit.pk}/delete/")
    add = client.get("/admin/reviews/visit/add/")

    assert page.status_code == 200
    assert 'name="key_question"' not in page.content.decode()
    assert (post.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    visit.refresh_from_db()
    assert visit.key_question != "Changed?"


def test_a_guarded_visits_history_cannot_be_reverted_in_data_maintenance(client, reference):
    """django-simple-history's "revert" saves with only the right to view: the read-only admin saves nothing."""
    from tests.factories import PersonFactory, VisitFactory

    visit = VisitFactory(key_question="First?")
    first = visit.history.get()
    visit.key_question = "Second?"
    visit.save()
    client.force_login(PersonFactory(is_superuser=True))

    response = client.post(f"/admin/reviews/visit/{visit.pk}/history/{first.history_id}/", {})

    visit.refresh_from_db()
    assert response.status_code == 403
    assert (visit.key_question, visit.history.count()) == ("Second?", 2)


def test_a_superuser_cannot_make_two_themes_each_others_broader_in_data_maintenance(client, reference):
    from reviews.models import Theme
    from tests.factories import PersonFactory

    asn = Theme.objects.create(name="ASN", slug="asn")
    inclusion = Theme.objects.create(name="Inclusion", slug="inclusion")
    client.force_login(PersonFactory(is_superuser=True))

    first = client.post(
        f"/admin/reviews/theme/{asn.pk}/change/", {"name": "ASN", "slug": "asn", "broader": inclusion.pk}
    )
    second = client.post(
        f"/admin/reviews/theme/{inclusion.pk}/change/", {"name": "Inclusion", "slug": "inclusion", "broader": asn.pk}
    )

    assert (first.status_code, second.status_code) == (403, 403)
    assert list(Theme.objects.filter(pk__in=[asn.pk, inclusion.pk]).values_list("broader", flat=True)) == [None, None]


def test_a_guarded_specialism_opens_read_only_though_people_point_at_it(client, reference):
    """Another model's many-to-many pointing here (a person's specialisms) is not a field of this one to show."""
    from authorities.models import Specialism
    from tests.factories import PersonFactory

    specialism = Specialism.objects.create(name="Additional support needs", slug="asn", keywords="ASN")
    client.force_login(PersonFactory(is_superuser=True))

    page = client.get(f"/admin/authorities/specialism/{specialism.pk}/change/")

    assert page.status_code == 200
    assert 'name="keywords"' not in page.content.decode()


def test_running_the_portal_links_data_maintenance_for_a_superuser_only(client, ades_officer):
    from authorities.choices import Role
    from tests.factories import PersonFactory

    superuser = PersonFactory(is_superuser=True, role=Role.ADES_OFFICER)
    link = '<a class="ds_category-item__link" href="/admin/">Data maintenance</a>'

    client.force_login(ades_officer)
    officer = client.get("/running/").content.decode()
    client.force_login(superuser)
    technical = client.get("/running/").content.decode()

    assert link not in officer
    assert link in technical
