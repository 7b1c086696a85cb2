"""The evaluation report's participant survey by cohort: pooled and weighted by authority over exactly the same
rounds, only rounds whose own figures may already be shown, and "not recorded" for a cohort with none."""

import io

import pytest
from pypdf import PdfReader

from reports.evaluation_content import build
from reports.services import evaluation
from surveys.services import release, responses
from tests.factories import PersonFactory, PhaseFactory, VisitFactory, organisation, survey_round_for

ENJOYED = "enjoyed"


@pytest.fixture
def phase(reference):
    return PhaseFactory()


def answered_round(phase, host, values, *, by, cohort="final", invited_extra=0, close=True, capture=None):
    """A participant round of a visit hosted by `host`, one response per value (every statement answered so)."""
    visit = VisitFactory(phase=phase, hosts=[host] if isinstance(host, str) else host)
    survey_round = survey_round_for(visit, by=by, cohort=cohort)
    questions = list(survey_round.questionnaire.questions.filter(kind="likert4"))
    for index in range(len(values) + invited_extra):
        person = PersonFactory(organisation=organisation(authority__name="Moray"))
        invitation = survey_round.invitations.create(person=person)
        if index < len(values):
            responses.submit_response(invitation=invitation, answers=dict.fromkeys(questions, values[index]))
    if close:
        with capture(execute=True):
            release.close_round(survey_round=survey_round, by=by)
    return survey_round


@pytest.fixture
def two_authorities(phase, ades_officer, django_capture_on_commit_callbacks):
    """Glasgow: 10 responses, 9 agreeing (90%); Orkney: 5 responses, 1 agreeing (20%)."""
    capture = django_capture_on_commit_callbacks
    answered_round(phase, "Glasgow City", [4] * 9 + [1], by=ades_officer, invited_extra=2, capture=capture)
    answered_round(phase, "Orkney Islands", [3] + [2] * 4, by=ades_officer, capture=capture)
    return phase.programme


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

    assert after["statements"] == before["statements"]
    assert (after["respondents"], after["rounds"]) == (15, 2)
    assert after["why"] == [  # why, never which visit's: the report is public
        "1 round left out. This round closed with fewer than 5 responses, so no results are shown: they could tell "
        "what one person answered.",
        "1 round left out. Results appear when the round closes, if 5 or more people responded.",
    ]


def test_a_cohort_whose_only_round_is_below_the_threshold_is_not_recorded_with_the_reason(
    phase, ades_officer, django_capture_on_commit_callbacks
):
    answered_round(phase, "Fife", [4] * 4, by=ades_officer, cohort="Pilot ", capture=django_capture_on_commit_callbacks)

    (cohort,) = build(phase.programme)["survey"]["cohorts"]

    assert (cohort["label"], cohort["held"], cohort["respondents"], cohort["response_rate"]) == (
        "Pilot",
        False,
        None,
        "not recorded",
    )
    assert cohort["statements"] == []
    assert "closed with fewer than 5 responses" in cohort["why"][0]


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
    assert "Pooled 67%" in text
    assert "Weighted 55% (2 authorities)" in text
    assert "Glasgow data can skew the overall picture" in text
