"""The final report's four case studies: their own kind of archive item, word for word from the report."""

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.models import Action, CaseStudy, Finding, Report, ReportVersion
from reports.services.case_studies import load_case_studies
from reviews.models import Visit
from reviews.services.importing import load_ci_programme
from tests.core.test_processes import DATABASE_BACKEND

SEED = Path(__file__).resolve().parents[2] / "reports" / "data" / "sources" / "ci-programme-final-report-2025.txt"
SOURCE = "From the Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 2"
WEST_LOTHIAN_IMPACT_SOURCE = (
    "Source: West Lothian's case study in the final report (ADES and Education Scotland, 2025), Appendix 2: its table "
    "under “Data impact below”."
)
WEST_LOTHIAN_NOTE = (
    "Portal's note, not the case study's words: The case study does not say whom the percentages count; in Scottish "
    "statistics, positive destinations are reported for school leavers. Q1 is the most deprived quintile of the "
    "Scottish Index of Multiple Deprivation (SIMD); ASN, pupils with additional support needs; LAC, looked after "
    "children."
)


def seed_text() -> str:
    """The report as one line of words, without its markdown links and emphasis or its page breaks."""
    text = SEED.read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", text).replace("*", "")
    return " ".join(text.split())


@pytest.fixture
def loaded(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    return load_case_studies()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_text(response) -> str:
    import html

    return " ".join(html.unescape(response.content.decode()).split())


def test_four_case_studies_load_as_case_studies_not_reports(loaded):
    case_studies = CaseStudy.objects.order_by("visit__starts_on")

    assert loaded == 4
    assert [c.visit.host_names for c in case_studies] == [
        "Perth and Kinross",
        "East Renfrewshire",
        "East Lothian",
        "West Lothian",
    ]
    assert {(c.source, c.source_year) for c in case_studies} == {(SOURCE, 2025)}
    assert (Report.objects.count(), ReportVersion.objects.count(), Finding.objects.count()) == (0, 0, 0)


def test_every_sentence_and_key_question_is_the_reports_own(loaded):
    seed = seed_text()
    stored = {
        c.slug: [
            text
            for part in (c.account, c.suggestions, c.actions)
            for block in part
            for text in ([block["paragraph"]] if "paragraph" in block else block["bullets"])
        ]
        for c in CaseStudy.objects.all()
    }

    not_in_the_report = {slug: [t for t in texts if t not in seed] for slug, texts in stored.items()}
    assert not_in_the_report == {slug: [] for slug in stored}
    assert {c.slug: c.key_question for c in CaseStudy.objects.all()} == {
        "west-lothian": "To what extent do our existing partnership pathways ensure a positive destination for "
        "young people in mainstream schools with barriers to learning (poverty related barriers, Social, Emotional "
        "or Behavioural Needs (SEBN), Care-Experienced Children and Young People (CECYP) and anxiety)?",
        "east-renfrewshire": "How effective is the Education Department at ensuring the numeracy and mathematics "
        "strategy results in improved experiences and outcomes for all learners?",
        "east-lothian": "",
        "perth-and-kinross": "",
    }
    assert all(c.key_question in seed for c in CaseStudy.objects.all())
    assert (
        Visit.objects.get(hosts__name="West Lothian").key_question
        == CaseStudy.objects.get(slug="west-lothian").key_question
    )


def test_west_lothian_page_follows_the_report_and_shows_both_dates(client, loaded):
    body = page_text(client.get("/reports/case-studies/west-lothian/"))

    assert SOURCE in body
    assert (
        "August 2024, according to the final report's Appendix 1; September 2024, according to this case study." in body
    )
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", body)
    assert headings == [
        "The authority's account of the process",
        "What it would suggest to others",
        "Actions taken since, and their impact",
    ]
    assert "Perhaps it would be helpful to have had more external colleagues from CLD, ASN or social work?" in body
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*' + r"\s*".join([r'<td class="number">([^<]+)</td>'] * 3),
        body,
    )
    assert rows == [
        ("All pupils", "94.1%", "95.8%", "1.7pp"),
        ("Q1", "88.6%", "92.5%", "3.9pp"),
        ("ASN", "89.5%", "93.2%", "3.7pp"),
        ("LAC", "71.4%", "89.2%", "17.8pp"),
    ]
    assert re.findall(r'<th scope="col">([^<]+)</th>', body.split('id="impact-table"')[1])[:4] == [
        "Group",
        "2022-23",
        "2023-24",
        "Percentage point improvement",
    ]
    assert WEST_LOTHIAN_IMPACT_SOURCE in body
    assert "school leavers" not in body.split('data-testid="impact-source">')[1].split("</p>")[0]
    assert WEST_LOTHIAN_NOTE in body
    assert "Strengths" not in body
    assert "Next steps" not in body


def test_perth_and_kinross_thanks_are_its_account_not_a_strength(client, loaded):
    body = page_text(client.get("/reports/case-studies/perth-and-kinross/"))

    account = body.split("The authority's account of the process")[1].split("What it would suggest")[0]
    assert "We were hugely grateful for the support of colleagues from Glasgow City Council" in account
    assert "Not recorded: the case study does not give one." in body
    assert "Not recorded: the case study does not say." in body


def test_a_case_study_offers_no_actions_from_next_steps(client, loaded, ades_officer):
    visit = Visit.objects.get(hosts__name="West Lothian")
    client.force_login(ades_officer)

    body = client.get(f"/visits/{visit.pk}/actions/").content.decode()
    made = client.post(f"/visits/{visit.pk}/actions/make/", follow=True)

    assert "Make actions from the next steps" not in body
    assert visit.findings.count() == 0
    messages = [str(message) for message in made.context["messages"]]
    assert messages == ["This visit has no next steps in a report to make actions from."]
    assert Action.objects.count() == 0


def test_case_study_pdf_reads_back_with_its_source_question_and_figures(client, loaded):
    response = client.get("/reports/case-studies/west-lothian.pdf")

    text = pdf_text(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="ci-case-study-west-lothian.pdf"'
    assert SOURCE in text
    assert "To what extent do our existing partnership pathways ensure a positive destination" in text
    assert "LAC 71.4% 89.2% 17.8pp" in text
    assert WEST_LOTHIAN_IMPACT_SOURCE in text
    assert "Portal's note, not the case study's words: The case study does not say whom the percentages count" in text


def test_index_says_what_each_item_is_and_where_it_comes_from(client, loaded):
    items = json.loads(client.get("/reports/index.json").content)["items"]
    lines = client.get("/reports/index.csv").content.decode().splitlines()

    assert [(i["kind"], i["authority"], i["published"], i["source"]) for i in items] == [
        ("case study", host, "2025", SOURCE)
        for host in ["Perth and Kinross", "East Renfrewshire", "East Lothian", "West Lothian"]
    ]
    assert [i["key_question"] is None for i in items] == [True, False, True, False]
    assert [i["scope"] for i in items] == [None, None, None, None]  # the case study does not record a scope
    assert (
        lines[0]
        == "kind,authority,gss_code,visit,visit_month,programme,phase,theme,scope,key_question,published,version,"
        "source,page_url,pdf_url"
    )
    assert lines[1].startswith(
        "case study,Perth and Kinross,S12000048,Perth and Kinross,2021-11,"
        "Collaborative Improvement 2021–2024,Phase 1,Inclusion,"
        "not recorded,not recorded,2025,,"
    )


def test_archive_lists_case_studies_apart_and_filters_them(client, loaded):
    everything = client.get("/reports/")
    phase_3 = client.get("/reports/", {"programme": "ci-2021-2024", "phase": "3"})
    numeracy = client.get("/reports/", {"q": "numeracy"})

    assert [c.slug for c in everything.context["case_studies"]] == [
        "perth-and-kinross",
        "east-renfrewshire",
        "east-lothian",
        "west-lothian",
    ]
    assert everything.context["page"].paginator.count == 0
    assert sorted(c.slug for c in phase_3.context["case_studies"]) == ["east-lothian", "west-lothian"]
    assert [c.slug for c in numeracy.context["case_studies"]] == ["east-renfrewshire"]
    assert "Those reports are not held here" in page_text(everything)


def test_loading_again_changes_nothing_and_brings_an_altered_one_back_to_the_report(loaded):
    before = {c.slug: c.updated_at for c in CaseStudy.objects.all()}
    CaseStudy.objects.filter(slug="east-lothian").update(key_question="Invented")

    again = load_case_studies()

    after = {c.slug: c.updated_at for c in CaseStudy.objects.all()}
    assert (again, CaseStudy.objects.count()) == (0, 4)
    assert CaseStudy.objects.get(slug="east-lothian").key_question == ""
    assert [slug for slug in after if after[slug] != before[slug]] == ["east-lothian"]


def test_a_document_pdf_is_rendered_by_the_worker_never_in_the_request(client, loaded):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from core.documents import render_document

    with override_settings(TASKS=DATABASE_BACKEND):
        first = client.get("/reports/case-studies/west-lothian.pdf")
        again = client.get("/reports/case-studies/west-lothian.pdf")
        queued = list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))
        for _, arguments in queued:  # as the worker does
            render_document.call(*arguments["args"])
        ready = client.get("/reports/case-studies/west-lothian.pdf")

    checksum = ready["ETag"].strip('"')
    assert (first.status_code, first["Retry-After"], again.status_code) == (202, "5", 202)
    assert "Your PDF is being prepared" in page_text(first)
    assert 'href="/reports/case-studies/west-lothian.pdf"' in first.content.decode()
    assert queued == [("core.documents.render_document", {"args": [checksum], "kwargs": {}})]
    assert (ready.status_code, ready["Content-Type"]) == (200, "application/pdf")
    assert WEST_LOTHIAN_IMPACT_SOURCE in pdf_text(ready.content)
