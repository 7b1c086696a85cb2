"""Reviews below authority level: a visit's establishments or cluster (with SEED codes), validated, added and removed
by ADES and the host, audited, and shown on the visit page, the report and its PDF, the archive, its index and the
network, with flat query counts."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.choices import Role
from authorities.models import Authority
from core.models import AuditEntry
from reports.services import drafting
from reviews.choices import FocusKind
from reviews.models import FocusEstablishment
from reviews.services import scope
from tests.factories import PersonFactory, ThemeFactory, VisitFactory, organisation
from tests.reports.test_workflow import DRAFT, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reference):
    return {
        "host": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "other": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES")),
    }


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"], status="confirmed")


def labels(visit) -> list[str]:
    return [place.label for place in visit.focus_establishments.all()]


def test_an_establishment_with_its_seed_code_and_a_cluster_are_labelled(visit, people):
    scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Arbroath Academy", seed_code="5300002", by=None)
    scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name=" Forfar Academy cluster ", by=None)
    scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Brechin High School", by=None)

    assert labels(visit) == [
        "Focus: Arbroath Academy (SEED 5300002)",
        "Focus: Brechin High School",
        "Cluster: Forfar Academy cluster",
    ]
    assert set(visit.focus_establishments.values_list("host__name", flat=True)) == {"Angus"}  # the only host


@pytest.mark.parametrize("code", ["530000", "53000021", "53OOOO2", "5300 02"])
def test_a_seed_code_is_seven_digits(visit, code):
    with pytest.raises(ValidationError) as raised:
        scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Arbroath Academy", seed_code=code, by=None)

    assert raised.value.message_dict == {
        "seed_code": ["Enter the SEED code as the 7 digits the Scottish Government gives the school, like 5244439."]
    }
    assert FocusEstablishment.objects.count() == 0


def test_a_seed_code_is_once_per_visit_but_may_be_on_another(visit):
    scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Arbroath Academy", seed_code="5300002", by=None)
    other = VisitFactory(hosts=["Angus"])
    scope.add_focus(visit=other, kind=FocusKind.ESTABLISHMENT, name="Arbroath Academy", seed_code="5300002", by=None)

    with pytest.raises(ValidationError) as raised:
        scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Another", seed_code="5300002", by=None)

    assert raised.value.message_dict == {"seed_code": ["SEED code 5300002 is already on this visit."]}
    assert FocusEstablishment.objects.count() == 2


def test_with_several_hosts_the_host_is_required_and_must_be_one_of_them(reference):
    visit = VisitFactory(hosts=["Angus", "Fife"])
    fife, moray = Authority.objects.get(name="Fife"), Authority.objects.get(name="Moray")

    with pytest.raises(ValidationError) as missing:
        scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Levenmouth", by=None)
    with pytest.raises(ValidationError) as elsewhere:
        scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Elgin", host=moray, by=None)
    scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Levenmouth", host=fife, by=None)

    assert missing.value.message_dict == {"host": ["Choose which host authority it belongs to."]}
    assert elsewhere.value.message_dict == {"host": ["Choose one of the visit's host authorities."]}
    assert list(visit.focus_establishments.values_list("name", "host__name")) == [("Levenmouth", "Fife")]


def test_the_visit_page_says_authority_wide_until_one_is_added(client, visit, people):
    client.force_login(people["host"])
    url = reverse("reviews:visit-detail", kwargs={"pk": visit.pk})

    before = client.get(url).content.decode()
    scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Arbroath Academy", seed_code="5300002", by=None)
    after = client.get(url).content.decode()

    assert "Authority-wide review" in before
    assert "Focus: Arbroath Academy (SEED 5300002)" in after
    assert "Authority-wide review" not in after
    assert reverse("reviews:visit-scope", kwargs={"pk": visit.pk}) in after


def test_the_host_adds_one_and_a_bad_code_is_marked_beside_its_field_with_nothing_saved(client, visit, people):
    client.force_login(people["host"])
    url = reverse("reviews:visit-scope", kwargs={"pk": visit.pk})

    bad = client.post(url, {"kind": "establishment", "name": "Arbroath Academy", "seed_code": "12ab"})
    cluster = client.post(url, {"kind": "cluster", "name": "Forfar", "seed_code": "5300002"})
    good = client.post(url, {"kind": "establishment", "name": "Arbroath Academy", "seed_code": "5300002"}, follow=True)
    again = client.post(url, {"kind": "establishment", "name": "Other", "seed_code": "5300002"})

    assert bad.context["form"].errors == {
        "seed_code": ["Enter the SEED code as the 7 digits the Scottish Government gives the school, like 5244439."]
    }
    assert bad.context["form"]["name"].value() == "Arbroath Academy"  # what was typed stays
    assert cluster.context["form"].errors == {
        "seed_code": ["A cluster has no SEED code: leave it empty, or choose an establishment."]
    }
    assert again.context["form"].errors == {"seed_code": ["SEED code 5300002 is already on this visit."]}
    assert "Focus: Arbroath Academy (SEED 5300002) is added." in good.content.decode()
    assert labels(visit) == ["Focus: Arbroath Academy (SEED 5300002)"]
    assert AuditEntry.objects.filter(kind="visit.scope.added").get().summary == (
        "Added Focus: Arbroath Academy (SEED 5300002) to the scope of the visit to Angus, 5 March to 7 March 2030"
    )


def test_removal_asks_first_then_removes_and_is_audited(client, visit, people):
    place = scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Forfar", by=None)
    client.force_login(people["ades"])
    url = reverse("reviews:visit-scope-remove", kwargs={"pk": visit.pk, "focus_pk": place.pk})

    asked = client.get(url)
    kept = visit.focus_establishments.count()
    done = client.post(url)

    assert "Remove “Cluster: Forfar” from the visit?" in asked.content.decode()
    assert (kept, visit.focus_establishments.count()) == (1, 0)
    assert done["Location"] == reverse("reviews:visit-scope", kwargs={"pk": visit.pk})
    assert AuditEntry.objects.filter(kind="visit.scope.removed").count() == 1


def test_another_authoritys_officer_and_a_team_member_cannot_change_it(client, visit, people):
    from tests.factories import MembershipFactory

    member = PersonFactory()
    MembershipFactory(visit=visit, person=member)
    place = scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Forfar", by=None)
    statuses = []
    for person in (people["other"], member):
        client.force_login(person)
        statuses.append(client.post(reverse("reviews:visit-scope", kwargs={"pk": visit.pk}), {"name": "X"}).status_code)
        remove = reverse("reviews:visit-scope-remove", kwargs={"pk": visit.pk, "focus_pk": place.pk})
        statuses.append(client.post(remove).status_code)

    assert statuses == [404, 404, 404, 404]
    assert labels(visit) == ["Cluster: Forfar"]


def _published_with_scope(people, *, hosts, theme):
    visit = VisitFactory(hosts=hosts, theme=ThemeFactory(name=theme), key_question=f"A question for {hosts[0]}?")
    host = Authority.objects.get(name=hosts[0])
    scope.add_focus(
        visit=visit, kind=FocusKind.ESTABLISHMENT, name="Inverurie Academy", seed_code="5244439", host=host, by=None
    )
    report = drafting.start_report(visit=visit, by=people["ades"])
    drafting.save_draft(report=report, by=people["ades"], **DRAFT)
    drafting.submit_report(report=report, by=people["ades"])
    drafting.publish_report(report=report, by=people["ades"])
    return report


def test_the_report_page_its_pdf_the_archive_and_its_index_show_the_scope(
    client, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        report = _published_with_scope(people, hosts=["Aberdeenshire"], theme="Learning and Teaching")
    version = report.versions.get()

    page = client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})).content.decode()
    archive = client.get("/reports/").content.decode()
    found = client.get("/reports/", {"q": "Inverurie"}).context["page"].object_list
    rows = json.loads(client.get("/reports/index.json").content)["items"]
    lines = list(csv.DictReader(io.StringIO(client.get("/reports/index.csv").content.decode())))

    assert version.content["scope"] == ["Focus: Inverurie Academy (SEED 5244439)"]
    assert "Focus: Inverurie Academy (SEED 5244439)" in pdf_text(version)
    assert "Focus: Inverurie Academy (SEED 5244439)" in page
    assert "Focus: Inverurie Academy (SEED 5244439)" in archive
    assert [v.report_id for v in found] == [report.pk]
    assert [row["scope"] for row in rows if row["kind"] == "visit report"] == [
        ["Focus: Inverurie Academy (SEED 5244439)"]
    ]
    assert [line["scope"] for line in lines if line["kind"] == "visit report"] == [
        "Focus: Inverurie Academy (SEED 5244439)"
    ]


def test_a_report_with_several_hosts_names_the_host_of_each(
    people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        report = _published_with_scope(people, hosts=["Moray", "Aberdeenshire"], theme="Learning and Teaching")

    assert report.versions.get().content["scope"] == ["Focus: Inverurie Academy (SEED 5244439), Moray"]


def test_a_version_published_before_scopes_says_not_recorded_in_the_csv(
    client, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        report = _published_with_scope(people, hosts=["Angus"], theme="Numeracy")
    version = report.versions.get()
    del version.content["scope"]
    version.save(update_fields=["content"])

    lines = list(csv.DictReader(io.StringIO(client.get("/reports/index.csv").content.decode())))
    page = client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})).content.decode()

    assert [line["scope"] for line in lines if line["kind"] == "visit report"] == ["not recorded"]
    assert "Scope" not in page
    assert "Authority-wide" not in page


def test_the_network_and_a_themes_page_show_the_scope_with_flat_queries(client, people, reference):
    client.force_login(people["ades"])
    theme = ThemeFactory(name="Learning and Teaching")

    def queries():
        with CaptureQueriesContext(connection) as network:
            network_page = client.get(reverse("reviews:network")).content.decode()
        with CaptureQueriesContext(connection) as themed:
            theme_page = client.get(reverse("reviews:theme-finder-detail", kwargs={"slug": theme.slug}))
        return len(network), len(themed), network_page, theme_page.content.decode()

    first = VisitFactory(hosts=["Angus"], theme=theme)
    scope.add_focus(visit=first, kind=FocusKind.CLUSTER, name="Forfar", by=None)
    one = queries()
    for n in range(5):
        visit = VisitFactory(hosts=["Fife"], theme=theme)
        scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name=f"School {n}", seed_code=f"530000{n}", by=None)
    six = queries()

    assert "Angus, 5 March to 7 March 2030: Cluster: Forfar" in one[2]
    assert "Focus: School 4 (SEED 5300004)" in six[2]
    assert "Focus: School 4 (SEED 5300004)" in six[3]
    assert (one[0], one[1]) == (six[0], six[1])


def test_a_visit_with_none_is_authority_wide_on_the_network(client, people, reference):
    client.force_login(people["ades"])
    VisitFactory(hosts=["Angus"])

    page = client.get(reverse("reviews:network")).content.decode()

    assert "No visit named an establishment or a cluster." in page
    assert " ".join(page.split("unscoped-visits")[1].split("</p>")[0].split()) == (
        '"> Of the other visits, 1 was an authority-wide review run in the portal; the scope of 0 visits recorded '
        "from a published source is not recorded, because the source does not say."
    )


def test_a_historic_visit_with_none_has_its_scope_not_recorded(client, people, reference):
    """No source records a scope: a visit recorded from one is not said to have been authority-wide."""
    client.force_login(people["ades"])
    historic = VisitFactory(hosts=["Angus"], source="CI final report 2025")
    VisitFactory(hosts=["Fife"])
    VisitFactory(hosts=["Fife"])
    visit_page = client.get(reverse("reviews:visit-detail", kwargs={"pk": historic.pk})).content.decode()
    network_page = client.get(reverse("reviews:network")).content.decode()
    scope_page = client.get(reverse("reviews:visit-scope", kwargs={"pk": historic.pk})).content.decode()

    assert "None: the source this visit was recorded from does not record its scope." in scope_page
    assert "Not recorded: the source this visit was recorded from does not say" in visit_page
    assert "Authority-wide review" not in visit_page
    assert "Every visit was an authority-wide review" not in network_page
    assert " ".join(network_page.split("unscoped-visits")[1].split("</p>")[0].split()) == (
        '"> Of the other visits, 2 were authority-wide reviews run in the portal; the scope of 1 visit recorded '
        "from a published source is not recorded, because the source does not say."
    )


def test_a_double_submit_adds_the_cluster_once(client, visit, people):
    client.force_login(people["host"])
    url = reverse("reviews:visit-scope", kwargs={"pk": visit.pk})
    sent = {"kind": "cluster", "name": "Forfar", "submission_key": "scope-1"}

    first = client.post(url, sent)
    second = client.post(url, sent)

    assert (first.status_code, first.url, second.status_code, second.url) == (302, url, 302, url)
    assert list(visit.focus_establishments.values_list("kind", "name")) == [("cluster", "Forfar")]


def test_the_same_name_and_kind_is_once_per_visit_whatever_its_case(visit):
    scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Forfar", by=None)
    scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name="Forfar", by=None)

    with pytest.raises(ValidationError) as raised:
        scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="forfar ", by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        FocusEstablishment.objects.create(visit=visit, kind=FocusKind.CLUSTER, name="FORFAR")

    assert raised.value.message_dict == {"name": ["forfar is already on this visit."]}
    assert visit.focus_establishments.count() == 2


def test_a_cluster_has_no_seed_code_whichever_door(visit):
    """The rule is the model's: the service refuses it next to the field, the database refuses it outright."""
    with pytest.raises(ValidationError) as raised:
        scope.add_focus(visit=visit, kind=FocusKind.CLUSTER, name="Forfar", seed_code="5300002", by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        FocusEstablishment.objects.create(visit=visit, kind=FocusKind.CLUSTER, name="Forfar", seed_code="5300002")
    place = FocusEstablishment(visit=visit, kind=FocusKind.CLUSTER, name="Forfar", seed_code="5300002")
    with pytest.raises(ValidationError) as constraint:
        place.validate_constraints()

    message = "A cluster has no SEED code: leave it empty, or choose an establishment."
    assert raised.value.message_dict == {"seed_code": [message]}
    assert constraint.value.messages == [message]
    assert not visit.focus_establishments.exists()


def test_a_name_a_spreadsheet_would_run_is_refused_and_nothing_is_saved(visit):
    with pytest.raises(ValidationError) as refused:
        scope.add_focus(visit=visit, kind=FocusKind.ESTABLISHMENT, name='=HYPERLINK("http://x","y")', by=None)

    assert refused.value.message_dict == {
        "name": ["Start the name with a letter or number: a spreadsheet would run it."]
    }
    assert visit.focus_establishments.count() == 0
