"""West Lothian's figures as the case study gives them (its labels, its order of groups, a source line with only its
words and the portal's note apart), and the programme's own documents in the public archive."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authorities.models import Authority, Collaborative
from reports import selectors
from reports.models import NationalMeasure
from reports.services import national
from reports.services.case_studies import load_case_studies
from reviews.models import Programme, ProgrammeDocument, Theme
from reviews.services.importing import load_ci_programme

GROUPS = ["All pupils", "Q1", "ASN", "LAC"]


@pytest.fixture
def loaded(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    load_case_studies()


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_case_study_chart_keeps_the_case_studys_order_of_groups(client, loaded):
    body = text(client.get("/reports/case-studies/west-lothian/"))

    svg = body.split('<svg role="img"')[1].split("</svg>")[0]
    labels = re.findall(
        r'<text x="0" y="\d+" font-size="11" fill="#333">Positive destinations \(%\): ([^<]+)</text>', svg
    )
    assert labels == GROUPS
    table = body.split('id="impact-table"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == GROUPS


def test_the_national_figures_keep_the_case_studys_order_and_say_only_what_it_says(client, reference):
    national.load_first_example()

    body = text(client.get("/national-figures/west-lothian/"))

    assert re.findall(r"Positive destinations \(%\), ([^<]+)</h2>", body) == GROUPS
    assert national.FIRST_EXAMPLE_SOURCE == (
        "Collaborative Improvement final report (ADES and Education Scotland, 2025), Appendix 2, West Lothian's case "
        "study: its table of positive destinations under “Data impact below”"
    )
    assert national.FIRST_EXAMPLE_SOURCE in body
    assert "school leavers" not in national.FIRST_EXAMPLE_SOURCE


def test_a_copy_loaded_under_the_old_name_is_renamed_and_put_in_order(reference):
    for group in ["All pupils", "ASN", "LAC", "Q1 (most deprived quintile)"]:
        NationalMeasure.objects.create(kind="destinations", name="Positive destinations (%)", group=group)

    national.load_first_example()

    measures = NationalMeasure.objects.filter(kind="destinations")
    assert [m.group for m in measures] == GROUPS
    assert [m.position for m in measures] == [0, 1, 2, 3]
    assert measures.get(group="Q1").figures.count() == 2


def test_an_imported_measures_groups_keep_the_files_order(client, ades_officer):
    csv_text = (
        "authority,measure,group,year,value\n"
        "Fife,Attendance (%),Q5,2023-24,93.0\n"
        "Fife,Attendance (%),All pupils,2023-24,90.1\n"
        "Fife,Attendance (%),Q1,2023-24,86.2\n"
    )
    figures = national.read(csv_text.encode(), kind="attendance")

    national.save(figures=figures, kind="attendance", source="A test source, 2025", by=ades_officer)

    assert list(NationalMeasure.objects.values_list("group", flat=True)) == ["Q5", "All pupils", "Q1"]


def test_the_archive_lists_the_programmes_documents_as_their_own_kind(client, loaded):
    body = text(client.get("/reports/"))

    section = body.split('id="programme-documents-heading"')[1].split('id="results-heading"')[0]
    assert section.startswith("> 3 programme documents </h2>")
    assert re.findall(r'class="ds_search-result__link" href="([^"]+)">([^<]+)<', section) == [
        ("https://education.gov.scot/improvement/research/collaborative-improvement/", title)
        for title in [
            "Interim Report on the Progress of Collaborative Improvement",
            "Progress Report of the Programme of Collaborative Improvement",
            "Collaborative Improvement Guidance",
        ]
    ]
    assert (
        "Published by Education Scotland; the link goes to the page that lists it (a file of 1.4 MB, as that page "
        "gives it)"
    ) in section
    assert "The portal holds no copy: each link goes to the page where the publisher lists the document." in section


@pytest.mark.parametrize(
    "narrowed",
    [
        {"authority": "angus"},
        {"people_family": 1},
        {"ric": "northern-alliance"},
        {"theme": True},
        {"phase": 1},
        {"year": 2025},
    ],
)
def test_programme_documents_are_not_listed_when_the_archive_is_filtered_to_part_of_a_programme(loaded, narrowed):
    """Like the programme's evaluation report, its documents are about the whole programme (and hold no date)."""
    key, value = next(iter(narrowed.items()))
    field = {"ric": "collaborative"}.get(key, key)
    if key == "authority":
        value = Authority.objects.get(slug=value)
    elif key == "ric":
        value = Collaborative.objects.order_by("pk").first()
    elif key == "theme":
        value = Theme.objects.order_by("pk").first()
    programme = Programme.objects.get(slug="ci-2021-2024")

    everything = selectors.archive_programme_documents(selectors.ArchiveFilters(programme=programme))
    filtered = selectors.archive_programme_documents(selectors.ArchiveFilters(programme=programme, **{field: value}))

    assert (everything.count(), list(filtered)) == (3, [])


def test_the_archive_page_filtered_to_an_authority_lists_no_programme_document(client, loaded):
    body = text(client.get("/reports/", {"authority": "angus"}))

    assert "Collaborative Improvement Guidance" not in body
    assert "Collaborative Improvement Guidance" in text(client.get("/reports/"))


def test_the_archive_finds_a_programme_document_by_its_words(client, loaded):
    found = client.get("/reports/", {"q": "guidance"}).context["programme_documents"]

    assert [document.title for document in found] == ["Collaborative Improvement Guidance"]


def test_the_archive_query_count_stays_flat_with_more_programme_documents(client, reference):
    programme = Programme.objects.create(name="CI 2030", slug="ci-2030", kind="ci")

    def add(count):
        for index in range(count):
            ProgrammeDocument.objects.create(
                programme=programme,
                title=f"Report {ProgrammeDocument.objects.count()} {index}",
                published_by="ADES",
                listed_on="https://ades.scot/",
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get("/reports/", {"q": "report"})
    add(15)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/reports/", {"q": "report"})

    assert len(response.context["programme_documents"]) == 16
    assert len(one) == len(many)
