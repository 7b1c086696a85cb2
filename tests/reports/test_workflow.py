import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from reports.choices import ReportAction, ReportStatus
from reports.models import ReportVersion
from reports.services import drafting
from tests.factories import VisitFactory

DRAFT = {
    "context": "West Lothian's positive destinations figure had dropped.",
    "evidence": "The team met headteachers, practitioners, partners and young people.",
    "strengths": ["Openness and honesty throughout", "A shared moral purpose across partners"],
    "areas_for_improvement": ["More involvement of CLD and ASN colleagues"],
    "next_steps": ["Create a strategic action plan for the working group", "Track leavers with barriers to learning"],
    "impact": [
        {
            "measure": "Positive destinations (%)",
            "group": "All pupils",
            "baseline_year": "2022-23",
            "baseline_value": Decimal("94.1"),
            "followup_year": "2023-24",
            "followup_value": Decimal("95.8"),
        },
        {
            "measure": "Positive destinations (%)",
            "group": "LAC",
            "baseline_year": "2022-23",
            "baseline_value": Decimal("71.4"),
            "followup_year": "2023-24",
            "followup_value": Decimal("89.2"),
        },
    ],
}


@pytest.fixture
def report(reference, glasgow_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(
        hosts=["West Lothian"],
        key_question="To what extent do our partnership pathways ensure a positive destination for young people?",
    )
    report = drafting.start_report(visit=visit, by=glasgow_officer)
    return drafting.save_draft(report=report, by=glasgow_officer, **DRAFT)


def publish(report, ades_officer, host_officer):
    drafting.submit_report(report=report, by=host_officer)
    return drafting.publish_report(report=report, by=ades_officer)


def pdf_text(version: ReportVersion) -> str:
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_published_pdf_carries_the_key_question_findings_and_impact(
    report, ades_officer, glasgow_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(report, ades_officer, glasgow_officer)

    version.refresh_from_db()
    text = pdf_text(version)
    assert "To what extent do our partnership pathways ensure a positive destination for young people?" in text
    for item in DRAFT["strengths"] + DRAFT["next_steps"] + DRAFT["areas_for_improvement"]:
        assert item in text
    # Text extraction reads table cells in its own order, so each figure is checked on its own.
    for figure in ("94.1 (2022-23)", "95.8 (2023-24)", "+1.7", "71.4 (2022-23)", "89.2 (2023-24)", "+17.8"):
        assert figure in text
    assert "Page 2 of 4" in text
    assert version.filename == f"ci-report-west-lothian-{report.visit.starts_on:%Y-%m}-v1.pdf"


def test_published_pdf_is_tagged_titled_in_english_with_fonts_embedded(
    report, ades_officer, glasgow_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(report, ades_officer, glasgow_officer)

    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == "Collaborative Improvement visit report: West Lothian"
    embedded = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            name = str(font["/BaseFont"]).split("+")[-1]  # subset fonts carry a six-letter prefix
            embedded[name] = any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert embedded == {"DejaVu-Sans": True, "DejaVu-Sans-Bold": True}


def test_edits_after_publishing_never_change_the_published_version(
    report, ades_officer, glasgow_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(report, ades_officer, glasgow_officer)
    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        published_pdf = handle.read()
    published_content = dict(version.content)

    drafting.start_correction(report=report, by=glasgow_officer)
    drafting.save_draft(report=report, by=glasgow_officer, **{**DRAFT, "strengths": ["A corrected strength"]})
    version.refresh_from_db()

    with version.pdf.open("rb") as handle:
        assert handle.read() == published_pdf
    assert version.content == published_content
    assert version.content["strengths"] == DRAFT["strengths"]


def test_a_correction_makes_version_2_and_keeps_version_1_superseded(
    report, ades_officer, glasgow_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = publish(report, ades_officer, glasgow_officer)
        drafting.start_correction(report=report, by=glasgow_officer)
        drafting.save_draft(report=report, by=glasgow_officer, **{**DRAFT, "strengths": ["A corrected strength"]})
        second = publish(report, ades_officer, glasgow_officer)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.published_at <= first.superseded_at <= second.published_at
    assert second.superseded_at is None
    assert "A corrected strength" in pdf_text(second)
    assert "A corrected strength" not in pdf_text(first)
    assert second.filename.endswith("-v2.pdf")


def test_every_step_is_recorded(report, ades_officer, glasgow_officer):
    drafting.submit_report(report=report, by=glasgow_officer)
    drafting.return_report(report=report, comment="Name the partners met.", by=ades_officer)
    drafting.submit_report(report=report, by=glasgow_officer)
    drafting.publish_report(report=report, by=ades_officer)
    drafting.withdraw_report(report=report, reason="Published in error.", by=ades_officer)

    assert list(report.events.values_list("action", "comment")) == [
        (ReportAction.STARTED, ""),
        (ReportAction.SUBMITTED, ""),
        (ReportAction.RETURNED, "Name the partners met."),
        (ReportAction.SUBMITTED, ""),
        (ReportAction.PUBLISHED, "Version 1"),
        (ReportAction.WITHDRAWN, "Published in error."),
    ]
    assert report.versions.get().withdrawn_reason == "Published in error."


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("publish", "A report that is draft cannot be published."),
        ("return", "A report that is draft cannot be returned."),
        ("correct", "A report that is draft cannot be corrected."),
        ("withdraw", "Only a published report can be withdrawn."),
    ],
)
def test_steps_not_allowed_from_a_draft_are_refused_clearly(report, ades_officer, step, message):
    actions = {
        "publish": lambda: drafting.publish_report(report=report, by=ades_officer),
        "return": lambda: drafting.return_report(report=report, comment="x", by=ades_officer),
        "correct": lambda: drafting.start_correction(report=report, by=ades_officer),
        "withdraw": lambda: drafting.withdraw_report(report=report, reason="x", by=ades_officer),
    }

    with pytest.raises(ValidationError) as raised:
        actions[step]()

    assert raised.value.messages == [message]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_submitted_report_cannot_be_edited_and_needs_a_next_step(report, glasgow_officer):
    drafting.submit_report(report=report, by=glasgow_officer)

    with pytest.raises(ValidationError) as editing:
        drafting.save_draft(report=report, by=glasgow_officer, **DRAFT)

    assert editing.value.messages == ["A report that is submitted for approval cannot be edited."]


def test_submitting_without_next_steps_is_refused(report, glasgow_officer):
    drafting.save_draft(report=report, by=glasgow_officer, **{**DRAFT, "next_steps": []})

    with pytest.raises(ValidationError) as raised:
        drafting.submit_report(report=report, by=glasgow_officer)

    assert raised.value.messages == ["Add at least one next step before submitting."]


def test_a_draft_and_a_withdrawal_keep_no_direction_control(report, ades_officer, glasgow_officer):
    """Findings and impact rows are bulk written and the reason with update(): none sends a signal."""
    impact = [{**DRAFT["impact"][0], "measure": "\u202eDestinations (%)", "group": "\u2066All\u2069 pupils"}]
    drafting.save_draft(
        report=report,
        by=glasgow_officer,
        **{
            **DRAFT,
            "context": "\u202eWest Lothian",
            "strengths": ["Open\u2067ness\u2069", "\u200fשקיפות"],
            "next_steps": ["\u202dA plan"],
            "impact": impact,
        },
    )
    drafting.submit_report(report=report, by=glasgow_officer)
    drafting.publish_report(report=report, by=ades_officer)
    drafting.withdraw_report(report=report, reason="\u202ePublished in error.", by=ades_officer)

    report.refresh_from_db()
    findings = report.visit.findings.order_by("kind", "position").values_list("kind", "text")
    assert report.context == "West Lothian"
    assert list(findings) == [
        ("area_for_improvement", "More involvement of CLD and ASN colleagues"),
        ("next_step", "A plan"),
        ("strength", "Openness"),
        ("strength", "\u200fשקיפות"),
    ]
    assert list(report.impact_measures.values_list("measure", "group")) == [("Destinations (%)", "All pupils")]
    assert report.versions.get().withdrawn_reason == "Published in error."
    assert report.events.get(action=ReportAction.WITHDRAWN).comment == "Published in error."


def test_the_visits_survey_chart_appears_only_once_closed_with_enough_answers(report, ades_officer, glasgow_officer):
    from reviews.models import TeamMembership
    from surveys.services import release, responses
    from tests.factories import MembershipFactory, survey_round_for

    for _ in range(6):
        MembershipFactory(visit=report.visit)
    survey_round = survey_round_for(report.visit, by=ades_officer)
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    invitations = list(survey_round.invitations.all())
    for invitation in invitations[:4]:
        responses.submit_response(invitation=invitation, answers={questions["enjoyed"]: 4})
    too_few = drafting.snapshot(report)["survey"]
    responses.submit_response(invitation=invitations[4], answers={questions["enjoyed"]: 2})
    still_open = drafting.snapshot(report)["survey"]
    release.close_round(survey_round=survey_round, by=ades_officer)

    section = drafting.snapshot(report)["survey"]

    assert (too_few, still_open) == (None, None)
    assert TeamMembership.objects.filter(visit=report.visit).count() == 6
    assert section["responses"] == 5
    assert section["rows"] == [("I enjoyed participating in the Collaborative Improvement process.", 5, 80)]
    assert section["chart"].startswith('<svg role="img" aria-label="To what extent do you agree')
    assert ["survey", "Participants' views"] in [list(s) for s in drafting.snapshot(report)["sections"]]
