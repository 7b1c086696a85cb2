import io

import pytest
from pypdf import PdfReader

from reports.models import ReportVersion
from reports.services import load_case_studies
from reviews.services import load_ci_programme


@pytest.fixture
def loaded(reference, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    with django_capture_on_commit_callbacks(execute=True):
        count = load_case_studies()
    return count


def test_the_four_case_studies_are_published_and_labelled(client, loaded):
    versions = ReportVersion.objects.select_related("report__visit").order_by("report__visit__starts_on")

    assert loaded == 4
    assert [v.content["hosts"] for v in versions] == [
        ["Perth and Kinross"],
        ["East Renfrewshire"],
        ["East Lothian"],
        ["West Lothian"],
    ]
    assert all(
        v.content["source_note"].startswith("A summary drawn from the Collaborative Improvement") for v in versions
    )
    assert [v.published_by for v in versions] == [None] * 4
    assert len(client.get("/reports/").context["page"].object_list) == 4


def test_west_lothian_carries_its_key_question_and_positive_destinations(client, loaded):
    version = ReportVersion.objects.get(report__visit__hosts__name="West Lothian")

    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)

    assert version.content["key_question"].startswith("To what extent do our existing partnership pathways")
    assert [
        (row["group"], row["baseline_value"], row["followup_value"], row["change"]) for row in version.content["impact"]
    ] == [
        ("All pupils", "94.1", "95.8", "+1.7"),
        ("Q1 (most deprived quintile)", "88.6", "92.5", "+3.9"),
        ("ASN", "89.5", "93.2", "+3.7"),
        ("LAC", "71.4", "89.2", "+17.8"),
    ]
    assert "A summary drawn from the Collaborative Improvement programme's final report" in text
    assert "+17.8" in text


def test_loading_again_adds_nothing(loaded):
    assert (load_case_studies(), ReportVersion.objects.count()) == (0, 4)


def test_archive_filters_by_programme_and_phase(client, loaded):
    response = client.get("/reports/", {"programme": "ci-2021-2024", "phase": "3"})

    assert sorted(v.content["hosts"][0] for v in response.context["page"].object_list) == [
        "East Lothian",
        "West Lothian",
    ]
