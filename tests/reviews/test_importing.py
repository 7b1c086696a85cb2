import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.importing import UnreadableFile, check_records, records_from_upload
from reviews.models import Visit
from reviews.services import importing
from tests.factories import PhaseFactory

HEADER = "phase,host_authorities,month,theme,starts_on,ends_on,key_question\n"
GOOD = (
    HEADER
    + "1,Western Isles;Orkney Islands Council;Shetland,2026-05,Senior Phase,,,\n"
    + "1,Edinburgh,2026-06,Inclusion,09/06/2026,,How inclusive are our secondary schools?\n"
    + "2,Perth & Kinross,,Numeracy,2026-09-15,2026-09-17,\n"
)


def parse(text: str, phases=None):
    return check_records(records_from_upload("visits.csv", text.encode()), phases=phases)


def test_good_csv_matches_name_variants_and_keeps_month_precision(reference):
    parsed = parse(GOOD.replace(";Shetland,", ";Shetland Islands Council,"))

    assert parsed.problems == []
    assert [(r.line, r.phase, r.host_names, str(r.starts_on), str(r.ends_on), r.theme) for r in parsed.rows] == [
        (2, 1, "Na h-Eileanan Siar, Orkney Islands, Shetland Islands", "2026-05-01", "None", "Senior Phase"),
        (3, 1, "City of Edinburgh", "2026-06-09", "2026-06-11", "Inclusion"),
        (4, 2, "Perth and Kinross", "2026-09-15", "2026-09-17", "Numeracy"),
    ]
    assert parsed.rows[1].key_question == "How inclusive are our secondary schools?"


def test_good_xlsx_reads_like_csv(reference):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["phase", "host_authorities", "month", "theme", "starts_on"])
    sheet.append([1, "Glasgow", "2026-06", "Senior Phase", datetime.datetime(2026, 6, 2)])
    sheet.append([None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = check_records(records_from_upload("visits.xlsx", buffer.getvalue()))

    assert parsed.problems == []
    assert [(r.host_names, str(r.starts_on), str(r.ends_on)) for r in parsed.rows] == [
        ("Glasgow City", "2026-06-02", "2026-06-04")
    ]


def test_an_xlsx_is_read_without_direction_controls_as_a_csv_is(reference):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["phase", "host_\u202eauthorities", "month", "theme", "key_question"])
    sheet.append([1, "\u2066Glasgow\u2069", "2026-06", "Senior\u202e Phase", "\u200fHow \u202einclusive?"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = check_records(records_from_upload("visits.xlsx", buffer.getvalue()))

    assert parsed.problems == []
    assert [(r.host_names, r.theme, r.key_question) for r in parsed.rows] == [
        ("Glasgow City", "Senior Phase", "\u200fHow inclusive?")
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("x,Angus,2026-05,Inclusion,,,", "Row 2: the phase must be a whole number such as 1, not 'x'."),
        ("4,Angus,2026-05,Inclusion,,,", "Row 2: the programme has no phase 4 (its phases: 1, 2)."),
        ("1,Atlantis,2026-05,Inclusion,,,", "Row 2: 'Atlantis' is not the name of a Scottish local authority."),
        ("1,,2026-05,Inclusion,,,", "Row 2: the host authority is missing."),
        ("1,Angus;Angus Council,2026-05,Inclusion,,,", "Row 2: Angus is named twice as a host."),
        ("1,Angus,2026-05,,,,", "Row 2: the theme is missing."),
        ("1,Angus,May 2026,Inclusion,,,", "Row 2: the month must be written like 2024-08, not 'May 2026'."),
        ("1,Angus,,Inclusion,,,", "Row 2: give the month (like 2024-08) or the start date."),
        (
            "1,Angus,,Inclusion,31/02/2026,,",
            "Row 2: starts_on must be a date like 2024-08-27 or 27/08/2024, not '31/02/2026'.",
        ),
        ("1,Angus,,Inclusion,2026-05-05,2026-05-04,", "Row 2: the visit cannot end before it starts."),
        ("1,Angus,2026-06,Inclusion,2026-05-05,,", "Row 2: the start date 05/05/2026 is not in the month 2026-06."),
        ("1,Angus,2026-05,Inclusion,,2026-05-07,", "Row 2: an end date needs a start date."),
    ],
)
def test_each_kind_of_bad_row_is_named_with_its_row(reference, row, problem):
    parsed = parse(HEADER + row + "\n", phases={1, 2})

    assert [str(p) for p in parsed.problems] == [problem]
    assert parsed.rows == []


def test_the_same_visit_twice_in_a_file_is_refused(reference):
    parsed = parse(HEADER + "1,Angus,2026-05,Inclusion,,,\n1,Angus Council,2026-05,Numeracy,,,\n")

    assert [str(p) for p in parsed.problems] == ["Row 3: the same visit as row 2 (phase, month and hosts)."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("visits.txt", b"phase", "Choose a CSV or XLSX file."),
        (
            "visits.csv",
            "phase,host\n".encode("utf-16"),
            "The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and try again.",
        ),
        ("visits.xlsx", b"not a workbook", "The XLSX file could not be read. Check it opens in a spreadsheet program."),
    ],
)
def test_unreadable_files_say_why(name, content, message):
    with pytest.raises(UnreadableFile) as raised:
        records_from_upload(name, content)

    assert str(raised.value) == message


def test_missing_columns_and_empty_files_are_refused(reference):
    assert [str(p) for p in parse("phase,hosts,month,theme\n1,Angus,2026-05,x\n").problems] == [
        "The file needs the columns phase, host_authorities, month, theme; missing: host_authorities."
    ]
    assert [str(p) for p in parse(HEADER).problems] == ["The file has no visits in it."]


def test_mixed_good_and_bad_rows_write_nothing(reference, ades_officer):
    phase = PhaseFactory()
    content = (GOOD + "1,Atlantis,2026-07,Inclusion,,,\n").encode()

    with pytest.raises(importing.ImportRefused) as raised:
        importing.import_visits_from_upload(programme=phase.programme, name="v.csv", content=content, by=ades_officer)

    assert [str(p) for p in raised.value.problems] == [
        "Row 4: the programme has no phase 2 (its phases: 1).",
        "Row 5: 'Atlantis' is not the name of a Scottish local authority.",
    ]
    assert Visit.objects.count() == 0


@pytest.fixture
def programme(reference):
    phase = PhaseFactory()
    PhaseFactory(programme=phase.programme, number=2)
    return phase.programme


def test_import_page_previews_then_imports_once_even_if_confirmed_twice(client, ades_officer, programme):
    client.force_login(ades_officer)
    url = reverse("reviews:programme-import", kwargs={"slug": programme.slug})

    preview = client.post(url, {"file": SimpleUploadedFile("visits.csv", GOOD.encode())})

    assert Visit.objects.count() == 0
    assert [row.host_names for row in preview.context["rows"]] == [
        "Na h-Eileanan Siar, Orkney Islands, Shetland Islands",
        "City of Edinburgh",
        "Perth and Kinross",
    ]
    payload = preview.context["payload"]
    first = client.post(url, {"payload": payload}, follow=True)
    second = client.post(url, {"payload": payload}, follow=True)

    assert Visit.objects.filter(programme=programme).count() == 3
    assert [str(m) for m in first.context["messages"]] == ["3 visits imported; 0 were in the programme already."]
    assert [str(m) for m in second.context["messages"]] == ["0 visits imported; 3 were in the programme already."]


def test_import_page_lists_every_problem_and_writes_nothing(client, ades_officer, programme):
    client.force_login(ades_officer)
    url = reverse("reviews:programme-import", kwargs={"slug": programme.slug})
    content = HEADER + "1,Atlantis,2026-05,Inclusion,,,\n7,Angus,2026-05,Inclusion,,,\n"

    response = client.post(url, {"file": SimpleUploadedFile("visits.csv", content.encode())})

    body = response.content.decode()
    assert "Nothing was imported: the file has 2 problems" in body
    assert "<li>Row 2: &#x27;Atlantis&#x27; is not the name of a Scottish local authority.</li>" in body
    assert "<li>Row 3: the programme has no phase 7 (its phases: 1, 2).</li>" in body
    assert "payload" not in response.context
    assert Visit.objects.count() == 0


def test_import_page_refuses_a_tampered_preview(client, ades_officer, programme):
    client.force_login(ades_officer)
    url = reverse("reviews:programme-import", kwargs={"slug": programme.slug})

    response = client.post(url, {"payload": "forged"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The preview had expired. Upload the file again."]
    assert Visit.objects.count() == 0


def _broken_xlsx(old: str, new: str) -> bytes:
    """A workbook openpyxl wrote, with its sheet's XML edited: it opens, and breaks only as its rows are read."""
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["phase", "host_authorities", "month", "theme"])
    workbook.active.append([1, "Angus", "2026-05", "Inclusion"])
    saved, edited = io.BytesIO(), io.BytesIO()
    workbook.save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(item, data)
    return edited.getvalue()


BROKEN_SHEETS = {
    "malformed XML": ("</sheetData>", "<row><c></sheetData>"),
    "a number cell that is not a number": ("<v>1</v>", "<v>notanumber</v>"),
    "a cell reference that is not one": ('r="A2"', 'r="!!"'),
}


@pytest.mark.parametrize("broken", sorted(BROKEN_SHEETS))
def test_an_xlsx_broken_inside_its_sheet_is_a_message_next_to_the_field(client, ades_officer, programme, broken):
    client.force_login(ades_officer)
    url = reverse("reviews:programme-import", kwargs={"slug": programme.slug})
    upload = SimpleUploadedFile("visits.xlsx", _broken_xlsx(*BROKEN_SHEETS[broken]))

    response = client.post(url, {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The XLSX file could not be read. Check it opens in a spreadsheet program."
    ]
    assert "payload" not in response.context
    assert Visit.objects.count() == 0


def test_an_xlsx_with_a_column_named_twice_is_refused():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["phase", "host_authorities", "month", "theme", "phase"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(UnreadableFile) as raised:
        records_from_upload("visits.xlsx", buffer.getvalue())

    assert str(raised.value) == "The column “phase” appears twice in the first row."
