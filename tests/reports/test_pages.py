import csv
import io
import json

import pytest

from authorities.choices import Role
from reports.models import ReportVersion
from reports.services import drafting
from reviews.choices import TeamRole
from tests.factories import MembershipFactory, PersonFactory, ThemeFactory, VisitFactory, organisation
from tests.reports.test_workflow import DRAFT


@pytest.fixture
def people(reference):
    return {
        "host": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="West Lothian")),
        "other": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES")),
        "lead": PersonFactory(),
        "member": PersonFactory(),
    }


def published(people, *, hosts, theme="Positive Destinations", draft=None, settings=None):
    visit = VisitFactory(hosts=hosts, theme=ThemeFactory(name=theme), key_question=f"A question for {hosts[0]}?")
    report = drafting.start_report(visit=visit, by=people["ades"])
    drafting.save_draft(report=report, by=people["ades"], **(draft or DRAFT))
    drafting.submit_report(report=report, by=people["ades"])
    drafting.publish_report(report=report, by=people["ades"])
    return report


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_search_finds_a_report_by_a_word_only_in_its_strengths(
    client, people, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        found = published(
            people, hosts=["West Lothian"], draft={**DRAFT, "strengths": ["Remarkable candour in every meeting"]}
        )
        published(people, hosts=["Fife"])

    response = client.get("/reports/", {"q": "candour"})

    assert [v.report_id for v in response.context["page"].object_list] == [found.pk]
    assert [v.report_id for v in client.get("/reports/", {"q": "meetings"}).context["page"].object_list] == [found.pk]


def test_filters_combine(client, people, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inclusion_fife = published(people, hosts=["Fife"], theme="Inclusion")
        published(people, hosts=["Fife"], theme="Numeracy")
        published(people, hosts=["Angus"], theme="Inclusion")

    response = client.get("/reports/", {"authority": "fife", "theme": "inclusion"})

    assert [v.report_id for v in response.context["page"].object_list] == [inclusion_fife.pk]


def test_index_lists_exactly_the_published_not_withdrawn_reports(
    client, people, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = published(people, hosts=["West Lothian"])
        gone = published(people, hosts=["Fife"])
        drafting.withdraw_report(report=gone, reason="Error", by=people["ades"])
    draft = drafting.start_report(visit=VisitFactory(hosts=["Angus"]), by=people["ades"])

    rows = json.loads(client.get("/reports/index.json").content)["items"]
    lines = list(csv.DictReader(io.StringIO(client.get("/reports/index.csv").content.decode())))

    version = kept.versions.get()
    expected = {
        "kind": "visit report",
        "authority": "West Lothian",
        "gss_code": "S12000040",
        "visit": "West Lothian",
        "visit_month": f"{kept.visit.starts_on:%Y-%m}",
        "programme": kept.visit.programme.name,
        "phase": "Phase 1",
        "theme": "Positive Destinations",
        "scope": [],
        "key_question": "A question for West Lothian?",
        "published": version.published_at.date().isoformat(),
        "version": 1,
        "source": "Published on the CI Portal by the host authority",
        "page_url": f"http://testserver/reports/{kept.pk}/",
        "pdf_url": f"http://testserver/reports/files/{version.pdf_sha256}/{version.filename}",
    }
    assert rows == [expected]
    assert lines == [{**expected, "version": "1", "scope": "authority-wide"}]
    assert draft.pk not in {r["pdf_url"] for r in rows}


def test_download_serves_the_stored_file_by_its_content_hash_with_etag_and_304(
    client, people, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["West Lothian"])
    version = report.versions.get()
    file_url = f"/reports/files/{version.pdf_sha256}/{version.filename}"

    lasting = client.get(f"/reports/{report.pk}/v1.pdf")
    response = client.get(file_url)
    body = b"".join(response.streaming_content)  # reading it to the end also closes the file
    again = client.get(file_url, HTTP_IF_NONE_MATCH=f'"{version.pdf_sha256}"')

    assert (lasting.status_code, lasting["Location"]) == (302, file_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{version.pdf_sha256}"'
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"  # the security middleware still wraps it
    assert response["Content-Disposition"] == f'attachment; filename="{version.filename}"'
    with version.pdf.open("rb") as handle:
        assert body == handle.read()
    assert (again.status_code, again["ETag"]) == (304, f'"{version.pdf_sha256}"')


def test_earlier_versions_stay_downloadable_and_withdrawn_ones_are_not_served(
    client, people, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["West Lothian"])
        drafting.start_correction(report=report, by=people["host"])
        drafting.submit_report(report=report, by=people["host"])
        drafting.publish_report(report=report, by=people["ades"])

    page = client.get(f"/reports/{report.pk}/")
    files = [v.file_url for v in report.versions.order_by("number")]
    first = client.get(files[0])
    assert b"".join(first.streaming_content).startswith(b"%PDF-")
    drafting.withdraw_report(report=report, reason="Superseded by a new report.", by=people["ades"])

    assert (page.context["current"].number, [v.number for v in page.context["earlier"]]) == (2, [1])
    assert [page.context["current"].file_url, page.context["earlier"][0].file_url] == files[::-1]
    assert first.status_code == 200
    assert [client.get(url).status_code for url in files] == [404, 404]  # at once, with nothing cached
    assert client.get(f"/reports/{report.pk}/v1.pdf").status_code == 404
    assert client.get(f"/reports/{report.pk}/v2.pdf").status_code == 404
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert ReportVersion.objects.filter(report=report, withdrawn_reason="Superseded by a new report.").count() == 2


def test_report_page_names_other_authorities_on_the_theme(client, people, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["West Lothian"], theme="Inclusion")
        published(people, hosts=["Fife"], theme="Inclusion")
        published(people, hosts=["Angus"], theme="Numeracy")

    assert [a.name for a in client.get(f"/reports/{report.pk}/").context["others"]] == ["Fife"]


def test_impact_lines_with_problems_are_named(client, people, media):
    visit = VisitFactory(hosts=["West Lothian"])
    client.force_login(people["host"])

    response = client.post(
        f"/visits/{visit.pk}/report/edit/",
        {
            "context": "x",
            "evidence": "y",
            "strengths": "a",
            "next_steps": "b",
            "impact": (
                "Positive destinations | All | 2022-23 | 94.1 | 2023-24\nLAC | x | 2022-23 | lots | 2023-24 | 89.2"
            ),
        },
    )

    assert response.context["form"].errors == {
        "impact": [
            "Line 1 has 5 parts; it needs 6, separated by |.",
            "Line 2: the baseline and follow-up values must be numbers, like 94.1.",
        ]
    }


VISITORS = ["anonymous", "member", "lead", "host", "other", "ades"]
DRAFT_PAGES = {
    "/visits/{v}/report/": {"lead": 200, "host": 200, "ades": 200},
    "/visits/{v}/report/preview/": {"lead": 200, "host": 200, "ades": 200},
    "/visits/{v}/report/edit/": {"host": 200},
    "/visits/{v}/report/return/": {"ades": 200},
    "/visits/{v}/report/withdraw/": {"ades": 200},
    "/reports/": dict.fromkeys(VISITORS, 200),
    "/reports/{r}/": {},  # a draft has no public page, for anyone
}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("path", list(DRAFT_PAGES))
def test_drafts_are_seen_only_by_hosts_the_lead_and_ades(client, people, media, visitor, path):
    visit = VisitFactory(hosts=["West Lothian"])
    MembershipFactory(visit=visit, person=people["lead"], is_lead=True, role=TeamRole.HOST_OFFICER)
    MembershipFactory(visit=visit, person=people["member"])
    report = drafting.start_report(visit=visit, by=people["host"])
    if visitor != "anonymous":
        client.force_login(people[visitor])

    response = client.get(path.format(v=visit.pk, r=report.pk))

    assert response.status_code == DRAFT_PAGES[path].get(visitor, 404)


@pytest.mark.parametrize("visitor", ["member", "lead", "host", "other"])
def test_only_ades_publishes(client, people, media, visitor):
    visit = VisitFactory(hosts=["West Lothian"])
    MembershipFactory(visit=visit, person=people["lead"], is_lead=True)
    report = drafting.start_report(visit=visit, by=people["host"])
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    drafting.submit_report(report=report, by=people["host"])
    client.force_login(people[visitor])

    response = client.post(f"/visits/{visit.pk}/report/approve/")

    report.refresh_from_db()
    assert (response.status_code, report.status) == (404, "submitted")


def test_archive_query_count_is_the_same_for_1_and_20_reports(
    people, media, client, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        published(people, hosts=["Angus"], theme="Inclusion")
    with CaptureQueriesContext(connection) as one:
        client.get("/reports/")
    names = ["Fife", "Moray", "Highland", "Falkirk", "Stirling", "Dundee City", "Inverclyde", "Midlothian", "Moray"]
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(19):
            published(people, hosts=[names[index % len(names)], "Angus"], theme=f"Theme {index}")
    with CaptureQueriesContext(connection) as twenty:
        response = client.get("/reports/")

    assert response.context["page"].paginator.count == 20
    assert len(one) == len(twenty)


def test_a_published_file_is_served_without_a_database_query_or_a_session(
    people, media, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["Angus"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = report.versions.get().file_url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content)

    assert (len(captured), body[:5], response.cookies) == (0, b"%PDF-", {})


def test_a_version_published_before_public_copies_gets_its_copy_back_on_first_download(
    people, media, client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["Angus"])
    version = report.versions.get()
    default_storage.delete(f"published/{version.pdf_sha256}.pdf")

    wrong_name = client.get(f"/reports/files/{version.pdf_sha256}/another-name.pdf")
    response = client.get(version.file_url)
    body = b"".join(response.streaming_content)

    assert wrong_name.status_code == 404
    assert (response.status_code, body[:5]) == (200, b"%PDF-")
    assert default_storage.exists(f"published/{version.pdf_sha256}.pdf") is True


def test_opening_the_draft_page_starts_nothing_until_a_draft_is_saved(client, people, media):
    from reports.models import Report

    visit = VisitFactory(hosts=["West Lothian"])
    client.force_login(people["host"])

    page = client.get(f"/visits/{visit.pk}/report/")
    form = client.get(f"/visits/{visit.pk}/report/edit/")
    nothing_yet = Report.objects.count()
    client.post(
        f"/visits/{visit.pk}/report/edit/", {"context": "c", "evidence": "e", "strengths": "s", "next_steps": "n"}
    )

    assert (page.status_code, form.status_code, nothing_yet) == (200, 200, 0)
    assert "Not started" in page.content.decode()
    report = Report.objects.get()
    assert (report.visit, report.context, list(report.events.values_list("action", flat=True))) == (
        visit,
        "c",
        ["started"],
    )


def test_a_published_report_links_its_day_plan_only_where_the_host_shows_it(
    client, people, media, django_capture_on_commit_callbacks
):
    import datetime

    from reviews.models import DaySession

    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["West Lothian"])
    visit = report.visit
    type(visit).objects.filter(pk=visit.pk).update(status="completed")
    DaySession.objects.create(visit=visit, day=1, starts_at=datetime.time(9), title="Welcome")
    hidden = client.get(f"/reports/{report.pk}/").content.decode()
    type(visit).objects.filter(pk=visit.pk).update(day_plan_public=True)

    shown = client.get(f"/reports/{report.pk}/").content.decode()

    link = f'<a href="/visits/{visit.pk}/day-plan/">How the host structured the days</a>'
    assert (link in hidden, link in shown) == (False, True)
    assert client.get(f"/visits/{visit.pk}/day-plan/").status_code == 200


def test_the_programme_and_the_authority_page_link_each_published_report(
    client, people, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = published(people, hosts=["West Lothian"])
    visit = report.visit
    type(visit).objects.filter(pk=visit.pk).update(status="completed")
    VisitFactory(hosts=["West Lothian"], phase=visit.phase, status="confirmed", starts_on=visit.starts_on)

    programme = " ".join(client.get(visit.programme.get_absolute_url()).content.decode().split())
    authority = " ".join(client.get("/authorities/west-lothian/").content.decode().split())

    link = f'<a href="/reports/{report.pk}/">Published report<span class="visually-hidden">'
    for page in (programme, authority):
        assert page.count(link) == 1
        assert page.count("Not published here") == 1
