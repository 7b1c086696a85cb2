"""Text people typed never runs in a spreadsheet: every CSV and XLSX download, tried with formulas."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.exports import csv_safe
from reports.services import drafting as reports
from reviews.models import Visit
from surveys.services import release, responses
from tests.factories import MembershipFactory, ThemeFactory, VisitFactory, survey_round_for
from tests.reports.test_workflow import DRAFT

HYPERLINK = '=HYPERLINK("http://attacker.example/","Click")'


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (HYPERLINK, f"'{HYPERLINK}"),
        ("+44 131 000 0000", "'+44 131 000 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturned", "'\rReturned"),
        ("Plain text", "Plain text"),
        (-3, -3),
    ],
)
def test_a_cell_that_would_run_is_written_as_text(typed, written):
    assert csv_safe(typed) == written


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def typed_visit(reference):
    visit = VisitFactory(
        hosts=["Fife"],
        status="confirmed",
        theme=ThemeFactory(name="@Inclusion"),
        key_question=HYPERLINK,
        venue="+Council offices",
    )
    visit.focus_areas = ["-Attendance"]
    visit.save()
    return visit


def test_programme_csv_for_the_public_and_csv_and_xlsx_for_officers(client, typed_visit, ades_officer):
    url = f"/programmes/{typed_visit.programme.slug}/visits"

    public = _csv(client.get(f"{url}.csv"))
    client.force_login(ades_officer)
    planned = _csv(client.get(f"{url}.csv"))
    cells = _xlsx_cells(client.get(f"{url}.xlsx"))

    assert public[0][2] == "number_in_source"  # the island visits' (1), (2), (3); empty for this visit
    assert public[1][6] == "'@Inclusion"
    assert planned[1][6:11] == ["'@Inclusion", "Confirmed", f"'{HYPERLINK}", "'-Attendance", "'+Council offices"]
    typed = {
        cell.value: cell.data_type for cell in cells if cell.value in (HYPERLINK, "@Inclusion", "+Council offices")
    }
    assert typed == {HYPERLINK: "s", "@Inclusion": "s", "+Council offices": "s"}


def test_survey_results_csv_and_xlsx(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    for _ in range(5):
        MembershipFactory(visit=visit)
    survey_round = survey_round_for(visit, by=ades_officer)
    question = survey_round.questionnaire.questions.get(code="enjoyed")
    question.text = "=1+1 I enjoyed it"
    question.save()
    for invitation in survey_round.invitations.all():
        responses.submit_response(invitation=invitation, answers={question: 4})
    release.close_round(survey_round=survey_round, by=ades_officer)
    client.force_login(ades_officer)
    url = f"/surveys/rounds/{survey_round.pk}/results"

    rows = _csv(client.get(f"{url}.csv"))
    cells = _xlsx_cells(client.get(f"{url}.xlsx"))

    assert rows[6][:2] == ["'=1+1 I enjoyed it", "5"]
    assert [(cell.value, cell.data_type) for cell in cells if cell.value == "=1+1 I enjoyed it"] == [
        ("=1+1 I enjoyed it", "s")
    ]


def test_the_open_data_index_csv(
    client, reference, ades_officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(hosts=["West Lothian"], key_question=HYPERLINK)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.start_report(visit=visit, by=ades_officer)
        reports.save_draft(report=report, by=ades_officer, **DRAFT)
        reports.submit_report(report=report, by=ades_officer)
        reports.publish_report(report=report, by=ades_officer)

    rows = list(csv.DictReader(io.StringIO(client.get("/reports/index.csv").content.decode())))

    assert [row["key_question"] for row in rows] == [f"'{HYPERLINK}"]
    assert Visit.objects.get().key_question == HYPERLINK
