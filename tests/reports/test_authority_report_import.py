"""ADES officers import the links to the authorities' own reports at once: all or nothing, each row's problem next to
the row, https only, no formulas, and a link held already updated."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from reports.models import AuthorityReport
from reports.services import authority_report_import
from reviews.models import Visit
from reviews.services.importing import load_ci_programme

URL = "/reports/authority-reports/import/"
HEADER = "authority,visit,address,title,published\n"
GOOD = (
    HEADER + "Fife,2021-10,https://www.fife.gov.uk/ci,Fife's CI report,2022\n"
    "Western Isles,2023-05,https://www.cne-siar.gov.uk/ci-2023,,2023-09-14\n"
    "Perth & Kinross,2021-11,https://www.pkc.gov.uk/ci,,\n"
)


@pytest.fixture
def programme(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def upload(client, content: str, key: str = "k1"):
    csv_file = SimpleUploadedFile("links.csv", content.encode(), content_type="text/csv")
    return client.post(URL, {"file": csv_file, "submission_key": key}, follow=True)


def test_a_good_file_stores_every_link_and_the_archive_lists_them(client, programme, ades_officer):
    client.force_login(ades_officer)

    response = upload(client, GOOD)

    held = {
        report.visit.host_names: (report.url, report.title, report.published_year, report.published_on)
        for report in AuthorityReport.objects.select_related("visit")
    }
    assert held == {
        "Fife": ("https://www.fife.gov.uk/ci", "Fife's CI report", 2022, None),
        "Na h-Eileanan Siar, Orkney Islands, Shetland Islands (2)": (
            "https://www.cne-siar.gov.uk/ci-2023",
            "",
            2023,
            datetime.date(2023, 9, 14),
        ),
        "Perth and Kinross": ("https://www.pkc.gov.uk/ci", "", None, None),
    }
    assert "3 added and 0 updated. The archive lists them; check one there." in text(response)
    assert "3 of the authorities' own reports, as published" in text(response)
    assert AuditEntry.objects.get(kind="authority_report.imported").summary == (
        "Imported the links to 3 authority reports: 3 added, 0 updated"
    )


def test_one_bad_row_stores_nothing_and_each_problem_is_shown_next_to_its_row(client, programme, ades_officer):
    client.force_login(ades_officer)
    bad = (
        HEADER + "Fife,2021-10,https://www.fife.gov.uk/ci,Fife's CI report,2022\n"
        "Atlantis,2021-10,https://example.org/r,,\n"
        "Fife,2021-11,https://www.fife.gov.uk/ci,,\n"
        "Angus,2024-11,http://www.angus.gov.uk/ci,,\n"
        'Moray,2023-02,https://www.moray.gov.uk/ci,=HYPERLINK("x"),\n'
        "Highland,2023-03,https://www.highland.gov.uk/ci,,2021\n"
        "Fife,2021-10,https://www.fife.gov.uk/again,,\n"
        "Stirling,June 2024,https://www.stirling.gov.uk/ci,,\n"
    )

    response = upload(client, bad)
    body = text(response)

    assert AuthorityReport.objects.count() == 0
    assert "Nothing was imported: 7 rows need correcting" in body
    rows = response.context["rows"]
    assert [(row.line, row.problem) for row in rows] == [
        (2, ""),
        (3, "“Atlantis” is not a Scottish local authority"),
        (4, "Fife hosted no visit in November 2021: check the month on the programme page"),
        (5, "write the address starting https:// (a secure address)"),
        (6, "the title starts with “=”, which a spreadsheet would run: remove it"),
        (7, "the visit took place in 2023: its report cannot be from before then"),
        (8, "line 2 is the same visit"),
        (9, "write the visit as the month it took place, like 2022-03, not “June 2024”"),
    ]
    assert (
        '<tr id="row-3"> <th scope="row">3</th> <td>Atlantis</td> <td>2021-10</td> <td>https://example.org/r</td> '
        '<td></td> <td></td> <td><span class="ds_question__error-message">“Atlantis” is not a Scottish local '
        "authority.</span></td> </tr>"
    ) in body
    assert '<li><a href="#row-4">Line 4: Fife hosted no visit in November 2021' in body
    assert not AuditEntry.objects.filter(kind="authority_report.imported").exists()


def test_importing_again_updates_the_links_held_and_keeps_the_rest(client, programme, ades_officer):
    client.force_login(ades_officer)
    upload(client, GOOD)
    fife = AuthorityReport.objects.get(visit__hosts__name="Fife")

    response = upload(client, HEADER + "Fife,2021-10,https://www.fife.gov.uk/ci-v2,Fife's report,2022-01-31\n", "k2")

    fife.refresh_from_db()
    assert (fife.url, fife.title, fife.published_on.isoformat()) == (
        "https://www.fife.gov.uk/ci-v2",
        "Fife's report",
        "2022-01-31",
    )
    assert AuthorityReport.objects.count() == 3
    assert "0 added and 1 updated." in text(response)


def test_a_file_without_the_columns_is_refused_beside_the_file(client, programme, ades_officer):
    client.force_login(ades_officer)

    response = upload(client, "council,url\nFife,https://www.fife.gov.uk/ci\n")

    assert response.context["form"].errors["file"] == [
        "The first line must name the columns: authority, visit, address, title, published."
    ]
    assert AuthorityReport.objects.count() == 0


def test_the_service_refuses_rows_with_problems_whoever_calls_it(programme, ades_officer):
    rows = authority_report_import.read_links((HEADER + "Atlantis,2021-10,https://example.org/r,,\n").encode())

    with pytest.raises(Exception, match="nothing was imported"):
        authority_report_import.import_links(rows=rows, by=ades_officer)
    assert AuthorityReport.objects.count() == 0


def test_the_example_file_names_the_columns_and_reads_without_problems(client, programme, ades_officer):
    client.force_login(ades_officer)

    example = client.get("/reports/authority-reports/import/template.csv")
    rows = authority_report_import.read_links(example.content)

    assert example["Content-Disposition"] == 'attachment; filename="authority-report-links.csv"'
    assert example.content.decode().splitlines()[0] == "authority,visit,address,title,published"
    assert [(row.problem, row.visit) for row in rows] == [
        ("", Visit.objects.get(hosts__name="Fife")),
        ("", Visit.objects.get(hosts__name="Shetland Islands", starts_on__year=2023)),
    ]


def test_the_page_says_how_to_name_the_visit(client, programme, ades_officer):
    client.force_login(ades_officer)

    body = text(client.get(URL))

    assert (
        "visit: the month the visit took place, as the programme page gives it, written like 2022-03. With the "
        "authority it names one visit."
    ) in body.replace("<strong>", "").replace("</strong>", "").replace("<code>", "").replace("</code>", "")
