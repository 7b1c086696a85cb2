"""Attacks on survey anonymity, one per way in: each tries to learn what one named colleague answered.

Results exist only for a round whose release is recorded: closed with at least CI_PORTAL_SURVEY_MIN_GROUP
responses (surveys/results.py); breakdowns withhold enough that nothing can be worked out by subtraction; answers are
counters, every one of a round rewritten by each submission, and free text is sealed until release and then written
shuffled, so nothing stored can be paired with the invitations marked answered, by any key, order or transaction.
"""

import datetime
import html
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from authorities.choices import OrganisationKind, Role
from reports.services import drafting as reports
from surveys import aggregation
from surveys.models import (
    AnswerCounter,
    Completion,
    Invitation,
    RespondentCounter,
    SealedResponse,
    SurveyRound,
    TextAnswer,
)
from surveys.services import release, responses
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for
from tests.facts import CI_SURVEY_STATEMENTS

VISITORS = ["ades", "host_officer", "member", "anonymous"]
DOWNLOADS = ["results.csv", "results.xlsx", "results.pdf", "answers.csv"]
COLLECTING = "Results appear when the round closes, if 5 or more people responded."
TOO_FEW = "This round closed with fewer than 5 responses, so no results are shown"


@pytest.fixture
def world(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people = {
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES)),
        "host_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "member": PersonFactory(),
    }
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date(2026, 3, 3))  # over: its team is surveyed
    team = [
        PersonFactory(full_name=f"Colleague {n}", organisation=organisation(authority__name="Fife")) for n in range(8)
    ]
    for person in [people["member"], *team]:
        MembershipFactory(visit=visit, person=person)
    return {"people": people, "visit": visit, "team": team, "round": survey_round_for(visit, by=people["ades"])}


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def answer(survey_round, person, value=4, comment=""):
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    answers = {questions[code]: value for code in CI_SURVEY_STATEMENTS}
    if comment:
        answers[questions["improve"]] = comment
    return responses.submit_response(invitation=survey_round.invitations.get(person=person), answers=answers)


def invite(world, **person):
    """Someone more on the visit's team, invited to its round after it opened."""
    person = PersonFactory(**person)
    MembershipFactory(visit=world["visit"], person=person)
    world["round"].invitations.create(person=person)
    return person


def close(survey_round):
    release.close_round(survey_round=survey_round, by=survey_round.created_by)


def everything_a_visitor_can_read(client, world, visitor) -> dict:
    """Every page, download and report section that could carry a figure, as one visitor sees it."""
    survey_round = world["round"]
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    base = f"/surveys/rounds/{survey_round.pk}/"
    seen = {path: client.get(base + path) for path in ["", "results/", "comments/", *DOWNLOADS]}
    report = reports.start_report(visit=world["visit"], by=world["people"]["host_officer"])
    seen["report section"] = reports.snapshot(report)["survey"]
    return seen


def statuses(seen) -> dict:
    return {path: response.status_code for path, response in seen.items() if path != "report section"}


NOTHING_BUT_COUNTS = {
    # The officers running the round see how many answered, and who has not; nothing derived from answers.
    "ades": {"": 200, "results/": 200, "comments/": 200, **dict.fromkeys(DOWNLOADS, 404)},
    "host_officer": {"": 404, "results/": 200, "comments/": 404, **dict.fromkeys(DOWNLOADS, 404)},
    "member": {"": 404, "results/": 404, "comments/": 404, **dict.fromkeys(DOWNLOADS, 404)},
    "anonymous": {"": 404, "results/": 404, "comments/": 404, **dict.fromkeys(DOWNLOADS, 404)},
}


def assert_no_figures(seen, visitor, why):
    assert statuses(seen) == NOTHING_BUT_COUNTS[visitor]
    assert seen["report section"] is None
    results = seen["results/"]
    if results.status_code == 200:
        figures = results.context["figures"]
        assert (figures.shown, figures.statements, figures.by_kind, figures.comments) == (False, [], None, [])
        assert results.context["chart"] == ""
        body = text(results)
        assert why in body
        assert "% of" not in body
        assert "Strongly agree" not in body


@pytest.mark.parametrize("visitor", VISITORS)
def test_one_response_while_open_shows_nothing_derived_from_it(client, world, visitor):
    answer(world["round"], world["team"][0], value=1, comment="Colleague 0 found the focus groups unhelpful.")

    seen = everything_a_visitor_can_read(client, world, visitor)

    assert_no_figures(seen, visitor, COLLECTING)
    if visitor == "ades":
        page = text(seen[""])
        assert "1 of 9 responded (11%)" in page
        assert COLLECTING in page
        # Only those still to answer are named, for reminders: the one who answered is not.
        assert "Colleague 0" not in page
        assert all(f"Colleague {n}" in page for n in range(1, 8))
        assert "focus groups unhelpful" not in seen["comments/"].content.decode()


@pytest.mark.parametrize("visitor", VISITORS)
def test_one_response_after_close_shows_nothing_ever(client, world, visitor):
    answer(world["round"], world["team"][0], value=1, comment="Colleague 0 found the focus groups unhelpful.")
    close(world["round"])

    seen = everything_a_visitor_can_read(client, world, visitor)

    assert_no_figures(seen, visitor, TOO_FEW)
    if visitor == "ades":
        assert "focus groups unhelpful" not in seen["comments/"].content.decode()


def test_the_comments_of_an_unreleased_round_stay_sealed_and_cannot_be_moderated(client, world):
    answer(world["round"], world["team"][0], comment="Colleague 0 found the focus groups unhelpful.")
    close(world["round"])
    client.force_login(world["people"]["ades"])

    posted = client.post(
        f"/surveys/rounds/{world['round'].pk}/comments/", {"answer": uuid.uuid4(), "action": "publish"}
    )

    assert posted.status_code == 404
    assert TextAnswer.objects.count() == 0
    assert b"focus groups" not in bytes(SealedResponse.objects.get().sealed)


def test_six_responses_while_open_then_a_seventh_cannot_be_differenced(client, world):
    survey_round, team = world["round"], world["team"]
    for person in team[:6]:
        answer(survey_round, person, value=4)
    client.force_login(world["people"]["ades"])
    url = f"/surveys/rounds/{survey_round.pk}/results/"

    while_open = client.get(url)
    answer(survey_round, team[6], value=1)
    after_seventh = client.get(url)
    close(survey_round)
    released = client.get(url)

    # Two readings while open show nothing to compare; the single reading after closing mixes all seven.
    readings = [reading.context["figures"] for reading in (while_open, after_seventh)]
    assert [(figures.why_not, figures.statements) for figures in readings] == [(COLLECTING, [])] * 2
    enjoyed = released.context["figures"].statements[0]
    assert (enjoyed.n, [level.count for level in enjoyed.levels]) == (7, [6, 0, 0, 1])


def test_a_released_round_cannot_be_reopened_and_latecomers_get_a_follow_on_round(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    survey_round, team = world["round"], world["team"]
    for person in team[:6]:
        answer(survey_round, person)
    close(survey_round)
    client.force_login(world["people"]["ades"])
    client.get(f"/surveys/rounds/{survey_round.pk}/results/")
    new_closing = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")

    refused = client.post(f"/surveys/rounds/{survey_round.pk}/reopen/", {"closes_on": new_closing})
    survey_round.refresh_from_db()
    with pytest.raises(responses.RoundClosed):
        answer(survey_round, team[6], value=1)
    with pytest.raises(ValidationError):
        release.reopen_round(survey_round=survey_round, closes_on=timezone.localdate(), by=world["people"]["ades"])
    mailoutbox.clear()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        follow_on = client.post(
            f"/surveys/rounds/new/?follows={survey_round.pk}",
            {
                "questionnaire": survey_round.questionnaire.pk,
                "cohort": "final",
                "opens_on": today.strftime("%d/%m/%Y"),
                "closes_on": new_closing,
                "send": "yes",
            },
        )

    body = text(refused)
    assert "This round's results have been released, so it cannot be reopened" in body
    assert "Start a follow-on round" in body
    assert survey_round.closed_at is not None
    second = SurveyRound.objects.get(follows=survey_round)
    assert follow_on["Location"] == f"/surveys/rounds/{second.pk}/"
    assert second.visit == world["visit"]
    # The whole audience again: a list of only those who did not answer the first would name them.
    assert set(second.invitations.values_list("person", flat=True)) == set(
        survey_round.invitations.values_list("person", flat=True)
    )
    assert second.invitations.count() == 9
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        Invitation.objects.filter(survey_round=second).values_list("person__email", flat=True)
    )


def test_a_round_closed_with_too_few_may_reopen_since_nothing_was_shown(world):
    answer(world["round"], world["team"][0])
    close(world["round"])

    release.reopen_round(survey_round=world["round"], closes_on=timezone.localdate(), by=world["people"]["ades"])

    assert world["round"].is_open()


def solve_by_subtraction(total: int, cells, known_zero: set[int]) -> dict[int, int]:
    """The attacker's arithmetic: withheld cells, less those known to be empty, that are alone in their row."""
    withheld = [i for i, cell in enumerate(cells) if cell.suppressed and i not in known_zero]
    if len(withheld) != 1:
        return {}
    shown = sum(cell.n for cell in cells if not cell.suppressed)
    return {withheld[0]: total - shown}


def test_a_breakdown_with_one_small_cell_cannot_be_worked_out_by_subtraction(client, world):
    survey_round = world["round"]
    for person in world["team"]:
        answer(survey_round, person, value=4)
    for n in range(3):
        person = invite(
            world, full_name=f"Inspector {n}", organisation=organisation(kind=OrganisationKind.EDUCATION_SCOTLAND)
        )
        answer(survey_round, person, value=1)
    close(survey_round)
    client.force_login(world["people"]["ades"])

    results = client.get(f"/surveys/rounds/{survey_round.pk}/results/").context["figures"]
    by_kind = results.by_kind
    known_zero = {2, 3}  # ADES and Other: nobody of either kind was invited
    solved = [solve_by_subtraction(results.respondents, by_kind.respondents, known_zero)]
    for statement, (_, cells) in zip(results.statements, by_kind.rows, strict=True):
        solved.append(solve_by_subtraction(statement.n, cells, known_zero))

    # Eight local authority staff and three inspectors: the three alone would be the total less the eight.
    assert [cell.n for cell in by_kind.respondents] == [8, 3, 0, 0]
    assert [cell.suppressed for cell in by_kind.respondents] == [True, True, True, True]
    assert solved == [{}] * 9


def test_cohorts_compare_only_released_rounds(client, world):
    ades = world["people"]["ades"]
    released = world["round"]
    for person in world["team"][:5]:
        answer(released, person, value=4)
    close(released)
    small_visit = VisitFactory(hosts=["Moray"])
    small_team = [PersonFactory() for _ in range(2)]
    for person in small_team:
        MembershipFactory(visit=small_visit, person=person)
    small = survey_round_for(small_visit, by=ades, cohort="final")
    for person in small_team:
        answer(small, person, value=1)
    close(small)
    client.force_login(ades)

    by_cohort = client.get(f"/surveys/rounds/{released.pk}/results/").context["figures"].by_cohort

    # The small round's two answers would be the cohort's figures less the released round's.
    assert by_cohort.groups == ["final"]
    assert [cell.n for cell in by_cohort.respondents] == [5]


def test_the_per_response_export_is_gone(client, world):
    for person in world["team"][:6]:
        answer(world["round"], person)
    close(world["round"])
    client.force_login(world["people"]["ades"])

    assert client.get(f"/surveys/rounds/{world['round'].pk}/answers.csv").status_code == 404


@pytest.mark.parametrize("visitor", ["ades", "host_officer"])
def test_a_released_round_shows_its_figures_in_every_form(client, world, visitor):
    for person in world["team"][:5]:
        answer(world["round"], person, value=3)
    answer(world["round"], world["people"]["member"], value=2)
    close(world["round"])

    seen = everything_a_visitor_can_read(client, world, visitor)

    assert seen["results/"].context["figures"].statements[0].agreeing_percent == 83
    assert seen["results.csv"].status_code == 200
    assert "I enjoyed participating in the Collaborative Improvement process.,6" in seen["results.csv"].content.decode()
    assert seen["results.pdf"]["Content-Type"] == "application/pdf"
    assert seen["report section"]["rows"][0] == (
        "I enjoyed participating in the Collaborative Improvement process.",
        6,
        83,
    )


# --- The database itself ---------------------------------------------------------------------------------------

RESPONDENTS = 30
FAR_BETTER_THAN_CHANCE = 8  # a random pairing of 30 gets about one right; 9 or more happens about once in a million


def _orderings(model) -> dict[str, list]:
    """Every way a copy of the table can be ordered: each column, the physical row order, the writing transaction."""
    table = model._meta.db_table
    key = model._meta.pk.column
    orders = {}
    with connection.cursor() as cursor:
        for field in model._meta.concrete_fields:
            cursor.execute(f'SELECT "{key}" FROM "{table}" ORDER BY "{field.column}", "{key}"')
            orders[field.column] = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT "{key}" FROM "{table}" ORDER BY ctid')
        orders["row order"] = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT "{key}" FROM "{table}" ORDER BY xmin::text::bigint, ctid')
        orders["transaction"] = [row[0] for row in cursor.fetchall()]
    return orders


def _thirty_answer_in_a_known_order(world) -> list:
    """Thirty colleagues answer one after another, each with a comment that says who they are."""
    survey_round = world["round"]
    for n in range(RESPONDENTS - 9):
        person = PersonFactory(full_name=f"Extra {n}", organisation=organisation(authority__name="Fife"))
        MembershipFactory(visit=world["visit"], person=person)
        survey_round.invitations.create(person=person)
    people = [invitation.person for invitation in survey_round.invitations.select_related("person").order_by("?")]
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    for position, person in enumerate(people):
        responses.submit_response(
            invitation=survey_round.invitations.get(person=person),
            answers={questions["enjoyed"]: position % 4 + 1, questions["improve"]: f"Respondent {position}"},
        )
    return people


def _bytes_anywhere(needle: str) -> list[str]:
    """Every table and column of the database whose text or bytes hold `needle`."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'bytea', 'jsonb')"
        )
        for table, column, data_type in cursor.fetchall():
            value = f'"{column}"' if data_type == "bytea" else f"convert_to(\"{column}\"::text, 'UTF8')"
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE position(%s in {value}) > 0', [needle.encode()])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_while_a_round_is_open_no_copy_of_the_database_holds_an_answer(world):
    _thirty_answer_in_a_known_order(world)

    # No count to read, to compare with an earlier copy, or to find in an earlier row version; no comment; thirty
    # sealed responses of one size, whatever each holds.
    assert (AnswerCounter.objects.count(), RespondentCounter.objects.count(), TextAnswer.objects.count()) == (0, 0, 0)
    assert SealedResponse.objects.filter(survey_round=world["round"]).count() == RESPONDENTS
    sizes = {len(bytes(sealed)) for sealed in SealedResponse.objects.values_list("sealed", flat=True)}
    assert sizes == {responses.sealed_size(world["round"]) + 12 + 16}
    assert _bytes_anywhere("Respondent 7") == []


def test_a_copy_of_the_database_pairs_no_comment_with_its_author_better_than_chance(world):
    people = _thirty_answer_in_a_known_order(world)
    close(world["round"])
    in_known_order = [f"Respondent {position}" for position in range(len(people))]

    linked = {}
    for name, order in _orderings(TextAnswer).items():
        texts = dict(TextAnswer.objects.values_list("pk", "text"))
        comments = [texts[pk] for pk in order]
        for direction, ordered in (("", comments), (" reversed", comments[::-1])):
            linked[f"comment {name}{direction}"] = sum(a == b for a, b in zip(ordered, in_known_order, strict=True))

    assert TextAnswer.objects.count() == RESPONDENTS
    assert SealedResponse.objects.count() == 0
    assert _bytes_anywhere("Respondent 7") == ["surveys_textanswer.text"]  # released: the same search finds it now
    assert {name: count for name, count in linked.items() if count > FAR_BETTER_THAN_CHANCE} == {}


def test_two_copies_of_the_database_either_side_of_an_answer_differ_by_nothing_readable(world):
    survey_round = world["round"]
    answer(survey_round, world["team"][0], value=4, comment="Before the copy.")
    before = _copy()
    answer(survey_round, world["team"][1], value=1, comment="Between the copies.")

    added = {table: rows - before.get(table, set()) for table, rows in _copy().items()}

    # What the second answer added: that Colleague 1 answered, and one sealed response like every other.
    assert {table: len(rows) for table, rows in added.items() if rows} == {
        "surveys_completion": 1,
        "surveys_sealedresponse": 1,
    }
    assert _bytes_anywhere("Between the copies") == []


def _copy() -> dict[str, set]:
    """Every row of the survey tables, as a dump of the database would hold them."""
    tables = [
        "surveys_completion",
        "surveys_sealedresponse",
        "surveys_answercounter",
        "surveys_respondentcounter",
        "surveys_textanswer",
    ]
    copy = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            copy[table] = {
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()
            }
    return copy


def test_nothing_stored_about_answering_records_a_time_or_an_order():
    orderable = {
        model.__name__: [
            field.name
            for field in model._meta.concrete_fields
            if field.get_internal_type() in ("DateTimeField", "DateField", "AutoField", "BigAutoField")
        ]
        for model in (Completion, TextAnswer, SealedResponse)
    }

    assert orderable == {"Completion": [], "TextAnswer": [], "SealedResponse": []}
    assert [field.name for field in Completion._meta.concrete_fields] == ["invitation"]
    assert re.fullmatch(r"UUIDField", TextAnswer._meta.pk.get_internal_type())


def test_counters_are_written_all_at_once_when_the_round_is_released(world):
    survey_round = world["round"]
    for person in world["team"][:5]:
        answer(survey_round, person, value=3)
    close(survey_round)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM surveys_answercounter WHERE survey_round_id = %s", [survey_round.pk]
        )
        writers = cursor.fetchall()

    # One transaction wrote them, every one (those at zero too), in one fixed order of question, kind and value.
    keys = list(AnswerCounter.objects.filter(survey_round=survey_round).order_by("pk").values_list("pk", flat=True))
    assert (len(writers), len(keys)) == (1, 8 * 4 * 4)
    assert keys == list(range(keys[0], keys[0] + len(keys)))


def test_withheld_groups_together_are_never_fewer_than_the_threshold(client, world):
    survey_round = world["round"]
    for person in world["team"][:5]:
        answer(survey_round, person, value=4)
    for kind in (OrganisationKind.EDUCATION_SCOTLAND, OrganisationKind.ADES):  # one of each, named on the team list
        answer(survey_round, invite(world, organisation=organisation(kind=kind)), value=1)
    close(survey_round)
    client.force_login(world["people"]["host_officer"])

    figures = client.get(f"/surveys/rounds/{survey_round.pk}/results/").context["figures"]
    rows = [(figures.respondents, figures.by_kind.respondents)]
    rows += [(s.n, cells) for s, (_, cells) in zip(figures.statements, figures.by_kind.rows, strict=True)]
    worked_out = [total - sum(cell.n for cell in cells if not cell.suppressed) for total, cells in rows]

    # The two who disagreed are 2 of 7: shown beside the five who all agreed, each would be known to have disagreed.
    assert [cell.shown for cell in figures.by_kind.respondents] == [aggregation.SUPPRESSED] * 4
    assert [n for n in worked_out if 0 < n < 5] == []
