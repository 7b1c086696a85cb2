import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from core.audit import AuditEntry
from reviews.importing import records_from_upload
from reviews.inspection_importing import check_inspections
from reviews.models import InspectionWindow, NationalInspection
from reviews.selectors import visit_detail_queryset
from reviews.services import inspections
from reviews.warnings import visit_warnings
from tests.factories import ThemeFactory, VisitFactory

HEADER = "title,theme,scope,authorities,start,end,source,source_note\n"
GOOD = (
    HEADER
    + "Curriculum design,Curriculum design,national sample,Fife; Western Isles,2024-09,2024-11,"
    + "https://education.gov.scot/a,\n"
    + "Attendance in Angus,Attendance,authority,Angus,03/02/2025,2025-02-14,"
    + "https://education.gov.scot/b,From the letter\n"
    + "Literacy,Literacy,national sample,,2025-03-03,,https://education.gov.scot/c,Sample not named\n"
)


def parse(text: str):
    return check_inspections(records_from_upload("inspections.csv", text.encode()))


def record(*, authorities=(), by=None, **fields):
    values = {
        "title": "Curriculum design",
        "theme_name": "Curriculum design",
        "scope": "national_sample",
        "starts_on": datetime.date(2030, 5, 1),
        "ends_on": datetime.date(2030, 5, 31),
        "source_url": "https://education.gov.scot/inspections/curriculum",
    }
    values.update(fields)
    return inspections.record_inspection(
        authorities=[Authority.objects.get(name=name) for name in authorities], by=by, **values
    )


def codes(visit):
    return [w for w in visit_warnings(visit_detail_queryset().get(pk=visit.pk)) if w.code == "inspection_nearby"]


# The model's rules


def test_an_inspection_cannot_end_before_it_starts(reference):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        record(starts_on=datetime.date(2030, 5, 10), ends_on=datetime.date(2030, 5, 9))
    assert NationalInspection.objects.count() == 0


@pytest.mark.parametrize("url", ["http://education.gov.scot/x", "javascript:alert(1)", "ftp://education.gov.scot/"])
def test_the_source_link_must_be_https(reference, url):
    with pytest.raises(ValidationError) as error:
        record(source_url=url)
    assert "https://" in str(error.value.message_dict["source_url"])


def test_an_authority_s_inspection_names_exactly_one_authority(reference):
    with pytest.raises(ValidationError, match="exactly one authority"):
        record(scope="authority", authorities=["Fife", "Angus"])
    assert record(scope="authority", authorities=["Fife"]).authorities.get().name == "Fife"


def test_an_inspection_needs_a_theme_by_name_or_from_the_taxonomy(reference):
    with pytest.raises(ValidationError, match="theme"):
        record(theme_name="")
    assert record(theme_name="", theme=ThemeFactory(name="Attendance")).theme_label == "Attendance"


def test_month_dates_run_from_a_month_s_first_day_to_a_month_s_last(reference):
    with pytest.raises(ValidationError, match="month's first day"):
        record(date_precision="month", starts_on=datetime.date(2030, 5, 1), ends_on=datetime.date(2030, 6, 15))
    inspection = record(date_precision="month", starts_on=datetime.date(2030, 5, 1), ends_on=datetime.date(2030, 7, 31))
    assert inspection.when == "May to July 2030"


def test_recording_is_audited(reference, ades_officer):
    inspection = record(by=ades_officer)
    inspections.delete_inspection(inspection=inspection, by=ades_officer)
    assert list(AuditEntry.objects.order_by("pk").values_list("kind", "by")) == [
        ("inspection.recorded", ades_officer.pk),
        ("inspection.deleted", ades_officer.pk),
    ]


# The import


def test_a_good_file_is_read_with_other_names_months_and_an_empty_sample(reference):
    parsed = parse(GOOD)

    assert parsed.problems == []
    assert [
        (r.line, r.title, r.scope, r.authority_names, str(r.starts_on), str(r.ends_on), r.date_precision)
        for r in parsed.rows
    ] == [
        (2, "Curriculum design", "national_sample", "Fife; Na h-Eileanan Siar", "2024-09-01", "2024-11-30", "month"),
        (3, "Attendance in Angus", "authority", "Angus", "2025-02-03", "2025-02-14", "day"),
        (4, "Literacy", "national_sample", "", "2025-03-03", "2025-03-03", "day"),
    ]


def test_the_theme_matches_the_taxonomy_ignoring_case(reference):
    theme = ThemeFactory(name="Attendance")
    rows = parse(GOOD.replace("Attendance,authority", "ATTENDANCE,authority")).rows
    assert [(row.theme, row.theme_name) for row in rows] == [
        (None, "Curriculum design"),
        (theme, "ATTENDANCE"),
        (None, "Literacy"),
    ]


def test_each_bad_row_is_named_with_its_column(reference):
    parsed = parse(
        GOOD
        + "Numeracy,Numeracy,authority,Fyfe,2025-04-01,2025-03-01,http://example.org,\n"
        + '=HYPERLINK("https://evil.example"),Maths,national sample,,2025-05,,https://education.gov.scot/,\n'
        + "Writing,Writing,everyone,Angus,May 2025,,https://education.gov.scot/,\n"
    )

    assert parsed.rows == []
    assert [str(problem) for problem in parsed.problems] == [
        "Row 5: column authorities: 'Fyfe' is not a Scottish local authority. Did you mean Fife?",
        "Row 5: column source: Give the source's web address starting https://.",
        "Row 5: column end: the inspection cannot end before it starts.",
        "Row 6: column title: '=HYPERLINK(\"https://' starts with '=', which a spreadsheet would run as a formula. "
        "Remove that first character.",
        "Row 7: column scope: write “authority” or “national sample”, not 'everyone'.",
        "Row 7: column start: write a day like 2024-03-05 or a month like 2024-03, not 'May 2025'.",
    ]
    assert [(line, problems != []) for line, _, problems in parsed.lines] == [
        (2, False),
        (3, False),
        (4, False),
        (5, True),
        (6, True),
        (7, True),
    ]


def test_a_cell_too_long_for_its_column_is_refused_not_cut_short(reference):
    source = "https://education.gov.scot/" + "a" * 480
    parsed = parse(
        HEADER
        + f"{'T' * 201},{'Theme ' * 34},national sample,,2024-09,,https://education.gov.scot/,\n"
        + f"{'T' * 200},Numeracy,national sample,,2024-09,,{source},{'n' * 3000}\n"
    )

    assert parsed.rows == []
    assert [str(problem) for problem in parsed.problems] == [
        "Row 2: column title: it is 201 characters long; the most it can be is 200.",
        "Row 2: column theme: it is 203 characters long; the most it can be is 200.",
        "Row 3: column source: it is 507 characters long; the most it can be is 500.",
    ]


@pytest.mark.parametrize("cell", ["+1", "-2", "@SUM(A1)", "=1+1"])
def test_a_formula_like_cell_in_any_column_is_refused(reference, cell):
    parsed = parse(HEADER + f"Curriculum,Curriculum,national sample,,2024-09,,https://education.gov.scot/,{cell}\n")
    assert parsed.rows == []
    assert [problem.message.split(":")[0] for problem in parsed.problems] == ["column source_note"]


def test_a_missing_column_is_named(reference):
    parsed = parse("title,theme,start\nA,B,2024-01\n")
    assert [str(p) for p in parsed.problems] == [
        "The file needs the columns title, theme, scope, authorities, start, end, source; "
        "missing: scope, authorities, end, source."
    ]


def test_import_page_of_a_file_with_wrong_columns_asks_to_correct_the_file_not_rows_it_does_not_show(
    client, ades_officer
):
    client.force_login(ades_officer)

    page = client.post(
        reverse("reviews:inspection-import"), {"file": SimpleUploadedFile("i.csv", b"title,theme,start\nA,B,2024-01\n")}
    )

    html = " ".join(page.content.decode().split())
    assert "<p>Correct the file and upload it again.</p>" in html
    assert ("Correct the rows below" in html, 'data-testid="import-rows"' in html) == (False, False)


def test_import_page_with_one_bad_row_saves_nothing_and_shows_each_row_s_error_beside_it(client, ades_officer):
    client.force_login(ades_officer)
    bad = GOOD + "Numeracy,Numeracy,national sample,Fyfe,2025-04-01,2025-04-02,https://education.gov.scot/,\n"

    page = client.post(
        reverse("reviews:inspection-import"), {"file": SimpleUploadedFile("inspections.csv", bad.encode())}
    )

    assert NationalInspection.objects.count() == 0
    html = page.content.decode()
    assert "Nothing was imported: the file has 1 problem" in html
    row = html.split('data-row="5"')[1].split("</tr>")[0]
    assert "<strong>Row 5</strong>, column authorities: &#x27;Fyfe&#x27; is not a Scottish local authority." in row
    assert "Did you mean Fife?" in row
    assert "None" in html.split('data-row="2"')[1].split("</tr>")[0]


def test_import_page_previews_then_imports_all_and_leaves_recorded_ones_alone(client, ades_officer):
    client.force_login(ades_officer)
    record(title="Literacy", starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 3))
    url = reverse("reviews:inspection-import")

    preview = client.post(url, {"file": SimpleUploadedFile("inspections.csv", GOOD.encode())})
    assert NationalInspection.objects.count() == 1
    done = client.post(url, {"payload": preview.context["payload"]}, follow=True)

    assert "2 inspections imported; 1 was recorded already (the same title and start)." in done.content.decode()
    assert sorted(NationalInspection.objects.values_list("title", flat=True)) == [
        "Attendance in Angus",
        "Curriculum design",
        "Literacy",
    ]
    assert AuditEntry.objects.filter(kind="inspections.imported").get().summary == (
        "Imported 2 national thematic inspections"
    )


def test_the_template_downloads_and_reads_with_only_its_example_titles_refused(client, ades_officer):
    client.force_login(ades_officer)
    response = client.get(reverse("reviews:inspection-template"))
    assert response["Content-Disposition"] == 'attachment; filename="national-thematic-inspections.csv"'
    example = "column title: it is the template's example: replace the row with a real inspection."
    assert [(p.line, p.message) for p in parse(response.content.decode()).problems] == [(2, example), (3, example)]


# The warning


@pytest.fixture
def visit(reference):
    """Angus's visit on attendance, 5 to 7 March 2030."""
    return VisitFactory(hosts=["Angus"], theme=ThemeFactory(name="Attendance"), starts_on=datetime.date(2030, 3, 5))


def test_same_authority_within_the_window_warns_and_names_the_inspection(visit):
    inspection = record(
        title="Angus's schools",
        authorities=["Angus", "Fife"],
        starts_on=datetime.date(2030, 8, 1),
        ends_on=datetime.date(2030, 8, 30),
    )

    [warning] = codes(visit)

    assert warning.message == (
        "The visit falls within 6 months of Education Scotland's national thematic inspection “Angus's schools” "
        "(1 to 30 August 2030), of the same authority (Angus):"
    )
    assert warning.url == f"/inspections/{inspection.pk}/"
    assert warning.link_text == "see the inspection “Angus's schools”"


def test_same_theme_warns_before_the_visit_too(visit):
    record(theme=visit.theme, starts_on=datetime.date(2029, 10, 1), ends_on=datetime.date(2029, 10, 31))
    [warning] = codes(visit)
    assert warning.message.endswith("of the same theme (Attendance):")


def test_a_theme_under_the_visit_s_or_its_broader_theme_counts_as_the_same(visit):
    broad = ThemeFactory(name="Wellbeing")
    visit.theme.broader = broad
    visit.theme.save()
    record(title="Broad", theme=broad)
    record(title="Narrow", theme=ThemeFactory(name="Attendance of looked-after children", broader=visit.theme))
    record(title="Other", theme=ThemeFactory(name="Numeracy"))
    assert [w.message.split("“")[1].split("”")[0] for w in codes(visit)] == ["Broad", "Narrow"]


def test_both_authority_and_theme_are_said_and_overlapping_dates_too(visit):
    record(
        authorities=["Angus"], theme=visit.theme, starts_on=datetime.date(2030, 3, 6), ends_on=datetime.date(2030, 3, 6)
    )
    [warning] = codes(visit)
    assert "falls at the same time as" in warning.message
    assert warning.message.endswith("of the same authority (Angus) and the same theme (Attendance):")


def test_outside_the_window_or_unrelated_nothing_is_said(visit):
    record(
        title="Too late", authorities=["Angus"], starts_on=datetime.date(2030, 9, 8), ends_on=datetime.date(2030, 9, 30)
    )
    record(title="Too early", theme=visit.theme, starts_on=datetime.date(2029, 8, 1), ends_on=datetime.date(2029, 9, 4))
    record(title="Elsewhere", authorities=["Fife"], theme_name="Attendance")
    assert codes(visit) == []


def test_changing_the_window_changes_what_warns(visit, ades_officer):
    record(
        title="In November",
        authorities=["Angus"],
        starts_on=datetime.date(2030, 11, 2),
        ends_on=datetime.date(2030, 11, 20),
    )
    assert codes(visit) == []

    inspections.set_inspection_window(months=9, by=ades_officer)

    assert next(w.message for w in codes(visit)).startswith("The visit falls within 9 months of")
    inspections.set_inspection_window(months=0, by=ades_officer)
    assert codes(visit) == []
    assert InspectionWindow.current() == 0


def test_the_window_form_refuses_more_than_24_months(client, ades_officer):
    client.force_login(ades_officer)
    page = client.post(reverse("reviews:inspection-window"), {"months": "25"})
    assert "Enter at most 24 months." in page.content.decode()
    assert InspectionWindow.current() == 6


def test_a_cancelled_visit_or_a_quad_meeting_is_not_warned(visit):
    record(authorities=["Angus"])
    meeting = VisitFactory(hosts=["Angus"], meeting_of="Quad North", starts_on=datetime.date(2030, 5, 5))
    assert codes(meeting) == []
    assert len(codes(visit)) == 1


def test_the_visit_page_links_the_inspection(client, visit, ades_officer):
    inspection = record(title="Angus's schools", authorities=["Angus"])
    client.force_login(ades_officer)
    html = client.get(visit.get_absolute_url()).content.decode()
    assert f'<a href="/inspections/{inspection.pk}/">see the inspection “Angus&#x27;s schools”</a>' in html


def test_the_visit_page_s_query_count_does_not_grow_with_inspections(client, visit, ades_officer):
    client.force_login(ades_officer)
    record(title="First", authorities=["Angus"])
    with CaptureQueriesContext(connection) as with_one:
        client.get(visit.get_absolute_url())
    for number in range(6):
        record(title=f"More {number}", authorities=["Angus", "Fife"], theme=visit.theme)
    with CaptureQueriesContext(connection) as with_seven:
        response = client.get(visit.get_absolute_url())
    assert len([w for w in response.context["warnings"] if w.code == "inspection_nearby"]) == 7
    assert len(with_one) == len(with_seven)


# The pages


def test_the_list_is_paginated_with_one_query_count_and_has_an_empty_state(client, ades_officer, reference):
    client.force_login(ades_officer)
    assert "No inspections are recorded yet." in client.get("/inspections/").content.decode()
    record(title="One", authorities=["Fife"])
    with CaptureQueriesContext(connection) as with_one:
        client.get("/inspections/")
    for number in range(30):
        record(title=f"Inspection {number}", authorities=["Angus", "Fife"])
    with CaptureQueriesContext(connection) as with_many:
        page = client.get("/inspections/")
    assert len(page.context["page"].object_list) == 25
    assert "Page 1 of 2" in page.content.decode()
    assert len(with_one) == len(with_many)


def test_others_read_but_do_not_change(client, glasgow_officer):
    inspection = record(title="Read only", authorities=["Angus"])
    client.force_login(glasgow_officer)
    detail = client.get(inspection.get_absolute_url()).content.decode()
    assert "Read only" in detail
    assert "Change the inspection" not in detail
    assert client.post(f"/inspections/{inspection.pk}/delete/").status_code == 404
    assert NationalInspection.objects.count() == 1


def test_an_officer_records_changes_and_deletes_after_confirming(client, ades_officer):
    client.force_login(ades_officer)
    fife = Authority.objects.get(name="Fife")
    form = {
        "title": "Fife's curriculum",
        "theme_name": "Curriculum",
        "scope": "authority",
        "authorities": [fife.pk],
        "date_precision": "month",
        "starts_on": "15/09/2030",
        "ends_on": "10/10/2030",
        "source_url": "https://education.gov.scot/fife",
    }
    client.post("/inspections/new/", form)
    inspection = NationalInspection.objects.get()
    assert (inspection.starts_on, inspection.ends_on) == (datetime.date(2030, 9, 1), datetime.date(2030, 10, 31))

    refused = client.post(f"/inspections/{inspection.pk}/edit/", {**form, "source_url": "http://x.org"})
    assert "Give the source&#x27;s web address starting https://." in refused.content.decode()
    client.post(f"/inspections/{inspection.pk}/edit/", {**form, "title": "Fife's curriculum review"})
    inspection.refresh_from_db()
    assert inspection.title == "Fife's curriculum review"

    confirm = client.get(f"/inspections/{inspection.pk}/delete/")
    assert "Yes, delete it" in confirm.content.decode()
    assert NationalInspection.objects.count() == 1
    client.post(f"/inspections/{inspection.pk}/delete/")
    assert NationalInspection.objects.count() == 0


def test_a_visit_known_by_month_counts_from_its_month_s_last_day(reference):
    visit = VisitFactory(
        hosts=["Angus"], starts_on=datetime.date(2030, 3, 1), ends_on=None, date_precision="month", source="A report"
    )
    record(
        title="Last of September",
        authorities=["Angus"],
        starts_on=datetime.date(2030, 9, 30),
        ends_on=datetime.date(2030, 9, 30),
    )
    record(
        title="October", authorities=["Angus"], starts_on=datetime.date(2030, 10, 1), ends_on=datetime.date(2030, 10, 1)
    )
    assert [w.link_text for w in codes(visit)] == ["see the inspection “Last of September”"]


def test_the_templates_example_rows_blank_rows_and_unknown_names_each_get_one_clear_answer(reference):
    from reviews.inspection_importing import check_inspections

    example = {
        "title": "Example: an inspection of one authority",
        "theme": "Inclusion",
        "scope": "authority",
        "authorities": "Fife",
        "start": "2024-09",
        "end": "",
        "source": "https://education.gov.scot/x",
    }
    unknown = {**example, "title": "Local inspection", "authorities": "Atlantis"}
    blank = dict.fromkeys(example, "")

    parsed = check_inspections([(2, example), (3, unknown), (4, blank)])

    assert [(p.line, p.message) for p in parsed.problems] == [
        (2, "column title: it is the template's example: replace the row with a real inspection."),
        (3, "column authorities: 'Atlantis' is not a Scottish local authority."),
    ]
    assert parsed.rows == []


def test_a_javascript_source_gets_one_message_beside_its_field():
    from reviews.inspection_forms import InspectionForm

    form = InspectionForm(data={"source_url": "javascript:alert(1)"})

    assert form.errors["source_url"] == ["Give the source's web address starting https://."]


def test_an_imported_row_keeps_no_direction_control_and_is_found_again_by_its_title(client, ades_officer):
    """The file is read plain, so the title a second import looks for is the one the first stored."""
    client.force_login(ades_officer)
    url = reverse("reviews:inspection-import")
    typed = (
        HEADER
        + "\u202eCurriculum\u202c design,\u2066Curriculum design\u2069,national sample,Fife\u202e; Angus,2024-09,"
        + "2024-11,https://education.gov.scot/a,\u200fFrom the letter\u2067\n"
    )

    for _ in range(2):
        preview = client.post(url, {"file": SimpleUploadedFile("inspections.csv", typed.encode())})
        client.post(url, {"payload": preview.context["payload"]})

    inspection = NationalInspection.objects.get()
    assert (inspection.title, inspection.theme_name, inspection.source_note) == (
        "Curriculum design",
        "Curriculum design",
        "\u200fFrom the letter",
    )
    assert sorted(inspection.authorities.values_list("name", flat=True)) == ["Angus", "Fife"]


def test_a_formula_behind_a_direction_control_is_refused_as_a_formula(reference):
    parsed = parse(
        HEADER + '\u202e=HYPERLINK("https://evil.example"),Maths,national sample,,2025-05,,https://x.scot/,\n'
    )

    assert parsed.rows == []
    assert [str(problem) for problem in parsed.problems] == [
        "Row 2: column title: '=HYPERLINK(\"https://' starts with '=', which a spreadsheet would run as a formula. "
        "Remove that first character."
    ]
