"""The authorities' own published reports of 2021–24: attached by ADES officers (an https address, optionally the
PDF, checked by its content and size), listed in the archive and its index with their kind and source, and the
visits with none said plainly."""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from reports.models import AuthorityReport
from reports.services import authority_reports
from reviews.models import Visit
from reviews.services.importing import load_ci_programme


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def west_lothian(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    return Visit.objects.get(programme__slug="ci-2021-2024", hosts__name="West Lothian")


def post(client, visit, **data):
    return client.post(f"/visits/{visit.pk}/authority-report/", data)


def test_an_officer_attaches_the_address_and_pdf_and_bad_input_is_refused_beside_its_field(
    client, ades_officer, west_lothian
):
    client.force_login(ades_officer)
    pdf = a_pdf()

    plain = post(client, west_lothian, url="http://example.org/report")
    fake = post(
        client,
        west_lothian,
        url="https://www.westlothian.gov.uk/ci-report",
        pdf=SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", content_type="application/pdf"),
    )
    stored_before = AuthorityReport.objects.count()
    saved = post(
        client,
        west_lothian,
        url="https://www.westlothian.gov.uk/ci-report",
        published_year="2024",
        pdf=SimpleUploadedFile("anything.pdf", pdf, content_type="application/pdf"),
    )

    assert plain.context["form"].errors == {"url": ["Enter the report's address starting https:// (a secure address)."]}
    assert fake.context["form"].errors == {"pdf": ["The file is not a PDF: choose the report's PDF file."]}
    assert (stored_before, saved.status_code) == (0, 302)
    held = AuthorityReport.objects.get()
    assert (held.url, held.published_year, held.pdf_size) == (
        "https://www.westlothian.gov.uk/ci-report",
        2024,
        len(pdf),
    )
    assert b"".join(client.get(held.pdf_url).streaming_content) == pdf


def test_a_large_or_unreadable_file_is_refused_by_its_content():
    with pytest.raises(ValidationError) as large:
        authority_reports.check_pdf(b"%PDF-" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as broken:
        authority_reports.check_pdf(b"%PDF-1.7 but nothing else")

    assert large.value.messages == ["The file is 20.0 MB; the most it can be is 20 MB."]
    assert broken.value.messages == ["The PDF cannot be read: it may be damaged. Save it again from the original."]


def test_only_ades_officers_attach(client, glasgow_officer, west_lothian):
    client.force_login(glasgow_officer)

    response = post(client, west_lothian, url="https://example.org/report")

    assert (response.status_code, AuthorityReport.objects.count()) == (404, 0)


def test_the_archive_and_its_index_list_it_with_its_kind_and_source_and_name_the_visits_not_held(
    client, ades_officer, west_lothian
):
    authority_reports.attach(
        visit=west_lothian,
        url="https://www.westlothian.gov.uk/ci-report",
        published_year=None,
        pdf=None,
        by=ades_officer,
    )

    page = " ".join(client.get("/reports/").content.decode().split())
    rows = [r for r in json.loads(client.get("/reports/index.json").content)["items"] if r["kind"] != "case study"]
    lines = list(csv.DictReader(io.StringIO(client.get("/reports/index.csv").content.decode())))
    line = next(r for r in lines if r["kind"] != "case study")

    assert "1 of the authorities' own reports, as published" in page
    assert '<a class="ds_search-result__link" href="https://www.westlothian.gov.uk/ci-report">West Lothian: the' in page
    assert "Not yet held for 31 of the 32 visits of 2021–24:" in page
    assert "1 of the 32 are listed below as the authority's report, as published; look for the others on" in page
    assert "not held here" not in page
    assert "West Lothian;" not in page.split("Not yet held for")[1]
    assert [(r["kind"], r["authority"], r["source"], r["page_url"], r["pdf_url"], r["published"]) for r in rows] == [
        (
            "authority's report, as published",
            "West Lothian",
            "Published by West Lothian",
            "https://www.westlothian.gov.uk/ci-report",
            None,
            None,
        )
    ]
    assert (line["published"], line["pdf_url"]) == ("not recorded", "not held")
    assert (rows[0]["scope"], line["scope"]) == (None, "not recorded")  # its source does not record a scope


def test_removing_asks_first_then_the_visit_is_not_held_again(client, ades_officer, west_lothian):
    authority_reports.attach(
        visit=west_lothian, url="https://example.org/r", published_year=None, pdf=a_pdf(), by=ades_officer
    )
    client.force_login(ades_officer)
    url = f"/visits/{west_lothian.pk}/authority-report/?remove=1"

    asked = client.get(url)
    client.post(url)

    assert "Remove the authority's report?" in asked.content.decode()
    assert AuthorityReport.objects.count() == 0


def archive_rows(client) -> list:
    return [r for r in json.loads(client.get("/reports/index.json").content)["items"] if r["kind"] != "case study"]


def test_a_group_meeting_has_no_authority_report_page_and_the_service_refuses_one(client, ades_officer, db):
    from tests.factories import VisitFactory

    meeting = VisitFactory(meeting_of="Quad North", hosts=["Angus", "Moray"], starts_on=datetime.date(2020, 3, 3))
    client.force_login(ades_officer)

    page = client.get(f"/visits/{meeting.pk}/authority-report/")
    sent = post(client, meeting, url="https://www.angus.gov.uk/report", published_year="2024")
    with pytest.raises(ValidationError) as refused:
        authority_reports.attach(
            visit=meeting, url="https://a.example/r", published_year=None, pdf=None, by=ades_officer
        )

    assert (page.status_code, sent.status_code, AuthorityReport.objects.count()) == (404, 404, 0)
    assert refused.value.messages == ["The Quad North meeting is a group's meeting: it has no report."]
    assert not ades_officer.has_perm("reports.record_authority_report", meeting)


def test_a_report_of_a_visit_not_yet_over_or_published_before_it_is_refused_beside_the_field(
    client, ades_officer, west_lothian
):
    ahead = datetime.date.today() + datetime.timedelta(days=30)
    Visit.objects.filter(pk=west_lothian.pk).update(
        starts_on=ahead, ends_on=ahead, date_precision="day", status="confirmed"
    )
    west_lothian.refresh_from_db()
    client.force_login(ades_officer)

    future = post(client, west_lothian, url="https://www.westlothian.gov.uk/ci-report", published_year="2024")
    Visit.objects.filter(pk=west_lothian.pk).update(
        starts_on=datetime.date(2023, 5, 1), ends_on=None, date_precision="month", status="completed"
    )
    early = post(client, west_lothian, url="https://www.westlothian.gov.uk/ci-report", published_year="2022")

    assert future.context["form"].errors == {
        "url": ["The visit has not taken place yet: its authority publishes the report after it. Add it then."]
    }
    assert early.context["form"].errors == {
        "published_year": ["The visit took place in 2023: its report cannot be from before then."]
    }
    assert AuthorityReport.objects.count() == 0


def test_the_archive_never_lists_a_record_of_a_meeting_a_visit_to_come_or_one_published_before_it(
    client, ades_officer, west_lothian
):
    from tests.factories import VisitFactory

    held = authority_reports.attach(
        visit=west_lothian, url="https://www.westlothian.gov.uk/r", published_year=None, pdf=None, by=ades_officer
    )
    meeting = VisitFactory(meeting_of="Quad North", hosts=["Angus"], starts_on=datetime.date(2020, 3, 3))
    to_come = VisitFactory(programme=west_lothian.programme, phase=west_lothian.phase, hosts=["Moray"])
    early = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2022, 3, 1), status="completed")
    for visit, year in ((meeting, 2020), (to_come, 2031), (early, 2021)):  # held from before the checks
        AuthorityReport.objects.create(visit=visit, url=f"https://example.org/{visit.pk}", published_year=year)
    listed = archive_rows(client)
    page = " ".join(client.get("/reports/").content.decode().split())

    assert [r["page_url"] for r in listed] == [held.url]
    assert "1 of the authorities' own reports, as published" in page
    assert "example.org" not in page
    assert "Not yet held for 32 of the 33 visits of 2021–24:" in page  # the visit to come is not held
    assert "1 of the 33 are listed below" in page
