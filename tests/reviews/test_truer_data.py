"""The 2021–24 record made truer to its sources: the case studies' focus with the case study named, Appendix 1's
numbering of the three joint visits to the islands, the final report's conflicting end of the programme, and the
programme's own published documents."""

import csv
import datetime
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry
from reports.services.case_studies import load_case_studies
from reviews.models import Programme, ProgrammeDocument, Visit
from reviews.services import programme_documents
from reviews.services.importing import CI_PROGRAMME_DATES_NOTE, load_ci_programme
from tests.factories import PhaseFactory, VisitFactory

CI = "/programmes/ci-2021-2024/"
ISLANDS = "Na h-Eileanan Siar, Orkney Islands, Shetland Islands"
LISTED_ON = "https://education.gov.scot/improvement/research/collaborative-improvement/"
DATES_NOTE = (
    "The final report says its last survey captured “the views of participants in the final tranche of CIs up to the "
    "end of the programme in October 2024”, where its Appendix 1 lists the visit to Angus in November 2024. The report "
    "does not say which is right."
)


@pytest.fixture
def history(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    load_case_studies()


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def visit_of(host: str) -> Visit:
    return Visit.objects.get(programme__slug="ci-2021-2024", hosts__name=host)


def test_east_lothians_focus_is_its_case_studys_with_the_case_study_named(client, history, ades_officer):
    visit = visit_of("East Lothian")
    client.force_login(ades_officer)

    body = text(client.get(visit.get_absolute_url()))

    assert visit.focus_areas == ["Progress with creating a Self-Improving Schools' System"]
    assert visit.key_question == ""  # the case study gives no question: none is made up
    assert (
        'Focus areas recorded from</dt> <dd class="ds_summary-list__value" data-testid="focus-source">East Lothian\'s '
        "case "
        "study in the final report (ADES and Education Scotland, 2025), Appendix 2: “The Collaborative Improvement in "
        "East Lothian focused on progress with creating a Self-Improving Schools' System.”</dd>"
    ) in body
    entry = AuditEntry.objects.get(kind="visit.focus.filled", summary__contains="East Lothian")
    assert entry.by is None


def test_perth_and_kinrosss_focus_is_inclusive_practice_and_the_three_cs(history):
    visit = visit_of("Perth and Kinross")

    assert visit.focus_areas == ["Inclusive Practice", "Culture", "Capacity", "Continuum of support"]
    assert visit.focus_source == (
        "Perth and Kinross's case study in the final report (ADES and Education Scotland, 2025), Appendix 2: “The "
        "theme of our CI was Inclusive Practice-framed around what we identified as the three “C”s of culture; "
        "capacity and continuum of support.”"
    )


def test_loading_again_changes_neither_the_focus_nor_the_organisations(history):
    before = list(Visit.objects.order_by("pk").values_list("focus_areas", "focus_source", "series_number"))

    load_ci_programme()
    load_case_studies()

    assert list(Visit.objects.order_by("pk").values_list("focus_areas", "focus_source", "series_number")) == before
    assert AuditEntry.objects.filter(kind="visit.focus.filled").count() == 4


def test_the_three_island_visits_keep_appendix_1s_numbers_everywhere_they_are_listed(client, history, ades_officer):
    islands = Visit.objects.filter(hosts__name="Orkney Islands").order_by("starts_on")

    assert [(v.series_number, v.host_names, v.title) for v in islands] == [
        (n, f"{ISLANDS} ({n})", f"Visit to Na h-Eileanan Siar, Orkney Islands and Shetland Islands ({n})")
        for n in (1, 2, 3)
    ]
    assert Visit.objects.exclude(series_number=None).count() == 3
    programme = text(client.get(CI))
    assert [programme.count(f"{ISLANDS} ({n})") for n in (1, 2, 3)] == [1, 1, 1]
    client.force_login(ades_officer)
    page = text(client.get(islands[1].get_absolute_url()))
    assert "<title>Visit to Na h-Eileanan Siar, Orkney Islands and Shetland Islands (2)" in page
    lines = list(csv.DictReader(io.StringIO(client.get(f"{CI}visits.csv").content.decode())))
    assert [
        (line["host_authorities"], line["number_in_source"], line["month"])
        for line in lines
        if "Orkney" in line["host_authorities"]
    ] == [
        ("Na h-Eileanan Siar; Orkney Islands; Shetland Islands", str(n), m)
        for n, m in [(1, "2022-05"), (2, "2023-05"), (3, "2024-05")]
    ]
    assert next(line for line in lines if line["host_authorities"] == "Fife")["number_in_source"] == ""


def test_a_visit_its_source_does_not_number_is_named_as_before(reference):
    visit = VisitFactory(hosts=["Fife", "Angus"])

    assert (visit.host_names, visit.title) == ("Angus, Fife", "Visit to Angus and Fife")


def test_the_programme_page_shows_the_reports_conflicting_end_beside_its_dates(client, history):
    assert CI_PROGRAMME_DATES_NOTE == DATES_NOTE

    detail, listing = text(client.get(CI)), text(client.get("/programmes/"))

    assert f'<div class="ds_inset-text__text" data-testid="dates-note">{DATES_NOTE}</div>' in detail
    assert f'<p data-testid="dates-note">{DATES_NOTE}</p>' in listing
    assert "from September 2021 to November 2024" in detail  # the description's dates, with the conflict beside


def test_an_officers_change_to_the_dates_note_survives_a_reload(client, history, ades_officer):
    client.force_login(ades_officer)
    form = client.get(f"{CI}edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"dates_note": "Checked with ADES: the last visit was in November 2024.", "follow_up_months": "6, 12"}

    client.post(f"{CI}edit/", data)
    load_ci_programme()

    assert text(client.get(CI)).count("Checked with ADES: the last visit was in November 2024.") == 1


def test_a_cleared_dates_note_and_removed_documents_stay_gone_after_a_reload(client, history, ades_officer):
    """The loader gives them once, ever: an officer who clears the note or removes every document is not overruled."""
    client.force_login(ades_officer)
    form = client.get(f"{CI}edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    client.post(f"{CI}edit/", data | {"dates_note": "", "follow_up_months": "6, 12"})
    for document in ProgrammeDocument.objects.all():
        client.post(f"{CI}documents/{document.pk}/remove/")

    load_ci_programme()
    load_ci_programme()

    assert Programme.objects.get(slug="ci-2021-2024").dates_note == ""
    assert not ProgrammeDocument.objects.exists()
    assert "dates-note" not in text(client.get(CI))


def test_the_programme_page_lists_its_three_documents_where_education_scotland_lists_them(client, history):
    body = text(client.get(CI))

    documents = list(ProgrammeDocument.objects.values_list("title", "period", "published_by", "listed_size"))
    assert documents == [
        (
            "Interim Report on the Progress of Collaborative Improvement",
            "June 2021 – June 2022",
            "Education Scotland",
            "194 KB",
        ),
        (
            "Progress Report of the Programme of Collaborative Improvement",
            "August 2022 – June 2023",
            "Education Scotland",
            "1.4 MB",
        ),
        ("Collaborative Improvement Guidance", "November 2022", "Education Scotland", "214 KB"),
    ]
    assert (
        f'<a href="{LISTED_ON}">Interim Report on the Progress of Collaborative Improvement'
        '<span class="visually-hidden"> (external site)</span></a>, June 2021 – June 2022. Published by Education '
        "Scotland; the link goes to the page that lists it (a file of 194 KB, as that page gives it), not to a copy "
        "held here. Source: Education Scotland's Collaborative Improvement page (published 10 February 2023, last "
        "updated 8 March 2024)."
    ) in body
    assert "Add a programme document" not in body


def test_an_ades_officer_adds_changes_and_removes_a_document_each_recorded(client, history, ades_officer):
    client.force_login(ades_officer)
    data = {
        "title": "Quads guidance",
        "period": "2025",
        "published_by": "ADES",
        "listed_on": "https://ades.scot/quads",
        "submission_key": "doc-1",
    }

    added = client.post(f"{CI}documents/new/", data, follow=True)
    document = ProgrammeDocument.objects.get(title="Quads guidance")
    client.post(f"{CI}documents/{document.pk}/edit/", data | {"title": "Quads guidance 2025"})
    asked = client.get(f"{CI}documents/{document.pk}/remove/")
    kept = list(ProgrammeDocument.objects.filter(pk=document.pk).values_list("title", flat=True))
    client.post(f"{CI}documents/{document.pk}/remove/")

    assert "“Quads guidance” is added. The programme page and the archive list it." in text(added)
    assert (document.position, document.source) == (3, "")
    assert "Remove “Quads guidance 2025”?" in text(asked)
    assert kept == ["Quads guidance 2025"]  # changed, and asking to remove it removed nothing
    assert not ProgrammeDocument.objects.filter(pk=document.pk).exists()
    assert list(
        AuditEntry.objects.filter(kind__startswith="programme.document")
        .order_by("pk")
        .values_list("summary", flat=True)
    ) == [
        "Added “Quads guidance” to the documents of Collaborative Improvement 2021–2024",
        "Changed “Quads guidance 2025” in the documents of Collaborative Improvement 2021–2024",
        "Removed “Quads guidance 2025” from the documents of Collaborative Improvement 2021–2024",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"listed_on": "http://ades.scot/quads"},
            "listed_on",
            "Enter the full address of the page, starting https://.",
        ),
        ({"title": ""}, "title", "Enter the document's title."),
        ({"title": "collaborative improvement guidance"}, "title", "already lists a document called"),
    ],
)
def test_a_bad_document_is_refused_beside_its_field(client, history, ades_officer, changes, field, message):
    client.force_login(ades_officer)
    data = {
        "title": "Quads guidance",
        "published_by": "ADES",
        "listed_on": "https://ades.scot/q",
        "submission_key": "k",
    }

    response = client.post(f"{CI}documents/new/", data | changes)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert ProgrammeDocument.objects.count() == 3


def test_a_bad_address_is_told_with_a_missing_title_not_after_it(client, history, ades_officer):
    client.force_login(ades_officer)
    data = {"title": "", "published_by": "ADES", "listed_on": "http://ades.scot/q", "submission_key": "k"}

    response = client.post(f"{CI}documents/new/", data)

    assert response.context["form"].errors == {
        "title": ["Enter the document's title."],
        "listed_on": ["Enter the full address of the page, starting https://."],
    }


@pytest.mark.parametrize("address", ["javascript:alert(1)", "http://ades.scot/quads", "https://", "https://a b.scot"])
def test_an_address_that_is_not_https_gets_one_message_beside_its_field(client, history, ades_officer, address):
    client.force_login(ades_officer)
    data = {"title": "Quads guidance", "published_by": "ADES", "listed_on": address, "submission_key": "k"}

    response = client.post(f"{CI}documents/new/", data)

    assert response.context["form"].errors["listed_on"] == ["Enter the full address of the page, starting https://."]
    assert ProgrammeDocument.objects.count() == 3


def test_the_programme_page_with_documents_keeps_its_query_count(client, reference, ades_officer):
    client.force_login(ades_officer)
    one, many = PhaseFactory(programme__slug="one"), PhaseFactory(programme__slug="many")
    for phase, count in ((one, 1), (many, 12)):
        VisitFactory(programme=phase.programme, phase=phase, hosts=["Fife"], starts_on=datetime.date(2030, 3, 5))
        for index in range(count):
            ProgrammeDocument.objects.create(
                programme=phase.programme, title=f"Report {index}", published_by="ADES", listed_on="https://a.scot/"
            )

    with CaptureQueriesContext(connection) as with_one:
        client.get("/programmes/one/")
    with CaptureQueriesContext(connection) as with_many:
        response = client.get("/programmes/many/")

    assert text(response).count("(external site)") >= 12
    assert len(with_one) == len(with_many)


def test_a_document_listed_on_plain_http_is_refused_whichever_door(history, ades_officer):
    """The https rule is the model's: the service, the form and the admin all meet it."""
    programme = Programme.objects.get(slug="ci-2021-2024")
    document = ProgrammeDocument(programme=programme, title="Quads", published_by="ADES", listed_on="http://a.scot/")

    with pytest.raises(ValidationError) as by_model:
        document.full_clean()
    with pytest.raises(ValidationError) as by_service:
        programme_documents.add_programme_document(
            programme=programme,
            title="Quads",
            period="",
            published_by="ADES",
            listed_on="http://a.scot/",
            by=ades_officer,
        )

    assert by_model.value.message_dict["listed_on"] == ["Enter the full address of the page, starting https://."]
    assert by_service.value.message_dict == {"listed_on": ["Enter the full address of the page, starting https://."]}
    assert ProgrammeDocument.objects.count() == 3
