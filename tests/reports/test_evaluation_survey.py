"""The evaluation report's participant survey by cohort: pooled and weighted by authority over exactly the same
rounds, only rounds whose figures are already public (the round a published visit report gives, of a visit the
public may see), and "not recorded" for a cohort with none."""

import datetime
import io

import pytest
from django.test import override_settings
from pypdf import PdfReader

from core.models import AuditEntry
from reports.evaluation_content import build
from reports.models import EvaluationVersion, ReportVersion
from reports.services import drafting, evaluation
from reviews.models import Visit
from surveys.services import release, responses
from tests.factories import PersonFactory, PhaseFactory, VisitFactory, organisation, survey_round_for
from tests.reports.test_workflow import DRAFT

ENJOYED = "enjoyed"


@pytest.fixture
def phase(reference):
    return PhaseFactory()


def answered_round(
    phase, host, values, *, by, cohort="final", invited_extra=0, close=True, publish=True, capture=None, **visit
):
    """A participant round of a confirmed visit hosted by `host` (or of `visit=`), one response per value (every
    statement answered so), closed, and the visit's report published (so its figures are public) unless told not."""
    visit = visit.pop("visit", None) or VisitFactory(
        phase=phase, hosts=[host] if isinstance(host, str) else host, **({"status": "confirmed"} | visit)
    )
    opens_on = datetime.date.today() - datetime.timedelta(days=10 - visit.survey_rounds.count())  # in turn
    survey_round = survey_round_for(visit, by=by, cohort=cohort, opens_on=opens_on)
    questions = list(survey_round.questionnaire.questions.filter(kind="likert4"))
    for index in range(len(values) + invited_extra):
        person = PersonFactory(organisation=organisation(authority__name="Moray"))
        invitation = survey_round.invitations.create(person=person)
        if index < len(values):
            responses.submit_response(invitation=invitation, answers=dict.fromkeys(questions, values[index]))
    if close:
        with capture(execute=True):
            release.close_round(survey_round=survey_round, by=by)
    if close and publish:
        publish_report(visit, by=by, capture=capture)
    return survey_round


def publish_report(visit, *, by, capture):
    """The visit's report published as the public sees it (its PDF rendered), with the round it then gives."""
    report = drafting.start_report(visit=visit, by=by)
    drafting.save_draft(report=report, by=by, **DRAFT)
    drafting.submit_report(report=report, by=by)
    with capture(execute=True):
        drafting.publish_report(report=report, by=by)


@pytest.fixture
def two_authorities(phase, ades_officer, django_capture_on_commit_callbacks):
    """Glasgow: 10 responses, 9 agreeing (90%); Orkney: 5 responses, 1 agreeing (20%)."""
    capture = django_capture_on_commit_callbacks
    answered_round(phase, "Glasgow City", [4] * 9 + [1], by=ades_officer, invited_extra=2, capture=capture)
    answered_round(phase, "Orkney Islands", [3] + [2] * 4, by=ades_officer, capture=capture)
    return phase.programme  # both visits' reports published, each giving its round's figures


def final_cohort(programme) -> dict:
    return next(c for c in build(programme)["survey"]["cohorts"] if c["label"] == "final")


def test_pooled_and_weighted_differ_when_one_authority_is_large(two_authorities):
    cohort = final_cohort(two_authorities)

    statement = next(s for s in cohort["statements"] if s["text"].startswith("I enjoyed"))
    # Pooled: 10 of the 15 agree. Weighted: the mean of 90% and 20%.
    assert (statement["n"], statement["pooled_percent"], statement["weighted_percent"]) == (15, 67, 55)
    assert statement["authorities"] == 2
    assert (cohort["held"], cohort["rounds"], cohort["respondents"]) == (True, 2, 15)
    assert cohort["response_rate"] == "88% (15 of 17 invited)"
    assert len(cohort["statements"]) == 8


def test_a_round_below_the_threshold_or_still_open_counts_in_neither_figure(
    two_authorities, phase, ades_officer, django_capture_on_commit_callbacks
):
    before = final_cohort(two_authorities)
    capture = django_capture_on_commit_callbacks
    answered_round(phase, "Fife", [1] * 4, by=ades_officer, capture=capture)  # closed with too few
    answered_round(phase, "Angus", [1] * 6, by=ades_officer, close=False, capture=capture)  # still collecting

    after = final_cohort(two_authorities)

    assert after == before  # neither is mentioned: that a round exists, or closed with too few, is not public


@pytest.mark.parametrize(
    "change", [{"status": "cancelled", "cancellation_reason": "Snow"}, {"status": "proposed"}, {"meeting_of": "Quad 3"}]
)
def test_a_round_of_a_visit_the_public_may_not_see_counts_in_neither_figure(
    two_authorities, phase, ades_officer, django_capture_on_commit_callbacks, change
):
    """Even with its report published: a cancelled or proposed visit, or a Quad's meeting, is not in the report."""
    before = final_cohort(two_authorities)
    survey_round = answered_round(phase, "Fife", [1] * 6, by=ades_officer, capture=django_capture_on_commit_callbacks)
    type(survey_round.visit).objects.filter(pk=survey_round.visit_id).update(**change)

    after = final_cohort(two_authorities)

    assert after == before
    assert (after["respondents"], after["rounds"], after["response_rate"]) == (15, 2, "88% (15 of 17 invited)")


def test_a_round_whose_visit_report_is_not_published_counts_in_neither_figure(
    two_authorities, phase, ades_officer, django_capture_on_commit_callbacks
):
    before = final_cohort(two_authorities)
    capture = django_capture_on_commit_callbacks
    answered_round(phase, "Fife", [1] * 6, by=ades_officer, publish=False, capture=capture)

    after = final_cohort(two_authorities)

    assert after == before  # the round is not mentioned: that it exists is not public yet


def test_a_cohort_of_only_unpublished_visits_rounds_is_not_mentioned(
    two_authorities, phase, ades_officer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    answered_round(phase, "Fife", [1] * 6, by=ades_officer, cohort="Pilot", publish=False, capture=capture)

    assert [cohort["label"] for cohort in build(two_authorities)["survey"]["cohorts"]] == ["final"]


def test_only_the_round_a_published_report_gives_counts_never_an_earlier_or_a_later_one(
    phase, ades_officer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    earlier = answered_round(phase, "Fife", [1] * 6, by=ades_officer, publish=False, capture=capture)
    given = answered_round(phase, None, [4] * 5, by=ades_officer, capture=capture, visit=earlier.visit)
    answered_round(phase, None, [1] * 7, by=ades_officer, publish=False, capture=capture, visit=earlier.visit)

    cohort = final_cohort(phase.programme)

    assert given.visit.report.versions.get().content["survey"]["responses"] == 5
    assert (cohort["rounds"], cohort["respondents"], cohort["response_rate"]) == (1, 5, "100% (5 of 5 invited)")
    assert [(s["n"], s["pooled_percent"], s["weighted_percent"]) for s in cohort["statements"]] == [(5, 100, 100)] * 8


def test_a_round_counted_only_after_its_visits_report_was_published_counts_in_neither_figure(
    phase, ades_officer, django_capture_on_commit_callbacks
):
    """Closed before the report was published, but counted by the worker only after: the report gave no figures, so
    the round's are not public, and the evaluation must not be the first to show them."""
    capture = django_capture_on_commit_callbacks
    survey_round = answered_round(phase, "Fife", [1] * 6, by=ades_officer, close=False, capture=capture)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        release.close_round(survey_round=survey_round, by=ades_officer)  # the worker is busy: counting waits
    publish_report(survey_round.visit, by=ades_officer, capture=capture)
    release.count_released_round.call(survey_round.pk)  # the worker catches up

    content = build(phase.programme)

    assert survey_round.visit.report.versions.get().content["survey"] is None
    assert (content["survey"]["cohorts"], content["survey"]["unnamed_rounds"]) == ([], "")
    assert "The participant survey's figures: not recorded; no round's figures are public yet." in content["not_held"]


def text(response) -> str:
    return " ".join(response.content.decode().split())


def served(client, url) -> int:
    """The status of a published file's address; a file served is read to its end, which also closes it."""
    response = client.get(url)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    return response.status_code


def test_withdrawing_a_visit_report_withdraws_the_evaluation_versions_that_drew_on_it(
    two_authorities, phase, ades_officer, django_capture_on_commit_callbacks, client
):
    """Else the version with its figures and the next without them, side by side, would give them back."""
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        first = evaluation.publish(programme=two_authorities, by=ades_officer)
    fife = answered_round(phase, "Fife", [4] * 5, by=ades_officer, capture=capture).visit
    with capture(execute=True):
        second = evaluation.publish(programme=two_authorities, by=ades_officer)
    first.refresh_from_db(), second.refresh_from_db()
    assert (fife.pk in first.content["drew_on"], fife.pk in second.content["drew_on"]) == (False, True)
    assert served(client, second.file_url) == 200

    drafting.withdraw_report(report=fife.report, reason="A complaint", by=ades_officer)

    first.refresh_from_db(), second.refresh_from_db()
    assert (first.withdrawn_at, second.withdrawn_reason) == (None, "It drew on a visit report since withdrawn.")
    assert second.withdrawn_at is not None
    assert served(client, second.file_url) == 404
    assert served(client, first.file_url) == 200  # a version that did not draw on it stays served
    page = client.get(f"/evaluations/{two_authorities.slug}/")
    assert (page.context["current"], page.context["withdrawn"]) == (first, [second])
    assert first.superseded_at is None  # the current version again, as the archive and the programme page list it
    assert "Version 2, published" in text(page)
    assert "It drew on a visit report since withdrawn." in text(page)
    assert AuditEntry.objects.filter(kind="evaluation.withdrawn").get().summary == (
        f"Withdrew version 2 of the evaluation report of {two_authorities}: It drew on a visit report since withdrawn."
    )


def test_a_version_frozen_before_versions_said_what_they_drew_on_is_withdrawn_with_any_visit_report(
    two_authorities, ades_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = evaluation.publish(programme=two_authorities, by=ades_officer)
    EvaluationVersion.objects.filter(pk=version.pk).update(
        content={k: v for k, v in version.content.items() if k != "drew_on"}
    )
    glasgow = Visit.objects.get(hosts__name="Glasgow City")

    drafting.withdraw_report(report=glasgow.report, reason="A complaint", by=ades_officer)

    version.refresh_from_db()
    assert version.withdrawn_reason == "It drew on a visit report since withdrawn."


def test_a_report_frozen_before_reports_named_their_round_counts_none_and_says_so(
    two_authorities, django_capture_on_commit_callbacks
):
    """It gave figures, but not which round's: none of its visit's rounds is counted until it is published again."""
    version = ReportVersion.objects.get(report__visit__hosts__name="Orkney Islands")
    content = version.content
    del content["survey"]["round"]
    ReportVersion.objects.filter(pk=version.pk).update(content=content)

    survey = build(two_authorities)["survey"]

    (cohort,) = survey["cohorts"]
    assert (cohort["rounds"], cohort["respondents"]) == (1, 10)  # Glasgow's alone
    assert survey["unnamed_rounds"] == (
        "1 visit report was published before the portal recorded which round a report gives, so its survey figures "
        "are not counted here until it is published again."
    )


def test_a_cohort_whose_only_round_is_below_the_threshold_is_not_mentioned_and_the_survey_not_recorded(
    phase, ades_officer, django_capture_on_commit_callbacks
):
    answered_round(phase, "Fife", [4] * 4, by=ades_officer, cohort="Pilot ", capture=django_capture_on_commit_callbacks)

    content = build(phase.programme)

    assert content["survey"]["cohorts"] == []
    assert "The participant survey's figures: not recorded; no round's figures are public yet." in content["not_held"]


def test_a_joint_visits_hosts_weigh_as_one(phase, ades_officer, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    answered_round(phase, ["Orkney Islands", "Shetland Islands"], [4] * 5, by=ades_officer, capture=capture)
    answered_round(phase, "Fife", [1] * 5, by=ades_officer, capture=capture)

    statement = final_cohort(phase.programme)["statements"][0]

    assert (statement["pooled_percent"], statement["weighted_percent"], statement["authorities"]) == (50, 50, 2)


def test_the_published_pdf_shows_both_figures(two_authorities, ades_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = evaluation.publish(programme=two_authorities, by=ades_officer)

    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    statements = {s["text"]: s for s in version.content["survey"]["cohorts"][0]["statements"]}
    assert len(statements) == 8
    for statement_text, statement in statements.items():  # every statement answered alike: 10 of 15 agree, 90%, 20%
        assert (statement["n"], statement["pooled_percent"], statement["weighted_percent"]) == (15, 67, 55)
        assert f"{statement_text} 15 Pooled 67% Weighted 55% (2 authorities)" in text  # the row as the PDF gives it
    assert "Glasgow data can skew the overall picture" in text


def test_actions_are_counted_only_over_public_reports_of_three_authorities_or_more(
    two_authorities, phase, ades_officer, django_capture_on_commit_callbacks, client
):
    """Fewer, and the counts would be one authority's own tracking, which only it and ADES may read."""
    from reports.models import Action
    from reports.services.actions import make_actions

    capture = django_capture_on_commit_callbacks
    unpublished = answered_round(phase, "Angus", [4] * 5, by=ades_officer, publish=False, capture=capture).visit
    drafting.save_draft(report=drafting.start_report(visit=unpublished, by=ades_officer), by=ades_officer, **DRAFT)
    for visit in Visit.objects.filter(programme=two_authorities):
        make_actions(visit=visit, by=ades_officer)
    two = build(two_authorities)["actions"]
    client.force_login(ades_officer)
    held_back = text(client.get(f"/programmes/{two_authorities.slug}/evaluation/"))
    fife = answered_round(phase, "Fife", [4] * 5, by=ades_officer, capture=capture).visit
    make_actions(visit=fife, by=ades_officer)
    three = build(two_authorities)["actions"]
    drafting.withdraw_report(report=fife.report, reason="A complaint", by=ades_officer)

    assert Action.objects.filter(finding__visit__programme=two_authorities).count() == 8  # Angus's too
    assert (two["held_back"], two["actions"], two["actions_total"]) == (True, [], 0)
    assert (
        "Fewer than 3 authorities' published visits hold actions or follow-up sessions, so their counts are not "
        "given: they would be one authority's own tracking." in held_back
    )
    assert "Actions: not recorded." in held_back
    assert (three["held_back"], three["actions_total"], three["actions"][0]) == (False, 6, ["Not started", 6])
    assert build(two_authorities)["actions"]["held_back"] is True  # Fife's withdrawn: two authorities again
