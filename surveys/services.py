"""Every write to questionnaires, rounds, invitations and responses."""

import csv
import datetime
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.choices import OrganisationKind
from authorities.models import Person
from core import freshness, messages
from core.mail import queue_email
from reviews.choices import VisitStatus
from reviews.models import Phase, Programme, TeamMembership, Visit

from .choices import Moderation, QuestionKind, RespondentKind
from .models import Answer, Completion, Invitation, Question, Questionnaire, Reminder, Response, SurveyRound
from .release import RELEASED_ROUNDS_STAY_CLOSED, results_released

DATA_DIR = Path(__file__).resolve().parent / "data"
CI_SURVEY_SOURCE = (
    "The statements are reconstructed from Table 1 of the programme's final report (ADES and Education Scotland, "
    "2025), which names the aspects participants were asked about but not the wording of the questions."
)
CI_SURVEY = {
    "slug": "ci-participant-survey",
    "name": "Collaborative Improvement participant survey",
    "introduction": "To what extent do you agree with the following statements?",
    "source": CI_SURVEY_SOURCE,
}
REMINDER_DAYS_BEFORE_CLOSING = (3, 1)


class AlreadyAnswered(Exception):
    """This invitation has been used."""


class RoundClosed(Exception):
    """The round is not open for answers."""


_shuffle = random.SystemRandom().shuffle


@transaction.atomic
def load_ci_questionnaire() -> Questionnaire:
    """The programme's participant survey, from its published aspects; safe to run again."""
    questionnaire, _ = Questionnaire.objects.get_or_create(
        slug=CI_SURVEY["slug"],
        defaults={"name": CI_SURVEY["name"], "introduction": CI_SURVEY["introduction"], "source": CI_SURVEY["source"]},
    )
    load_questions(questionnaire, "ci_participant_survey.csv", required=lambda kind: kind != QuestionKind.TEXT)
    return questionnaire


def load_questions(questionnaire: Questionnaire, filename: str, *, required) -> None:
    """A questionnaire's questions from data/<filename> (code, kind, text), in order; those there already stay."""
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        for position, row in enumerate(csv.DictReader(handle), start=1):
            kind = QuestionKind(row["kind"])
            Question.objects.get_or_create(
                questionnaire=questionnaire,
                code=row["code"],
                defaults={"position": position, "kind": kind, "text": row["text"], "required": required(kind)},
            )


def respondent_kind_of(person: Person) -> RespondentKind:
    """The kind of organisation the report breaks results down by; HM Inspectors count with Education Scotland."""
    return {
        OrganisationKind.LOCAL_AUTHORITY: RespondentKind.LOCAL_AUTHORITY,
        OrganisationKind.EDUCATION_SCOTLAND: RespondentKind.EDUCATION_SCOTLAND,
        OrganisationKind.HMIE: RespondentKind.EDUCATION_SCOTLAND,
        OrganisationKind.ADES: RespondentKind.ADES,
    }.get(person.organisation.kind, RespondentKind.OTHER)


def _message(key: str, invitation: Invitation, link: str | None = None) -> tuple[str, str]:
    survey_round = invitation.survey_round
    return messages.render(
        key,
        {
            "name": invitation.person.full_name,
            "questionnaire": survey_round.questionnaire.name,
            "introduction": survey_round.questionnaire.introduction,
            "about": survey_round.audience,
            "link": link or settings.SITE_URL + invitation.get_absolute_url(),
            "closes_on": f"{survey_round.closes_on:%-d %B %Y}",
        },
    )


def _email(key: str, invitation: Invitation) -> None:
    subject, body = _message(key, invitation)
    queue_email(to=invitation.person.email, subject=subject, body=body)


@dataclass(frozen=True)
class InvitationPreview:
    count: int
    first: Person | None
    subject: str = ""
    body: str = ""


def preview_invitations(**fields) -> InvitationPreview:
    """Who opening a round with these fields (open_round's, without `by`) would email, and the first email, before
    anything is stored or sent."""
    survey_round = _unsaved_round(**fields)
    people = list(_audience(survey_round).order_by("full_name", "pk"))
    if not people:
        return InvitationPreview(count=0, first=None)
    first = Invitation(survey_round=survey_round, person=people[0])
    subject, body = _message("survey_invitation", first, link="[their own link, made when the round opens]")
    return InvitationPreview(count=len(people), first=people[0], subject=subject, body=body)


@transaction.atomic
def open_round(
    *,
    questionnaire: Questionnaire,
    cohort: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    by: Person,
    visit: Visit | None = None,
    phase: Phase | None = None,
    programme: Programme | None = None,
    follows: SurveyRound | None = None,
) -> SurveyRound:
    """Open a round for a visit's team, or every team of a phase or programme, and email each their own link.

    A follow-on round (`follows`) has the same audience and invites only those who did not answer the first.
    """
    survey_round = _unsaved_round(
        questionnaire=questionnaire,
        cohort=cohort,
        opens_on=opens_on,
        closes_on=closes_on,
        visit=visit,
        phase=phase,
        programme=programme,
        follows=follows,
    )
    survey_round.created_by = by
    survey_round.full_clean()
    survey_round.save()
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(survey_round=survey_round, person=person, sent_at=timezone.now())
            for person in _audience(survey_round)
        ]
    )  # no signal, but the round's save above marks this transaction as a change
    for invitation in invitations:
        _email("survey_invitation", invitation)
    return survey_round


def _unsaved_round(
    *, questionnaire, cohort, opens_on, closes_on, visit=None, phase=None, programme=None, follows=None
) -> SurveyRound:
    """A round for one visit, phase or programme; a follow-on has the audience of the round it follows."""
    if follows is not None:
        visit, phase, programme = follows.visit, follows.phase, follows.programme
    return SurveyRound(
        follows=follows,
        questionnaire=questionnaire,
        visit=visit,
        phase=phase,
        programme=programme,
        cohort=cohort.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
    )


def _audience(survey_round: SurveyRound):
    """Everyone active on the round's teams, leaving out cancelled visits and, for a follow-on, those who answered."""
    if survey_round.visit_id:
        team = TeamMembership.objects.filter(visit=survey_round.visit)
    elif survey_round.phase_id:
        team = TeamMembership.objects.filter(visit__phase=survey_round.phase)
    else:
        team = TeamMembership.objects.filter(visit__programme=survey_round.programme)
    team = team.exclude(visit__status=VisitStatus.CANCELLED)
    people = Person.objects.filter(pk__in=team.values("person"), is_active=True).select_related("organisation")
    if survey_round.follows_id:
        people = people.exclude(
            survey_invitations__survey_round=survey_round.follows, survey_invitations__completion__isnull=False
        )
    return people


def submit_response(*, invitation: Invitation, answers: dict[Question, object], today=None) -> Response:
    """Store the answers anonymously and mark the invitation used; a second submission stores nothing.

    The new response joins the round's others and all of them are written again, in a random order with new
    random keys, in the transaction that marks the invitation used. So no key, row order or transaction id of
    a response or answer tells which invitation it came from: all of them were written together.
    """
    if not invitation.survey_round.is_open(today):
        raise RoundClosed
    try:
        with transaction.atomic():
            # One submission to a round at a time: each rewrites the round's responses.
            SurveyRound.objects.select_for_update().filter(pk=invitation.survey_round_id).exists()
            Completion.objects.create(invitation=invitation)
            new = {"respondent_kind": respondent_kind_of(invitation.person), "answers": answer_rows(answers)}
            response = _rewrite_in_random_order(invitation.survey_round, new)
    except IntegrityError:
        raise AlreadyAnswered from None
    return response


def answer_rows(answers: dict[Question, object]) -> list[dict]:
    """The answers given, as rows to store; free text waits for moderation, a chosen option is not free text."""
    return [
        {
            "question_id": question.pk,
            "value": value if question.is_scaled else None,
            "text": "" if question.is_scaled else str(value),
            "moderation": Moderation.PENDING if question.kind == QuestionKind.TEXT else Moderation.PUBLISHED,
        }
        for question, value in answers.items()
        if value not in (None, "")
    ]


def _rewrite_in_random_order(survey_round: SurveyRound, new: dict) -> Response:
    """Write the round's responses and answers again, shuffled, with the new one among them; returns the new one."""
    earlier: dict = {}
    for response_id, kind, question_id, value, text, moderation in Answer.objects.filter(
        response__survey_round=survey_round
    ).values_list("response_id", "response__respondent_kind", "question_id", "value", "text", "moderation"):
        earlier.setdefault(response_id, {"respondent_kind": kind, "answers": []})["answers"].append(
            {"question_id": question_id, "value": value, "text": text, "moderation": moderation}
        )
    for response_id, kind in survey_round.responses.exclude(pk__in=earlier).values_list("pk", "respondent_kind"):
        earlier[response_id] = {"respondent_kind": kind, "answers": []}  # a response that skipped every question
    survey_round.responses.all().delete()
    everyone = [*earlier.values(), new]
    _shuffle(everyone)
    responses = [
        Response(id=uuid.uuid4(), survey_round=survey_round, respondent_kind=r["respondent_kind"]) for r in everyone
    ]
    Response.objects.bulk_create(responses)
    rows = [
        Answer(id=uuid.uuid4(), response=response, **answer)
        for response, r in zip(responses, everyone, strict=True)
        for answer in r["answers"]
    ]
    _shuffle(rows)
    Answer.objects.bulk_create(rows)
    freshness.changed()  # bulk writes send no signals
    return responses[everyone.index(new)]


def remind_round(*, survey_round: SurveyRound, today: datetime.date | None = None) -> int:
    """Remind only those who have not answered, at most once a day; returns how many were reminded."""
    today = today or timezone.localdate()
    waiting = survey_round.invitations.filter(completion__isnull=True).exclude(reminders__sent_on=today)
    reminded = 0
    for invitation in waiting.select_related("person", "survey_round__questionnaire"):
        try:
            with transaction.atomic():
                Reminder.objects.create(invitation=invitation, sent_on=today)
        except IntegrityError:  # reminded already today, by the button or the scheduler
            continue
        _email("survey_reminder", invitation)
        reminded += 1
    return reminded


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(
        closed_at__isnull=True,
        opens_on__lte=today,
        closes_on__in=[today + datetime.timedelta(days=days) for days in REMINDER_DAYS_BEFORE_CLOSING],
    )
    return sum(remind_round(survey_round=survey_round, today=today) for survey_round in due)


@transaction.atomic
def close_round(*, survey_round: SurveyRound, by: Person) -> SurveyRound:
    if survey_round.closed_at is None:
        survey_round.closed_at = timezone.now()
        survey_round.save(update_fields=["closed_at", "updated_at"])
    return survey_round


@transaction.atomic
def reopen_round(*, survey_round: SurveyRound, closes_on: datetime.date, by: Person) -> SurveyRound:
    """Open again until a new closing date, which cannot be in the past.

    A round whose results were released stays closed: answers added now could be read off by comparing
    its results before and after. Those who had not answered get a follow-on round instead.
    """
    if results_released(survey_round):
        raise ValidationError(RELEASED_ROUNDS_STAY_CLOSED)
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The new closing date cannot be in the past."})
    survey_round.closed_at = None
    survey_round.closes_on = closes_on
    survey_round.full_clean()
    survey_round.save(update_fields=["closed_at", "closes_on", "updated_at"])
    return survey_round


@transaction.atomic
def moderate_answer(*, answer: Answer, moderation: Moderation, by: Person) -> Answer:
    """Free text appears nowhere until an officer publishes it, and is read only once the results are released."""
    if answer.question.is_scaled:
        raise ValidationError("Only free-text answers are moderated.")
    if not results_released(answer.response.survey_round):
        raise ValidationError("Comments are read only once the round has closed with enough responses.")
    answer.moderation = moderation
    answer.save(update_fields=["moderation"])
    return answer
