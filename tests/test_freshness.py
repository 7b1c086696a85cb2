"""List pages' cached fragments: served from the cache while nothing changes, rebuilt by any change, never shared
between what an officer and the public may see. Transactional: changes commit, as they do in production."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from authorities.choices import Role
from reports.services import drafting as reports
from reviews.models import Visit
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation
from tests.reports.test_workflow import DRAFT

pytestmark = pytest.mark.django_db(transaction=True)


def _queries_on(client, url, table):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, sum(table in query["sql"] for query in captured)


def _publish(visit, by):
    report = reports.start_report(visit=visit, by=by)
    reports.save_draft(report=report, by=by, **DRAFT)
    reports.submit_report(report=report, by=by)
    reports.publish_report(report=report, by=by)
    return report


def test_the_archive_is_served_from_the_cache_until_a_report_is_published_or_withdrawn(
    client, ades_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(hosts=["Fife"], status="completed", key_question="How well do we close the gap in Fife?")
    first, reads_first = _queries_on(client, "/reports/", "reports_reportversion")
    again, reads_again = _queries_on(client, "/reports/", "reports_reportversion")

    report = _publish(visit, ades_officer)
    published = client.get("/reports/").content.decode()
    reports.withdraw_report(report=report, by=ades_officer, reason="Published in error.")
    withdrawn = client.get("/reports/").content.decode()

    assert (reads_first > 0, reads_again, again.content == first.content) == (True, 0, True)
    assert "How well do we close the gap in Fife?" not in first.content.decode()
    assert ("How well do we close the gap in Fife?" in published, "0 visit reports" in published) == (True, False)
    assert ("How well do we close the gap in Fife?" in withdrawn, "0 visit reports" in withdrawn) == (False, True)


def test_each_filter_has_its_own_fragment(client, reference):
    VisitFactory(hosts=["Fife"], status="confirmed", phase__programme__slug="ci", phase__programme__name="CI")
    VisitFactory(hosts=["Angus"], status="confirmed", phase__programme__slug="ci")

    fife = client.get("/programmes/ci/", {"authority": "fife"}).content.decode()
    angus = client.get("/programmes/ci/", {"authority": "angus"}).content.decode()
    fife_again = client.get("/programmes/ci/", {"authority": "fife"}).content.decode()

    assert ("1 visit matches these filters" in fife, "Fife: School Improvement" in fife) == (True, True)
    assert ("Angus: School Improvement" in angus, "Fife: School Improvement" in angus) == (True, False)
    assert fife_again == fife


def test_an_officers_fragment_is_never_shown_to_the_public(client, ades_officer):
    VisitFactory(hosts=["Fife"], status="confirmed", phase__programme__slug="ci", phase__programme__name="CI")
    VisitFactory(hosts=["Angus"], status="proposed", phase__programme__slug="ci")
    client.force_login(ades_officer)
    officer = client.get("/programmes/ci/").content.decode()
    client.logout()

    public = client.get("/programmes/ci/").content.decode()

    assert ("Angus: School Improvement" in officer, "Schedule a visit" in officer) == (True, True)
    assert ("Angus: School Improvement" in public, "Schedule a visit" in public) == (False, False)
    assert (
        "Fife: School Improvement" in public,
        ades_officer.full_name in public,
        "csrfmiddlewaretoken" in public,
    ) == (
        True,
        False,
        False,
    )


def test_a_change_to_a_visit_its_hosts_or_its_team_rebuilds_the_pages(client, ades_officer):
    visit = VisitFactory(hosts=["Fife"], status="confirmed", phase__programme__slug="ci", phase__programme__name="CI")
    client.force_login(ades_officer)
    before = client.get("/programmes/ci/").content.decode()
    network_before = client.get("/network/", {"programme": "ci"}).content.decode()

    visit.hosts.set([visit.hosts.model.objects.get(name="Angus")])  # a many-to-many change, no save of the visit
    after_hosts = client.get("/programmes/ci/").content.decode()
    MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(authority__name="Fife")))
    network_after = client.get("/network/", {"programme": "ci"}).content.decode()
    Visit.objects.filter(pk=visit.pk).first().delete()
    after_delete = client.get("/programmes/ci/").content.decode()

    assert ("Fife: School Improvement" in before, "Angus: School Improvement" in after_hosts) == (True, True)
    assert network_before != network_after
    assert ("No visits yet." in before, "No visits yet." in after_delete) == (False, True)


def test_a_transaction_that_changed_data_reads_past_the_cache(client, reference):
    VisitFactory(hosts=["Fife"], status="confirmed", phase__programme__slug="ci", phase__programme__name="CI")
    client.get("/programmes/ci/")  # cached: one visit

    with transaction.atomic():
        VisitFactory(hosts=["Angus"], status="confirmed", phase__programme__slug="ci")
        inside = client.get("/programmes/ci/").content.decode()
        transaction.set_rollback(True)
    after = client.get("/programmes/ci/").content.decode()

    assert ("Angus: School Improvement" in inside, "Angus: School Improvement" in after) == (True, False)
    assert ("2 visits." in inside, "1 visit." in after) == (True, True)


def test_each_authority_officer_sees_only_their_own_quads_when_cached(client, reference):
    from quads.services import quads

    members = [organisation(authority__name=name).authority for name in ("Fife", "Angus", "Falkirk", "Moray")]
    others = [
        organisation(authority__name=name).authority
        for name in ("Highland", "Argyll and Bute", "Orkney Islands", "Shetland Islands")
    ]
    quads.save_quad(name="East Quad", cycle="2025–26", members=members, by=None)
    quads.save_quad(name="North Quad", cycle="2025–26", members=others, by=None)
    fife = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife"))
    highland = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Highland"))

    seen = {}
    for officer in (fife, highland, fife):
        client.force_login(officer)
        page = client.get("/quads/", {"cycle": "2025-26"}).content.decode()
        seen.setdefault(officer.full_name, []).append(("East Quad" in page, "North Quad" in page))

    assert seen == {fife.full_name: [(True, False), (True, False)], highland.full_name: [(False, True)]}
