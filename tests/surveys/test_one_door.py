"""Every survey figure goes through one door, surveys/results.py, which applies release, threshold, scope and the
reader's role. Two proofs: nothing else in the code or the templates reads the counters or the comments; and, asking
every URL the portal has as every kind of visitor, the pages that read figures are exactly those listed here, each
through the door. A new page that shows figures fails here until it is listed (and its rules tested)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from reports.services import drafting
from surveys import results
from surveys.models import SurveyRound
from surveys.services import release, responses
from tests.facts import CI_SURVEY_STATEMENTS
from tests.test_access_matrix import (
    VISITORS,
    _patterns,
    _url,
    world,  # noqa: F401  (the access table's fixture, asked for by `released`)
)

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ci_portal", "core", "authorities", "reviews", "surveys", "reports", "quads", "office")
STORED_ANSWERS = re.compile(
    r"\b(AnswerCounter|RespondentCounter|TextAnswer|SealedResponse|answer_counters|respondent_counters|text_answers"
    r"|sealed_responses|sealing|aggregation)\b"
)
# Where answers are stored (models), sealed (sealing, services/responses), opened and counted once (services/release,
# in the worker's task, which vacuums what it deleted), moderated (services/moderation: a comment's status, never its
# text), and read and summed (results, which alone uses aggregation.py); personal_data names the sealed responses for
# erasure, which services.responses.redact_sealed carries out.
MAY_TOUCH_ANSWERS = {
    "surveys/models.py",
    "surveys/sealing.py",
    "surveys/services/responses.py",
    "surveys/services/release.py",
    "surveys/services/moderation.py",
    "surveys/results.py",
    "surveys/personal_data.py",
}

# The pages that read figures, each through the door (what a published report shows was read through it when the
# version was frozen: reports.services.drafting.snapshot asks results.for_report).
PAGES_WITH_FIGURES = {
    "surveys:round-detail",  # whether released, and how many comments wait for moderation
    "surveys:round-results",
    "surveys:round-export",
    "surveys:round-results-pdf",
    "surveys:round-comments",
    "reviews:visit-detail",  # the stakeholders' views section
    "reviews:visit-pack",  # the same, in the pack
    "reports:report-preview",  # "Participants' views"
    "reports:evaluation-draft",  # the programme's survey by cohort (a published version froze what it read)
}


def test_nothing_but_the_door_reads_stored_answers():
    sources = [path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    templates = list((ROOT / "templates").rglob("*.html")) + list((ROOT / "core" / "templates").rglob("*.html"))

    touching = sorted(
        str(path.relative_to(ROOT)) for path in sources + templates if STORED_ANSWERS.search(path.read_text("utf-8"))
    )

    assert touching == sorted(MAY_TOUCH_ANSWERS)


@pytest.fixture
def released(db, request, django_capture_on_commit_callbacks):
    """The world's participant round and its stakeholder round, both answered by enough people and closed."""
    from authorities.models import Person

    access_world = request.getfixturevalue("world")
    participant = SurveyRound.objects.get(open_token__isnull=True)
    questions = {q.code: q for q in participant.questionnaire.questions.all()}
    for n in range(5):
        person = Person.objects.create(
            email=f"door{n}@example.scot",
            full_name=f"Door {n}",
            organisation=access_world["people"]["member"].organisation,
        )
        participant.invitations.create(person=person)
        responses.submit_response(
            invitation=participant.invitations.get(person=person),
            answers={questions[code]: 3 for code in CI_SURVEY_STATEMENTS} | {questions["improve"]: f"Comment {n}"},
        )
    stakeholder = SurveyRound.objects.get(open_token__isnull=False)
    statements = list(stakeholder.questionnaire.questions.filter(kind="likert4"))
    for _ in range(5):
        responses.submit_open_response(
            survey_round=stakeholder, role="head_teacher", answers=dict.fromkeys(statements, 4)
        )
    for survey_round in (participant, stakeholder):
        release.close_round(survey_round=survey_round, by=access_world["people"]["ades"])
    # Its visit's report corrected and published again, so that it gives the released round's figures: only then are
    # they public, and so in the programme's evaluation report.
    report, people = participant.visit.report, access_world["people"]
    with django_capture_on_commit_callbacks(execute=True):
        drafting.start_correction(report=report, by=people["ades"])
        drafting.submit_report(report=report, by=people["host_officer"])
        drafting.publish_report(report=report, by=people["ades"])
    return access_world


def test_the_pages_that_read_figures_are_the_listed_ones_and_each_reads_them_through_the_door(released, settings):
    asked: list[tuple] = []

    def record(sender, survey_round, reader, shown, **kwargs):
        asked.append((survey_round.pk, shown))

    results.figures_read.connect(record)
    seen: dict[str, set] = {}
    try:
        for name, route, converters in _patterns():
            url = _url(name, route, converters, released["values"])
            for visitor in VISITORS:
                client = Client()
                if visitor != "anonymous":
                    client.force_login(released["people"][visitor])
                asked.clear()
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                if asked:
                    seen.setdefault(name, set()).update(asked)
    finally:
        results.figures_read.disconnect(record)

    assert set(seen) == PAGES_WITH_FIGURES
    shown = {name for name, calls in seen.items() if any(was_shown for _, was_shown in calls)}
    assert shown == PAGES_WITH_FIGURES
