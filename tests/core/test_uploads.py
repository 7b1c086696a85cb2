"""Every page that takes a table in (visits, national figures, a framework of indicators) answers a malformed file
with a message next to the file field and changes nothing: no 500 from the csv module or the decoder."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import MAX_BYTES, read_csv
from quads.services.self_evaluation import load_starting_framework
from reports.models import MeasureFigure
from reviews.models import Visit
from surveys.models import Questionnaire
from tests.factories import PhaseFactory

SAVE_AS = "Save it from the spreadsheet as “CSV UTF-8” and try again."
TOO_LONG = "Line 2 has a cell longer than 131,072 characters, more than any cell here needs: check the file."
NUL = f"The file has a NUL character in it, so it is not a CSV file. {SAVE_AS}"
NOT_UTF8 = f"The file is not UTF-8 text. {SAVE_AS}"
LONG_CELL = "x" * (128 * 1024 + 1)

PAGES = {
    "visits": "phase,host_authorities,month,theme\n1,Fife,2026-05,{cell}\n",
    "national": "authority,measure,group,year,value\nFife,Attendance (%),{cell},2023-24,91.2\n",
    "framework": "code,title\n1.1,{cell}\n",
}
MALFORMED = {
    "a cell over the csv limit": (LONG_CELL.encode(), TOO_LONG),
    "a NUL byte": (b"Le\x00adership", NUL),
    "bytes that are not UTF-8": (b"Lead\xffership", NOT_UTF8),
}


@pytest.fixture
def post(client, ades_officer, reference):
    """Post a file to one of the upload pages, as an ADES officer; gives the response and what was stored."""
    client.force_login(ades_officer)
    phase = PhaseFactory()
    load_starting_framework()
    pages = {
        "visits": (f"/programmes/{phase.programme.slug}/import/", {}, Visit.objects.count),
        "national": (
            "/national-figures/import/",
            {"kind": "attendance", "source": "Statistics"},
            MeasureFigure.objects.count,
        ),
        "framework": ("/self-evaluation/frameworks/import/", {"name": "HGIOEA 2030"}, Questionnaire.objects.count),
    }

    def posted(page: str, content: bytes):
        url, fields, stored = pages[page]
        before = stored()
        upload = SimpleUploadedFile("table.csv", content, content_type="text/csv")
        response = client.post(url, {**fields, "file": upload})
        return response, before, stored()

    return posted


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("problem", sorted(MALFORMED))
def test_a_malformed_file_is_a_message_next_to_the_field_and_nothing_is_stored(post, page, problem):
    cell, message = MALFORMED[problem]
    head, tail = PAGES[page].encode().split(b"{cell}")

    response, before, after = post(page, head + cell + tail)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert message in html.unescape(response.content.decode())
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["visits", "national"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(post, page):
    response, before, after = post(page, PAGES[page].format(cell="x").encode() + b" " * MAX_BYTES)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is larger than 5 MB: check it is the right file."]
    assert after == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty. Choose the file with the rows in it."),
        (b"\xef\xbb\xbf \r\n", "The file is empty. Choose the file with the rows in it."),
        (b"a,b\n1,2\n3,\x00\n", NUL),
        (b"a,b\n1,2\n3," + LONG_CELL.encode() + b"\n", TOO_LONG.replace("Line 2", "Line 3")),
    ],
)
def test_read_csv_says_what_is_wrong(content, message):
    with pytest.raises(ValidationError) as refused:
        read_csv(content)

    assert refused.value.messages == [message]


def test_read_csv_keeps_a_cell_over_several_lines_whole_and_numbers_each_row_by_its_last_line():
    header, rows = read_csv(b'\xef\xbb\xbfcode,title\r\n1.1,"Two\nlines"\r\n1.2,One\r\n')

    assert header == ["code", "title"]
    assert rows == [(3, {"code": "1.1", "title": "Two\nlines"}), (4, {"code": "1.2", "title": "One"})]


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_column_named_twice_is_refused_next_to_the_field_and_nothing_is_stored(post, page):
    head, row = PAGES[page].format(cell="x").splitlines()
    first = head.split(",")[0]
    message = f"The column “{first}” appears twice in the first row."

    response, before, after = post(page, f"{head},{first}\n{row},other\n".encode())

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert message in html.unescape(response.content.decode())
    assert after == before


def test_read_csv_refuses_a_repeated_column_even_with_spaces_around_it_and_keeps_distinct_ones():
    with pytest.raises(ValidationError) as refused:
        read_csv(b"code,title, code \n1.1,One,1.2\n")

    assert refused.value.messages == ["The column “code” appears twice in the first row."]
    assert read_csv(b"code,Code,,\n1,2,,\n")[0] == ["code", "Code", "", ""]
