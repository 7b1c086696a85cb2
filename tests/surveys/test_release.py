"""A released round is final: tried through every door (its pages, data maintenance as an ADES officer and as a
superuser, the services called directly, the models and the database, and every management command), it keeps its
dates, its closing, its counters, its completions and its comments; only a comment's moderation may change."""

import datetime
import html
import io
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command, get_commands
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from authorities.choices import OrganisationKind
from surveys import results
from surveys.choices import Moderation
from surveys.models import RELEASED_IS_FINAL, AnswerCounter, Completion, RespondentCounter, SurveyRound, TextAnswer
from surveys.services import release, responses
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for, with_totp
from tests.facts import CI_SURVEY_STATEMENTS

TODAY = timezone.localdate()


@pytest.fixture
def released(reference, ades_officer, django_capture_on_commit_callbacks):
    """A round six of seven answered, each with a comment, closed: released. The seventh, Late Comer, has not."""
    visit = VisitFactory(hosts=["Angus"])
    people = [PersonFactory(organisation=organisation(authority__name="Fife")) for _ in range(6)]
    people.append(PersonFactory(full_name="Late Comer", email="late@example.scot"))
    for person in people:
        MembershipFactory(visit=visit, person=person)
    survey_round = survey_round_for(visit, by=ades_officer)
    for n, person in enumerate(people[:6]):
        answer(survey_round, person, value=4, comment=f"Comment {n}.")
    release.close_round(survey_round=survey_round, by=ades_officer)
    assert survey_round.released_at is not None
    return {"round": survey_round, "late": people[6], "visit": visit}


def answer(survey_round, person, value, comment=""):
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    answers = {questions[code]: value for code in CI_SURVEY_STATEMENTS} | {questions["improve"]: comment}
    responses.submit_response(invitation=survey_round.invitations.get(person=person), answers=answers)


def fingerprint(survey_round) -> dict:
    """Everything a later reading could be compared with, read from the database afresh."""
    row = SurveyRound.objects.filter(pk=survey_round.pk).values().get()
    return {
        "round": {name: value for name, value in row.items() if name != "updated_at"},
        "answers": sorted(AnswerCounter.objects.filter(survey_round=survey_round).values_list("pk", "count")),
        "respondents": sorted(RespondentCounter.objects.filter(survey_round=survey_round).values_list("pk", "count")),
        "comments": sorted(TextAnswer.objects.filter(survey_round=survey_round).values_list("pk", "question", "text")),
        "completions": sorted(Completion.objects.filter(invitation__survey_round=survey_round).values_list("pk")),
    }


def results_csv(survey_round, ades_officer) -> str:
    client = Client()
    client.force_login(ades_officer)
    return client.get(f"/surveys/rounds/{survey_round.pk}/results.csv").content.decode()


def test_its_pages_change_nothing_but_a_comment_shown(client, released, ades_officer):
    survey_round, late = released["round"], released["late"]
    before, csv_before = fingerprint(survey_round), results_csv(survey_round, ades_officer)
    token = survey_round.invitations.get(person=late).token
    client.force_login(ades_officer)
    later = (TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    comment = TextAnswer.objects.filter(survey_round=survey_round).first()

    reopen = client.post(f"/surveys/rounds/{survey_round.pk}/reopen/", {"closes_on": later})
    close = client.post(f"/surveys/rounds/{survey_round.pk}/close/")
    remind = client.post(f"/surveys/rounds/{survey_round.pk}/remind/", follow=True)
    respond = Client().post(f"/s/{token}/", {f"q_{code}": "1" for code in CI_SURVEY_STATEMENTS})
    moderate = client.post(f"/surveys/rounds/{survey_round.pk}/comments/", {"answer": comment.pk, "action": "publish"})

    assert "This round's results have been released, so it cannot be reopened" in html.unescape(reopen.content.decode())
    assert (close.status_code, moderate.status_code) == (302, 302)
    assert [str(m) for m in remind.context["messages"]] == [
        "The round is closed. Links now say so.",  # from the close before
        "The round is closed: reopen it before reminding anyone.",
    ]
    assert "This survey is closed" in respond.content.decode()
    assert (fingerprint(survey_round), results_csv(survey_round, ades_officer)) == (before, csv_before)
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED  # moderation is the one change a released round takes


def test_data_maintenance_shows_it_read_only_to_everyone(client, released, ades_officer):
    survey_round = released["round"]
    client.force_login(ades_officer)
    assert client.get(f"/admin/surveys/surveyround/{survey_round.pk}/change/").status_code == 302  # not theirs
    person = PersonFactory(email="root@example.scot", organisation=organisation(kind=OrganisationKind.ADES))
    person.is_superuser = True
    person.save()
    with_totp(person)  # as every superuser holds one
    client.force_login(person)
    before = fingerprint(survey_round)
    change = f"/admin/surveys/surveyround/{survey_round.pk}/change/"
    fields = {"cohort": "moved", "opens_on": "2020-01-01", "closes_on": "2099-01-01", "closed_at": ""}

    page = client.get(change)
    posted = client.post(change, fields)
    deleted = client.post(f"/admin/surveys/surveyround/{survey_round.pk}/delete/", {"post": "yes"})
    added = client.get("/admin/surveys/surveyround/add/")
    others = [
        client.get(f"/admin/surveys/{model}/").status_code for model in ("answercounter", "textanswer", "completion")
    ]

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert '<input type="text" name="closes_on"' not in page.content.decode()
    assert (posted.status_code, deleted.status_code, added.status_code) == (403, 403, 403)
    assert others == [404, 404, 404]
    assert fingerprint(survey_round) == before


def test_the_services_refuse_or_change_nothing(released, ades_officer):
    survey_round, late = released["round"], released["late"]
    before = fingerprint(survey_round)
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}

    with pytest.raises(ValidationError) as reopen:
        release.reopen_round(survey_round=survey_round, closes_on=TODAY + datetime.timedelta(days=3), by=ades_officer)
    with pytest.raises(responses.RoundClosed):
        answer(survey_round, late, value=1)
    with pytest.raises(responses.RoundClosed):
        responses.submit_open_response(survey_round=survey_round, role="other", answers={questions["enjoyed"]: 1})
    release.close_round(survey_round=survey_round, by=ades_officer)
    release.close_due_rounds(today=TODAY + datetime.timedelta(days=60))

    assert reopen.value.messages == [release.RELEASED_ROUNDS_STAY_CLOSED]
    assert fingerprint(survey_round) == before


def test_the_models_refuse_to_move_reopen_delete_or_reload_it(released, tmp_path):
    survey_round = SurveyRound.objects.get(pk=released["round"].pk)
    before = fingerprint(survey_round)

    attempts = []
    for change in ({"closed_at": None}, {"closes_on": TODAY + datetime.timedelta(days=30)}, {"cohort": "relabelled"}):
        for name, value in change.items():
            setattr(survey_round, name, value)
        with pytest.raises(ValidationError) as refused:
            survey_round.save()
        attempts.append(refused.value.messages)
        survey_round.refresh_from_db()
    with pytest.raises(ValidationError), transaction.atomic():
        survey_round.delete()
    dumped = io.StringIO()
    call_command("dumpdata", "surveys.surveyround", pks=str(survey_round.pk), stdout=dumped)
    fixture = json.loads(dumped.getvalue())
    fixture[0]["fields"] |= {"closed_at": None, "released_at": None, "closes_on": "2099-01-01"}
    path = tmp_path / "reopen.json"
    path.write_text(json.dumps(fixture))
    with pytest.raises(ValidationError), transaction.atomic():
        call_command("loaddata", str(path), stdout=io.StringIO())  # a fixture saves "raw", past save()

    assert attempts == [[RELEASED_IS_FINAL]] * 3
    assert fingerprint(survey_round) == before


def _refused_by_the_database(write) -> str:
    try:
        with transaction.atomic():
            write()
    except DatabaseError as error:
        return str(error).splitlines()[0]
    return "written"


def _bulk_writes(survey_round, late, *, around_the_models: bool) -> dict:
    """Each write a bulk query could make to a released round: through the models' managers, or around them, as a
    raw script would (Django's plain base managers, deletes and inserts that send no signals)."""
    managers = "_base_manager" if around_the_models else "objects"

    def rows(model, **lookup):
        return getattr(model, managers).filter(**lookup)

    def delete(queryset):
        return queryset._raw_delete(queryset.db) if around_the_models else queryset.delete()

    rounds = rows(SurveyRound, pk=survey_round.pk)
    counters = rows(AnswerCounter, survey_round=survey_round)
    comments = rows(TextAnswer, survey_round=survey_round)
    comment = TextAnswer(id=uuid.uuid4(), survey_round=survey_round, question=comments.first().question, text="x")
    invitation = survey_round.invitations.get(person=late)
    return {
        "reopen": lambda: rounds.update(closed_at=None),
        "unrelease": lambda: rounds.update(released_at=None, closed_at=None),
        "move its closing date": lambda: rounds.update(closes_on=F("closes_on") + 30),
        "relabel its cohort": lambda: rounds.update(cohort="elsewhere"),
        "delete it": lambda: delete(rounds),
        "change an answer": lambda: counters.update(count=F("count") + 1),
        "remove the counts": lambda: delete(counters),
        "add a respondent": lambda: rows(RespondentCounter, survey_round=survey_round).update(count=F("count") + 1),
        "mark someone answered": lambda: (
            Completion._base_manager.bulk_create([Completion(invitation=invitation)])
            if around_the_models
            else Completion.objects.create(invitation=invitation)
        ),
        "unmark someone": lambda: delete(rows(Completion, invitation__survey_round=survey_round)),
        "give an invitation to someone else": lambda: rows(type(invitation), pk=invitation.pk).update(
            person=survey_round.created_by
        ),
        "remove a comment": lambda: delete(comments),
        "add a comment": lambda: (
            TextAnswer._base_manager.bulk_create([comment]) if around_the_models else comment.save(force_insert=True)
        ),
    }


def test_the_models_refuse_bulk_writes_as_they_refuse_saves(released):
    survey_round, late = released["round"], released["late"]
    before = fingerprint(survey_round)

    refused = {}
    for name, write in _bulk_writes(survey_round, late, around_the_models=False).items():
        try:
            with transaction.atomic():
                write()
            refused[name] = "written"
        except ValidationError as error:
            refused[name] = error.messages[0]
        except DatabaseError:
            refused[name] = "refused by the database"

    # The manager's bulk writes and saves are refused with the model's words; a new owner for an invitation, which no
    # queryset guard sees, is refused by the database.
    assert refused == {
        **dict.fromkeys(refused, RELEASED_IS_FINAL),
        "give an invitation to someone else": "refused by the database",
    }
    assert fingerprint(survey_round) == before


def test_the_database_refuses_what_goes_around_the_models(released):
    survey_round, late = released["round"], released["late"]
    before = fingerprint(survey_round)
    final = f"survey round {survey_round.pk} has released its results: it is final"

    refused = {
        name: _refused_by_the_database(write)
        for name, write in _bulk_writes(survey_round, late, around_the_models=True).items()
    }
    comments = TextAnswer._base_manager.filter(survey_round=survey_round)
    reworded = _refused_by_the_database(lambda: comments.filter(pk=comments.first().pk).update(text="[name removed]."))

    assert refused == dict.fromkeys(refused, final)
    assert reworded == "written"  # erasure may remove a name typed into a comment
    after = fingerprint(survey_round)
    assert {key: value for key, value in after.items() if key != "comments"} == {
        key: value for key, value in before.items() if key != "comments"
    }


# The project's own commands, each run against a released round; a new command fails here until it is added.
COMMANDS = {
    "apply_retention": [],
    "close_survey_rounds": [],
    "create_demo_users": [],
    "erase_person": ["late@example.scot", "--yes"],
    "export_person": ["late@example.scot"],
    "identity_provider_from_env": [],
    "load_reference": [],
    "reapply_erasures": [],
    "send_action_reminders": [],
    "send_survey_reminders": [],
}


def test_every_management_command_leaves_it_as_it_was(released, ades_officer, settings, tmp_path):
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT = tmp_path
    survey_round = released["round"]
    before, csv_before = fingerprint(survey_round), results_csv(survey_round, ades_officer)
    project = {
        name
        for name, app in get_commands().items()
        if app in ("core", "authorities", "reviews", "surveys", "reports", "quads", "office")
    }

    outcomes = {}
    for name, arguments in COMMANDS.items():
        try:
            call_command(name, *arguments, stdout=io.StringIO(), stderr=io.StringIO())
            outcomes[name] = "ran"
        except CommandError as error:
            outcomes[name] = f"refused: {error}"

    assert project == set(COMMANDS)
    assert outcomes["erase_person"] == "ran"
    assert fingerprint(survey_round) == before
    assert results_csv(survey_round, ades_officer) == csv_before


def test_a_round_past_its_closing_date_is_released_by_the_daily_command_or_the_first_reading(reference, ades_officer):
    rounds = []
    for host in ("Angus", "Fife"):
        visit = VisitFactory(hosts=[host])
        people = [PersonFactory() for _ in range(5)]
        for person in people:
            MembershipFactory(visit=visit, person=person)
        survey_round = survey_round_for(visit, by=ades_officer, closes_on=TODAY + datetime.timedelta(days=1))
        for person in people:
            answer(survey_round, person, value=3)
        rounds.append(survey_round)
    later = TODAY + datetime.timedelta(days=2)

    closed = release.close_due_rounds(today=later)
    read = results.state(rounds[1], today=later)
    rounds[0].refresh_from_db()

    # The command closed both at the end of their closing day; each reading then finds it released, for good.
    assert (closed, read) == (2, results.State.RELEASED)
    assert rounds[0].closed_at == release.closing_moment(TODAY + datetime.timedelta(days=1))
    assert rounds[0].released_at is not None


def a_round_for_a_team_of(size: int, ades_officer):
    """A round of the CI survey for a new Angus visit whose team is `size` people; returns it and them."""
    visit = VisitFactory(hosts=["Angus"])
    people = [PersonFactory() for _ in range(size)]
    for person in people:
        MembershipFactory(visit=visit, person=person)
    return survey_round_for(visit, by=ades_officer), people


def test_a_round_closed_with_too_few_may_reopen_and_is_released_when_it_closes_with_enough(reference, ades_officer):
    survey_round, people = a_round_for_a_team_of(5, ades_officer)
    for person in people[:3]:
        answer(survey_round, person, value=3, comment="Early.")
    release.close_round(survey_round=survey_round, by=ades_officer)
    too_few = (results.state(survey_round), survey_round.released_at, TextAnswer.objects.count())

    release.reopen_round(survey_round=survey_round, closes_on=TODAY + datetime.timedelta(days=3), by=ades_officer)
    for person in people[3:]:
        answer(survey_round, person, value=3, comment="Late.")
    release.close_round(survey_round=survey_round, by=ades_officer)

    assert too_few == (results.State.TOO_FEW, None, 0)
    assert results.state(survey_round) == results.State.RELEASED
    assert sorted(TextAnswer.objects.values_list("text", flat=True)) == ["Early."] * 3 + ["Late."] * 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_releases_a_closed_round_outside_the_request_and_it_is_final_meanwhile(client, ades_officer):
    import subprocess

    from django.test import override_settings

    from authorities.services.reference import load_authorities
    from tests.core.test_processes import DATABASE_BACKEND, ROOT, environment, procfile

    load_authorities()
    visit = VisitFactory(hosts=["Angus"])
    people = [PersonFactory(organisation=organisation(authority__name="Fife")) for _ in range(5)]
    for person in people:
        MembershipFactory(visit=visit, person=person)
    survey_round = survey_round_for(visit, by=ades_officer)
    for person in people:
        answer(survey_round, person, value=3, comment="Counted by the worker.")
    client.force_login(ades_officer)
    with override_settings(TASKS=DATABASE_BACKEND):
        client.post(f"/surveys/rounds/{survey_round.pk}/close/")
        waiting = " ".join(
            html.unescape(client.get(f"/surveys/rounds/{survey_round.pk}/results/").content.decode()).split()
        )
        with pytest.raises(ValidationError):
            release.reopen_round(
                survey_round=survey_round, closes_on=TODAY + datetime.timedelta(days=3), by=ades_officer
            )
    survey_round.refresh_from_db()
    before = (
        survey_round.closed_at is not None,
        survey_round.released_at is not None,
        survey_round.sealed_responses.count(),
    )

    worker = subprocess.run(
        [*procfile()["worker"].split(), "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment(DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    survey_round.refresh_from_db()
    # Closed and released by the click, so final from then on; counted by the worker, not in the request.
    assert before == (True, True, 5)
    assert "its results are being counted" in waiting
    assert worker.returncode == 0, worker.stderr
    assert survey_round.released_at is not None
    assert (survey_round.sealed_responses.count(), TextAnswer.objects.filter(survey_round=survey_round).count()) == (
        0,
        5,
    )
    with connection.cursor() as cursor:  # vacuumed: no deleted response is left in the files to be read back
        cursor.execute(
            "SELECT pg_relation_size(c.oid) + pg_relation_size(c.reltoastrelid) FROM pg_class c "
            "WHERE c.relname = 'surveys_sealedresponse'"
        )
        assert cursor.fetchone()[0] == 0
    assert "Agree: 5 (100%)" in client.get(f"/surveys/rounds/{survey_round.pk}/results/").content.decode()


def test_a_round_whose_responses_cannot_be_opened_waits_and_counts_none_of_them(reference, ades_officer, settings):
    survey_round, people = a_round_for_a_team_of(6, ades_officer)
    for person in people[:4]:
        answer(survey_round, person, value=4)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a key rotated without keeping the old one"
    for person in people[4:]:
        answer(survey_round, person, value=1)

    release.close_round(survey_round=survey_round, by=ades_officer)
    waiting = (results.state(survey_round), AnswerCounter.objects.filter(survey_round=survey_round).count())
    settings.SECRET_KEY_FALLBACKS = [old_key]  # the old key put back, as the README says to keep it
    release.close_due_rounds()

    assert waiting == (results.State.COUNTING, 0)  # never the figures of two of the six
    assert results.state(survey_round) == results.State.RELEASED
    assert list(
        RespondentCounter.objects.filter(survey_round=survey_round, count__gt=0).values_list("count", flat=True)
    ) == [6]


def test_reopening_gives_back_the_links_retention_cleared_while_it_was_closed(reference, ades_officer, mailoutbox):
    from core import retention
    from surveys.services import rounds

    survey_round, people = a_round_for_a_team_of(4, ades_officer)
    answer(survey_round, people[0], value=3)
    release.close_round(survey_round=survey_round, by=ades_officer)  # one response: too few
    retention.apply()
    cleared = survey_round.invitations.filter(token__isnull=False).count()

    release.reopen_round(survey_round=survey_round, closes_on=TODAY + datetime.timedelta(days=3), by=ades_officer)
    mailoutbox.clear()
    reminded = rounds.remind_round(survey_round=survey_round, by=None)

    assert cleared == 0
    assert survey_round.invitations.filter(token__isnull=True).values_list("person", flat=True).get() == people[0].pk
    assert reminded == 3


def test_a_count_queued_under_the_tasks_old_path_still_finds_its_work():
    from django.utils.module_loading import import_string

    assert import_string("surveys.tasks.count_released_round") is release.count_released_round
    assert release.count_released_round.module_path == "surveys.services.release.count_released_round"
