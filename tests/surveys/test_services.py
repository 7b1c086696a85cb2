import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from authorities.choices import OrganisationKind
from surveys import sealing
from surveys.choices import Moderation
from surveys.models import (
    AnswerCounter,
    Completion,
    Invitation,
    Reminder,
    RespondentCounter,
    SealedResponse,
    TextAnswer,
)
from surveys.services import moderation, release, responses, rounds
from tests.factories import MembershipFactory, PersonFactory, PhaseFactory, VisitFactory, organisation, survey_round_for

TODAY = datetime.date.today()


@pytest.fixture
def team_visit(reference):
    visit = VisitFactory(hosts=["Angus"])
    for lookup in (
        {"authority__name": "Angus"},
        {"kind": OrganisationKind.EDUCATION_SCOTLAND},
        {"kind": OrganisationKind.HMIE},
    ):
        MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(**lookup)))
    return visit


def answers_for(survey_round, **values):
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    return {questions[code]: value for code, value in values.items()}


def counted(survey_round, settings=None) -> dict:
    """The round's counters that are not zero once it is released (with a threshold of one, when `settings` is
    given): (question, kind, value) -> count, and kind -> respondents."""
    if settings is not None:
        settings.SURVEY_MIN_GROUP = 1
        release.close_round(survey_round=survey_round, by=survey_round.created_by)
    answers = AnswerCounter.objects.filter(survey_round=survey_round, count__gt=0)
    respondents = RespondentCounter.objects.filter(survey_round=survey_round, count__gt=0)
    return {
        **{(c.question.code, c.respondent_kind, c.value): c.count for c in answers.select_related("question")},
        **dict(respondents.values_list("respondent_kind", "count")),
    }


def test_opening_a_round_emails_each_team_member_their_own_link(
    team_visit, ades_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey_round = survey_round_for(team_visit, by=ades_officer)

    invitations = list(survey_round.invitations.select_related("person"))
    assert sorted(i.person.email for i in invitations) == sorted(m.to[0] for m in mail.outbox)
    assert len({i.token for i in invitations}) == 3
    for message in mail.outbox:
        token = Invitation.objects.get(person__email=message.to[0]).token
        assert f"http://127.0.0.1:8000/s/{token}/" in message.body


def test_a_phase_round_invites_everyone_on_its_teams_once(reference, ades_officer):
    from surveys.services.questionnaires import load_ci_questionnaire
    from surveys.services.rounds import open_round

    phase = PhaseFactory()
    person = PersonFactory()
    for hosts in (["Angus"], ["Fife"]):
        MembershipFactory(visit=VisitFactory(phase=phase, hosts=hosts), person=person)
    MembershipFactory(visit=VisitFactory(phase=phase, hosts=["Moray"]))

    survey_round = open_round(
        questionnaire=load_ci_questionnaire(),
        phase=phase,
        cohort="interim",
        by=ades_officer,
        opens_on=TODAY,
        closes_on=TODAY,
    )

    assert survey_round.invitations.count() == 2


def test_submitting_seals_the_answers_and_marks_the_invitation(team_visit, ades_officer, settings):
    survey_round = survey_round_for(team_visit, by=ades_officer)
    invitation = survey_round.invitations.get(person__organisation__kind=OrganisationKind.HMIE)
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}

    responses.submit_response(
        invitation=invitation, answers=answers_for(survey_round, enjoyed=4, openness=3, most_valuable="The challenge.")
    )

    # Nothing readable is stored while the round collects: no counter, no comment; one sealed response.
    sealed = SealedResponse.objects.get(survey_round=survey_round).sealed
    assert (AnswerCounter.objects.count(), RespondentCounter.objects.count(), TextAnswer.objects.count()) == (0, 0, 0)
    assert b"The challenge." not in bytes(sealed)
    assert sealing.unseal(sealed) == {  # HM Inspectors count with Education Scotland
        "kind": "education_scotland",
        "counted": [(questions["enjoyed"].pk, 4), (questions["openness"].pk, 3)],
        "texts": [(questions["most_valuable"].pk, "The challenge.")],
    }
    assert Completion.objects.get().invitation == invitation
    assert counted(survey_round, settings) == {
        ("enjoyed", "education_scotland", 4): 1,
        ("openness", "education_scotland", 3): 1,
        "education_scotland": 1,
    }
    assert list(TextAnswer.objects.values_list("text", flat=True)) == ["The challenge."]


def test_every_sealed_response_of_a_questionnaire_has_one_size(team_visit, ades_officer):
    survey_round = survey_round_for(team_visit, by=ades_officer)
    people = list(survey_round.invitations.all())

    responses.submit_response(invitation=people[0], answers=answers_for(survey_round, enjoyed=4))
    responses.submit_response(invitation=people[1], answers=answers_for(survey_round, enjoyed=1, improve="🙂" * 5000))

    sizes = {len(bytes(sealed)) for sealed in SealedResponse.objects.values_list("sealed", flat=True)}
    assert sizes == {responses.sealed_size(survey_round) + 12 + 16}  # the nonce and the tag


def test_counters_are_written_at_release_every_one_of_them(team_visit, ades_officer, settings):
    survey_round = survey_round_for(team_visit, by=ades_officer)
    responses.submit_response(invitation=survey_round.invitations.first(), answers=answers_for(survey_round, enjoyed=2))
    before = AnswerCounter.objects.filter(survey_round=survey_round).count()

    counted(survey_round, settings)

    # Eight agreement statements, four levels, four kinds of organisation; the free-text questions have none.
    assert (before, AnswerCounter.objects.filter(survey_round=survey_round).count()) == (0, 8 * 4 * 4)
    assert sorted(
        RespondentCounter.objects.filter(survey_round=survey_round).values_list("respondent_kind", "count")
    ) == [
        ("ades", 0),
        ("education_scotland", 0),
        ("local_authority", 1),
        ("other", 0),
    ]
    assert SealedResponse.objects.count() == 0


def test_counters_and_comments_cannot_reach_a_person_an_invitation_or_a_time():
    for model in (AnswerCounter, RespondentCounter, TextAnswer, SealedResponse):
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        assert Invitation not in related
        assert Completion not in related
        assert not any(getattr(m, "_meta", None) and m._meta.label == "authorities.Person" for m in related)
        assert not [f.name for f in model._meta.get_fields() if f.get_internal_type() in ("DateTimeField", "DateField")]
    assert (TextAnswer._meta.pk.get_internal_type(), SealedResponse._meta.pk.get_internal_type()) == (
        "UUIDField",
        "UUIDField",
    )


def test_a_response_that_answers_nothing_is_refused(team_visit, ades_officer):
    from django.core.exceptions import ValidationError

    survey_round = survey_round_for(team_visit, by=ades_officer)

    with pytest.raises(ValidationError) as refused:
        responses.submit_response(
            invitation=survey_round.invitations.first(), answers=answers_for(survey_round, improve="")
        )

    assert refused.value.messages == ["Answer at least one question before sending."]
    assert (Completion.objects.count(), responses.respondents(survey_round)) == (0, 0)


def test_a_second_submission_stores_nothing(team_visit, ades_officer, settings):
    survey_round = survey_round_for(team_visit, by=ades_officer)
    invitation = survey_round.invitations.first()
    responses.submit_response(invitation=invitation, answers=answers_for(survey_round, enjoyed=4))

    with pytest.raises(responses.AlreadyAnswered):
        responses.submit_response(invitation=invitation, answers=answers_for(survey_round, enjoyed=1))

    assert counted(survey_round, settings) == {("enjoyed", "local_authority", 4): 1, "local_authority": 1}


def test_a_closed_or_not_yet_open_round_takes_no_answers(team_visit, ades_officer):
    later = survey_round_for(
        team_visit,
        by=ades_officer,
        opens_on=TODAY + datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=5),
        cohort="later",
    )
    closed = survey_round_for(team_visit, by=ades_officer, cohort="closed")
    release.close_round(survey_round=closed, by=ades_officer)

    for survey_round in (later, closed):
        with pytest.raises(responses.RoundClosed):
            responses.submit_response(
                invitation=survey_round.invitations.first(), answers=answers_for(survey_round, enjoyed=4)
            )

    assert (SealedResponse.objects.count(), Completion.objects.count()) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_store_one_response(reference):
    ades = PersonFactory(organisation=organisation(kind=OrganisationKind.ADES))
    visit = VisitFactory(hosts=["Angus"])
    MembershipFactory(visit=visit)
    survey_round = survey_round_for(visit, by=ades)
    invitation = survey_round.invitations.get()
    answers = answers_for(survey_round, enjoyed=4)
    start = threading.Barrier(2)
    outcomes = []

    def submit():
        start.wait()
        try:
            responses.submit_response(invitation=Invitation.objects.get(pk=invitation.pk), answers=answers)
            outcomes.append("stored")
        except responses.AlreadyAnswered:
            outcomes.append("already answered")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already answered", "stored"]
    assert (SealedResponse.objects.count(), Completion.objects.count()) == (1, 1)


def test_reminders_go_only_to_those_who_have_not_answered_once_a_day(team_visit, ades_officer):
    survey_round = survey_round_for(team_visit, by=ades_officer)
    answered = survey_round.invitations.first()
    responses.submit_response(invitation=answered, answers=answers_for(survey_round, enjoyed=3))
    mail.outbox.clear()

    first = rounds.remind_round(survey_round=survey_round, by=None, today=TODAY)
    again = rounds.remind_round(survey_round=survey_round, by=None, today=TODAY)
    tomorrow = rounds.remind_round(survey_round=survey_round, by=None, today=TODAY + datetime.timedelta(days=1))

    assert (first, again, tomorrow) == (2, 0, 2)
    assert answered.person.email not in {m.to[0] for m in mail.outbox}
    assert Reminder.objects.filter(invitation=answered).count() == 0


@pytest.mark.parametrize(("days_to_closing", "reminded"), [(3, 3), (2, 0), (1, 3), (0, 0)])
def test_reminder_command_sends_three_and_one_day_before_closing(
    team_visit, ades_officer, days_to_closing, reminded, django_capture_on_commit_callbacks
):
    survey_round_for(team_visit, by=ades_officer, closes_on=TODAY + datetime.timedelta(days=days_to_closing))
    mail.outbox.clear()

    first, second = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_survey_reminders", stdout=first)
        call_command("send_survey_reminders", stdout=second)

    assert len(mail.outbox) == reminded
    assert (first.getvalue(), second.getvalue()) == (
        f"{reminded} reminders queued for sending.\n",
        "0 reminders queued for sending.\n",
    )


def test_close_and_reopen(team_visit, ades_officer):
    survey_round = survey_round_for(team_visit, by=ades_officer)

    release.close_round(survey_round=survey_round, by=ades_officer)
    closed = survey_round.is_open()
    release.reopen_round(survey_round=survey_round, closes_on=TODAY + datetime.timedelta(days=3), by=ades_officer)

    assert (closed, survey_round.is_open(), survey_round.closes_on) == (False, True, TODAY + datetime.timedelta(days=3))


def test_comments_are_unsealed_at_release_and_moderated_then(team_visit, ades_officer, settings):
    from django.core.exceptions import ValidationError

    settings.SURVEY_MIN_GROUP = 1  # released with one response, so that its comment can be moderated
    survey_round = survey_round_for(team_visit, by=ades_officer)
    responses.submit_response(
        invitation=survey_round.invitations.first(), answers=answers_for(survey_round, enjoyed=4, improve="More time.")
    )
    release.close_round(survey_round=survey_round, by=ades_officer)
    comment = TextAnswer.objects.get()

    moderation.moderate_comment(comment=comment, moderation=Moderation.PUBLISHED, by=ades_officer)

    comment.refresh_from_db()
    assert (comment.question.code, comment.text, comment.moderation) == ("improve", "More time.", Moderation.PUBLISHED)
    assert SealedResponse.objects.count() == 0
    unreleased = survey_round_for(team_visit, by=ades_officer, cohort="later")
    other = TextAnswer.objects.create(survey_round=unreleased, question=comment.question, text="Not yet.")
    with pytest.raises(ValidationError):
        moderation.moderate_comment(comment=other, moderation=Moderation.PUBLISHED, by=ades_officer)


def test_a_programme_round_invites_every_team_of_the_programme_but_cancelled_visits(reference, ades_officer):
    from surveys.services.questionnaires import load_ci_questionnaire
    from surveys.services.rounds import open_round

    phase = PhaseFactory()
    later = PhaseFactory(programme=phase.programme, number=2)
    MembershipFactory(visit=VisitFactory(phase=phase, hosts=["Angus"]))
    MembershipFactory(visit=VisitFactory(phase=later, hosts=["Fife"]))
    MembershipFactory(visit=VisitFactory(phase=later, hosts=["Moray"], status="cancelled", cancellation_reason="x"))

    survey_round = open_round(
        questionnaire=load_ci_questionnaire(),
        programme=phase.programme,
        cohort="final",
        by=ades_officer,
        opens_on=TODAY,
        closes_on=TODAY,
    )

    assert (survey_round.invitations.count(), survey_round.audience) == (2, str(phase.programme))


def test_a_single_choice_is_counted_by_its_option(team_visit, ades_officer, settings):
    from surveys.models import Questionnaire, SurveyRound

    questionnaire = Questionnaire.objects.create(name="With a choice", slug="with-choice")
    role = questionnaire.questions.create(
        position=1, code="role", kind="choice", text="Your role?", options=["Host", "Peer"], required=False
    )
    survey_round = SurveyRound.objects.create(
        questionnaire=questionnaire,
        visit=team_visit,
        cohort="x",
        opens_on=TODAY,
        closes_on=TODAY,
        created_by=ades_officer,
    )
    inspector = team_visit.team.get(person__organisation__kind=OrganisationKind.HMIE).person
    invitation = survey_round.invitations.create(person=inspector)

    responses.submit_response(invitation=invitation, answers={role: "Peer"})

    assert counted(survey_round, settings) == {("role", "education_scotland", 1): 1, "education_scotland": 1}


def test_a_sealed_response_opens_after_a_key_rotation_only_with_the_old_key_kept(settings):
    sealed = sealing.seal("other", [(3, 4)], [(7, "Kept through a rotation.")], size=1024)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the next key", [settings.SECRET_KEY]

    with_fallback = sealing.unseal(sealed)
    settings.SECRET_KEY_FALLBACKS = []

    assert with_fallback == {"kind": "other", "counted": [(3, 4)], "texts": [(7, "Kept through a rotation.")]}
    assert sealing.unseal(sealed) is None


def test_a_team_member_who_declined_their_place_is_not_invited(team_visit, ades_officer):
    declined = team_visit.team.get(person__organisation__kind=OrganisationKind.HMIE)
    declined.place = "declined"
    declined.save()

    survey_round = survey_round_for(team_visit, by=ades_officer)

    invited = set(survey_round.invitations.values_list("person", flat=True))
    assert invited == set(team_visit.team.exclude(pk=declined.pk).values_list("person", flat=True))
    assert len(invited) == 2


def test_plain_text_drops_direction_controls_as_it_drops_other_controls_and_keeps_the_marks():
    assert sealing.plain_text("One\r\n\u202eTwo\u202c\x07 \u2067three\u2069\r\u200fארבע\u200e") == (
        "One\nTwo three\n\u200fארבע\u200e"
    )


def test_a_comment_is_sealed_and_released_without_direction_controls(team_visit, ades_officer, settings):
    survey_round = survey_round_for(team_visit, by=ades_officer)
    invitation = survey_round.invitations.get(person__organisation__kind=OrganisationKind.HMIE)
    question = survey_round.questionnaire.questions.get(code="most_valuable")
    responses.submit_response(
        invitation=invitation, answers=answers_for(survey_round, most_valuable="\u202eThe \u2066challenge\u2069.")
    )
    # One sealed before sealing removed them: the release makes it plain.
    sealed = sealing.seal("other", [], [(question.pk, "\u2067Earlier\u2069")], size=responses.sealed_size(survey_round))
    SealedResponse.objects.create(survey_round=survey_round, sealed=sealed)

    assert [sealing.unseal(response.sealed)["texts"] for response in SealedResponse.objects.order_by("pk")] == [
        [(question.pk, "The challenge.")],
        [(question.pk, "\u2067Earlier\u2069")],
    ]
    counted(survey_round, settings)
    assert sorted(TextAnswer.objects.values_list("text", flat=True)) == ["Earlier", "The challenge."]
