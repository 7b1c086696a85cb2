"""A programme's evaluation report, generated from its data: for CI 2021–24 it reproduces what the portal holds of
the 2025 final report (Appendix 1, the case studies, West Lothian's figures) and says plainly what it does not hold."""

import csv
import datetime
import html
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from authorities.models import Authority
from core.models import AuditEntry
from reports.evaluation_content import SECTIONS, build, text_blocks
from reports.models import EvaluationReport, EvaluationVersion, NationalMeasure
from reports.services import evaluation, national
from reports.services.case_studies import load_case_studies
from reports.services.national import Figure, load_first_example
from reviews.models import Programme
from reviews.services.importing import CI_PROGRAMME_DATES_NOTE, load_ci_programme
from tests.reports.test_evaluation_survey import answered_round, publish_report

VISITS_CSV = Path(__file__).resolve().parents[2] / "reviews" / "data" / "ci_visits_2021_2024.csv"
FINAL_WORDS = (
    "In total 13 participants completed the final survey, comprising 9 local authority employed personnel and 4 from "
    "Education Scotland."
)


@pytest.fixture
def ci(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_ci_programme()
    load_case_studies()
    load_first_example()
    return Programme.objects.get(slug="ci-2021-2024")


def appendix_1() -> list[dict]:
    with VISITS_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def appendix_1_rows() -> list[str]:
    """Each row of Appendix 1 as the report shows it: its hosts in order of name (the islands' three visits numbered
    (1), (2), (3)), its month and its theme."""
    rows, islands = [], 0
    for line in appendix_1():
        hosts = sorted(host.strip() for host in line["host_authorities"].split(";"))
        number = ""
        if len(hosts) == 3:
            islands += 1
            number = f" ({islands})"
        month = datetime.date.fromisoformat(line["month"] + "-01")
        rows.append(f"{', '.join(hosts)}{number} {month:%B %Y} {line['theme']}")
    return rows


def test_coverage_is_appendix_1_every_visit_with_its_month_theme_and_key_question(ci):
    content = build(ci)

    rows = [row for phase in content["coverage"]["phases"] for row in phase["rows"]]
    assert [phase["name"] for phase in content["coverage"]["phases"]] == ["Phase 1", "Phase 2", "Phase 3"]
    assert len(rows) == 32
    assert [row["theme"] for row in rows] == [line["theme"] for line in appendix_1()]
    assert rows[0] == {
        "hosts": "South Ayrshire",
        "when": "September 2021",
        "theme": "Primary Attainment Gap",
        "key_question": "not recorded",
    }
    assert rows[-1]["when"] == "November 2024"
    assert {k: content["coverage"][k] for k in ("visits", "hosted", "authorities", "not_hosted")} == {
        "visits": 32,
        "hosted": 32,
        "authorities": 32,
        "not_hosted": [],
    }
    west_lothian = next(row for row in rows if row["hosts"] == "West Lothian")
    assert west_lothian["key_question"].startswith("To what extent do our existing partnership pathways")
    assert "Appendix 1" in content["coverage"]["source"]
    islands = [row["hosts"] for row in rows if row["hosts"].startswith("Na h-Eileanan Siar")]
    assert [name[-3:] for name in islands] == ["(1)", "(2)", "(3)"]
    assert [f"{row['hosts']} {row['when']} {row['theme']}" for row in rows] == appendix_1_rows()


def test_the_programmes_dates_are_given_with_where_the_sources_disagree(ci, client, ades_officer):
    content = build(ci)

    assert (content["school_years"], content["dates_note"]) == ("2021–24", CI_PROGRAMME_DATES_NOTE)
    client.force_login(ades_officer)
    page = " ".join(html.unescape(client.get(f"/programmes/{ci.slug}/evaluation/").content.decode()).split())
    coverage = page[page.index('id="coverage"') : page.index('id="themes"')]
    assert (
        "The programme's school years are recorded as 2021–24. By the visits' own dates, 3 of its visits fall in "
        "2024–25." in coverage
    )  # West Lothian's, West Dunbartonshire's and Angus's, from August to November 2024
    assert f"Where the sources disagree about the programme's dates: {CI_PROGRAMME_DATES_NOTE}" in coverage


def test_themes_over_time_count_every_visit_once_by_phase(ci):
    themes = build(ci)["themes"]

    assert themes["columns"] == ["Phase 1 (2021–22)", "Phase 2 (2022–23, 2023–24)", "Phase 3 (2023–24, 2024–25)"]
    assert themes["totals"] == [9, 14, 9]
    assert sum(row["total"] for row in themes["rows"]) == 32


def test_the_seeds_cohorts_are_not_recorded_and_the_final_surveys_words_are_quoted_with_their_source(ci):
    cohorts = build(ci)["survey"]["cohorts"]

    assert [c["label"] for c in cohorts] == ["pilot", "interim", "final"]
    assert [(c["held"], c["respondents"], c["response_rate"]) for c in cohorts] == [(False, None, "not recorded")] * 3
    final = cohorts[2]
    assert final["words"] == FINAL_WORDS
    assert "Survey results February 2025" in final["words_source"]
    assert "holds no figure for any statement of the final survey" in final["statements_note"]


def test_what_the_report_does_not_hold_is_listed(ci):
    not_held = build(ci)["not_held"]

    cohorts = [line for line in not_held if "cohort" in line or "final survey" in line]
    assert cohorts == [  # each cohort once, in its own words
        "The report says earlier survey data were “presented in the pilot and interim reviews noted previously”; the "
        "portal holds none of the pilot cohort's figures.",
        "The report says earlier survey data were “presented in the pilot and interim reviews noted previously”; the "
        "portal holds none of the interim cohort's figures.",
        "The report's Table 1 (“To what extent do you agree with the following statements? (n=13)”) is an image its "
        "text does not give, so the portal holds no figure for any statement of the final survey.",
    ]
    assert "The key question of 30 of the 32 visits: not recorded." in not_held
    assert "A case study of 28 of the 32 visits: not recorded." in not_held
    assert "How many focus groups were held and written views received: not recorded." in not_held
    assert any("focus group of February 2025" in line for line in not_held)
    assert any("illustrative quotes" in line for line in not_held)


def test_impact_gives_west_lothians_figures_once_never_again_as_national_figures(ci, client, ades_officer):
    """The portal's national figures for West Lothian are the case study's own table (loaded with that source): they
    are not shown a second time as if they came from a second source."""
    impact = build(ci)["impact"]

    (study,) = impact["case_studies"]
    assert study["hosts"] == "West Lothian"
    assert [row["group"] for row in study["rows"]] == ["All pupils", "Q1", "ASN", "LAC"]
    assert study["rows"][-1]["change"] == "17.8pp"
    assert "Q1 is the most deprived quintile" in study["note"]
    assert study["national"] == []
    assert study["national_none"] == (
        "National figures for West Lothian from a source other than its case study: not recorded."
    )
    assert impact["reports"] == []
    client.force_login(ades_officer)
    page = " ".join(html.unescape(client.get(f"/programmes/{ci.slug}/evaluation/").content.decode()).split())
    assert page.count("71.4") == 1
    assert "West Lothian: the figures its case study gives" in page


def test_national_figures_from_another_source_are_given_beside_the_case_study_with_that_source(ci):
    west_lothian = Authority.objects.get(name="West Lothian")
    source = "Scottish Government, Summary Statistics for Follow-up Leaver Destinations, 2025"
    figure = Figure(west_lothian, None, "Positive destinations (%)", "All pupils", "", "", "2024-25", Decimal("96.0"))
    national.save(figures=[figure], kind=NationalMeasure.Kind.DESTINATIONS, source=source, by=None)

    (study,) = build(ci)["impact"]["case_studies"]

    assert study["national"] == [
        {
            "name": str(NationalMeasure.objects.get(figures__source=source)),
            "host": {
                "authority": "West Lothian",
                "family_group": west_lothian.people_family,
                "rows": [{"year": "2024-25", "value": "96.0", "source": source, "median": None, "median_source": None}],
            },
        }
    ]


def test_the_case_studies_are_appendix_2_linked_with_their_source(ci):
    items = build(ci)["case_studies"]["items"]

    assert [item["hosts"] for item in items] == [
        "Perth and Kinross",
        "East Renfrewshire",
        "East Lothian",
        "West Lothian",
    ]
    assert items[0]["url"] == "/reports/case-studies/perth-and-kinross/"
    assert all("Appendix 2" in item["source"] for item in items)


def test_actions_and_evidence_not_held_are_not_recorded_never_zero(ci, client, ades_officer):
    content = build(ci)

    assert (content["actions"]["actions"], content["evidence"]["focus_groups"]) == ([], "not recorded")
    client.force_login(ades_officer)
    page = " ".join(html.unescape(client.get(f"/programmes/{ci.slug}/evaluation/").content.decode()).split())
    assert "Actions: not recorded." in page
    assert "Follow-up sessions: not recorded." in page


def test_typed_text_keeps_its_lines_and_bullets():
    assert text_blocks("First point.\n\n- one\n* two\nLast.") == [
        {"paragraph": "First point."},
        {"bullets": ["one", "two"]},
        {"paragraph": "Last."},
    ]


def test_typed_text_is_escaped_on_the_page_and_never_runs(ci, client, ades_officer):
    evaluation.save_text(
        programme=ci, key_messages='<script>alert("x")</script>\n- =HYPERLINK("x")', recommendations="", by=ades_officer
    )
    client.force_login(ades_officer)

    body = client.get(f"/programmes/{ci.slug}/evaluation/").content.decode()

    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_the_edit_form_keeps_what_was_typed_on_bad_input_and_saving_twice_is_harmless(ci, client, ades_officer):
    client.force_login(ades_officer)
    url = f"/programmes/{ci.slug}/evaluation/edit/"

    refused = client.post(url, {"key_messages": "", "recommendations": "Keep the Quads guidance brief."})
    first = client.post(url, {"key_messages": "Openness mattered.", "recommendations": "Keep it brief."})
    second = client.post(url, {"key_messages": "Openness mattered.", "recommendations": "Keep it brief."})

    assert refused.status_code == 200
    assert "Write the report&#x27;s key messages." in refused.content.decode()
    assert "Keep the Quads guidance brief." in refused.content.decode()
    assert (first.status_code, second.status_code) == (302, 302)
    assert list(EvaluationReport.objects.values_list("key_messages", "recommendations")) == [
        ("Openness mattered.", "Keep it brief.")
    ]
    assert AuditEntry.objects.filter(kind="evaluation.saved").count() == 2


def pdf_text(version: EvaluationVersion) -> str:
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_publishing_freezes_a_version_and_the_worker_renders_a_tagged_pdf_with_every_section(
    ci, ades_officer, django_capture_on_commit_callbacks
):
    evaluation.save_text(
        programme=ci, key_messages="Openness and honesty prevailed.", recommendations="", by=ades_officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = evaluation.publish(programme=ci, by=ades_officer)

    version.refresh_from_db()
    text = pdf_text(version)
    for _, heading in SECTIONS:
        assert heading in text
    for row in appendix_1_rows():
        assert row in text
    assert (
        "The programme's school years are recorded as 2021–24. By the visits' own dates, 3 of its visits fall" in text
    )
    assert f"Where the sources disagree about the programme's dates: {CI_PROGRAMME_DATES_NOTE}" in text
    assert "Openness and honesty prevailed." in text
    assert FINAL_WORDS in text
    assert version.filename == "ci-evaluation-ci-2021-2024-v1.pdf"
    with version.pdf.open("rb") as handle:
        catalog = PdfReader(io.BytesIO(handle.read())).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "en-GB"
    assert AuditEntry.objects.filter(kind="evaluation.published").count() == 1


def test_a_published_version_never_changes_and_publishing_again_makes_a_new_one(
    ci, ades_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = evaluation.publish(programme=ci, by=ades_officer)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        evaluation.publish(programme=ci, by=ades_officer)
    evaluation.save_text(programme=ci, key_messages="A new message.", recommendations="", by=ades_officer)
    with django_capture_on_commit_callbacks(execute=True):
        second = evaluation.publish(programme=ci, by=ades_officer)

    first.refresh_from_db()
    assert first.content["key_messages"] == []
    assert first.superseded_at is not None
    assert (second.number, second.content["key_messages"]) == (2, [{"paragraph": "A new message."}])
    assert EvaluationVersion.objects.count() == 2


def test_evidence_counts_the_focus_groups_and_written_views_the_published_reports_give_and_never_what_they_say(
    ci, ades_officer, django_capture_on_commit_callbacks
):
    import datetime

    from reviews.choices import FocusGroupKind, VisitStatus
    from reviews.services.evidence import record_focus_group, record_written_view

    angus, fife = ci.visits.get(hosts__name="Angus"), ci.visits.get(hosts__name="Fife")
    for group in (FocusGroupKind.HEADTEACHERS, FocusGroupKind.PARENTS):
        record_focus_group(
            visit=angus, by=ades_officer, group=group, held_on=datetime.date(2024, 11, 5), note="Marker-words-7Q"
        )
    record_written_view(
        visit=fife, by=ades_officer, from_whom="HMI", received_on=datetime.date(2021, 10, 1), summary="Marker-view-7Q"
    )
    proposed = ci.visits.get(hosts__name="Inverclyde")
    proposed.status = VisitStatus.PROPOSED
    proposed.save(update_fields=["status"])
    record_written_view(
        visit=proposed, by=ades_officer, from_whom="HMI", received_on=datetime.date(2022, 1, 1), summary="proposal"
    )
    meeting = ci.visits.get(hosts__name="Moray")  # a Quad's meeting is not one of the programme's visits either
    meeting.meeting_of = "North Quad"
    meeting.save(update_fields=["meeting_of"])
    record_written_view(
        visit=meeting, by=ades_officer, from_whom="HMI", received_on=meeting.starts_on, summary="meeting"
    )
    unpublished = ci.visits.get(hosts__name="Perth and Kinross")  # its log is the team's until its report is public
    record_focus_group(
        visit=unpublished, by=ades_officer, group=FocusGroupKind.PARENTS, held_on=unpublished.starts_on, note="x"
    )
    for visit in (angus, fife, proposed, meeting):
        publish_report(visit, by=ades_officer, capture=django_capture_on_commit_callbacks)

    content = build(ci)

    assert {key: content["evidence"][key] for key in ("focus_groups", "written_views", "visits_recorded")} == {
        "focus_groups": 2,
        "written_views": 1,
        "visits_recorded": 2,
    }
    assert "Marker" not in str(content)
    coverage = [row["hosts"] for phase in content["coverage"]["phases"] for row in phase["rows"]]
    assert (len(coverage), "Inverclyde" in coverage, "Moray" in coverage) == (30, False, False)
    assert content["evidence"]["visits_recorded"] <= content["coverage"]["visits"]
    assert "How many focus groups were held and written views received: not recorded." not in content["not_held"]


def test_a_count_no_team_recorded_anything_towards_is_not_recorded_never_zero(
    ci, ades_officer, django_capture_on_commit_callbacks
):
    import datetime

    from reviews.choices import FocusGroupKind
    from reviews.services.evidence import record_focus_group

    angus = ci.visits.get(hosts__name="Angus")
    record_focus_group(visit=angus, by=ades_officer, group=FocusGroupKind.LEARNERS, held_on=datetime.date(2024, 11, 5))
    assert build(ci)["evidence"]["focus_groups"] == "not recorded"  # not public until the visit's report is
    publish_report(angus, by=ades_officer, capture=django_capture_on_commit_callbacks)

    evidence = build(ci)["evidence"]

    assert (evidence["focus_groups"], evidence["written_views"], evidence["visits_recorded"]) == (1, "not recorded", 1)


def test_a_portal_round_is_never_merged_with_the_published_reports_cohort_of_the_same_name(
    ci, ades_officer, django_capture_on_commit_callbacks
):
    """The 2025 report's final survey had 13 participants; a round in the portal labelled "Final" is not that
    survey, and its five responses are not said to be part of it."""
    fife = ci.visits.get(hosts__name="Fife")
    answered_round(
        fife.phase,
        None,
        [4] * 5,
        by=ades_officer,
        cohort="Final",
        capture=django_capture_on_commit_callbacks,
        visit=fife,
    )

    cohorts = build(ci)["survey"]["cohorts"]

    given = "as the programme's published report gives it"
    assert [(c["named_as"], c["held"], c["respondents"], c["words"][:22]) for c in cohorts] == [
        (f"The pilot cohort, {given}", False, None, ""),
        (f"The interim cohort, {given}", False, None, ""),
        (f"The final cohort, {given}", False, None, "In total 13 participan"),
        ("The Final cohort: rounds in the portal", True, 5, ""),
    ]
