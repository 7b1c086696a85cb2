"""Every write to questionnaires, rounds, invitations and responses."""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from authorities.choices import OrganisationKind
from authorities.models import Person
from reviews.choices import VisitStatus
from reviews.models import Phase, Programme, TeamMembership, Visit

from .choices import Moderation, QuestionKind, RespondentKind
from .models import Answer, Completion, Invitation, Question, Questionnaire, Reminder, Response, SurveyRound

DATA_DIR = Path(__file__).resolve().parent / "data"
CI_SURVEY = {
    "slug": "ci-participant-survey",
    "name": "Collaborative Improvement participant survey",
    "introduction": "To what extent do you agree with the following statements?",
}
REMINDER_DAYS_BEFORE_CLOSING = (3, 1)


class AlreadyAnswered(Exception):
    """This invitation has been used."""


class RoundClosed(Exception):
    """The round is not open for answers."""


@transaction.atomic
def load_ci_questionnaire() -> Questionnaire:
    """The programme's participant survey, from its published aspects; safe to run again."""
    questionnaire, _ = Questionnaire.objects.get_or_create(
        slug=CI_SURVEY["slug"], defaults={"name": CI_SURVEY["name"], "introduction": CI_SURVEY["introduction"]}
    )
    with open(DATA_DIR / "ci_participant_survey.csv", newline="", encoding="utf-8") as handle:
        for position, row in enumerate(csv.DictReader(handle), start=1):
            Question.objects.get_or_create(
                questionnaire=questionnaire,
                code=row["code"],
                defaults={
                    "position": position,
                    "kind": QuestionKind(row["kind"]),
                    "text": row["text"],
                    "required": row["kind"] != QuestionKind.TEXT,
                },
            )
    return questionnaire


def respondent_kind_of(person: Person) -> RespondentKind:
    """The kind of organisation the report breaks results down by; HM Inspectors count with Education Scotland."""
    return {
        OrganisationKind.LOCAL_AUTHORITY: RespondentKind.LOCAL_AUTHORITY,
        OrganisationKind.EDUCATION_SCOTLAND: RespondentKind.EDUCATION_SCOTLAND,
        OrganisationKind.HMIE: RespondentKind.EDUCATION_SCOTLAND,
        OrganisationKind.ADES: RespondentKind.ADES,
    }.get(person.organisation.kind, RespondentKind.OTHER)


def _email(template: str, subject: str, invitation: Invitation) -> None:
    body = render_to_string(
        f"surveys/email/{template}.txt",
        {"invitation": invitation, "survey_round": invitation.survey_round, "site_url": settings.SITE_URL},
    )
    send_mail(subject, body, None, [invitation.person.email])


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
) -> SurveyRound:
    """Open a round for a visit's team, or every team of a phase or programme, and email each their own link."""
    survey_round = SurveyRound(
        questionnaire=questionnaire,
        visit=visit,
        phase=phase,
        programme=programme,
        cohort=cohort.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    survey_round.full_clean()
    survey_round.save()
    if visit:
        team = TeamMembership.objects.filter(visit=visit)
    elif phase:
        team = TeamMembership.objects.filter(visit__phase=phase)
    else:
        team = TeamMembership.objects.filter(visit__programme=programme)
    team = team.exclude(visit__status=VisitStatus.CANCELLED)
    people = Person.objects.filter(pk__in=team.values("person"), is_active=True).select_related("organisation")
    invitations = Invitation.objects.bulk_create(
        [Invitation(survey_round=survey_round, person=person, sent_at=timezone.now()) for person in people]
    )
    subject = f"Your views on Collaborative Improvement: {questionnaire.name}"
    transaction.on_commit(lambda: [_email("invitation", subject, invitation) for invitation in invitations])
    return survey_round


def submit_response(*, invitation: Invitation, answers: dict[Question, object], today=None) -> Response:
    """Store the answers anonymously and mark the invitation used; a second submission stores nothing."""
    if not invitation.survey_round.is_open(today):
        raise RoundClosed
    try:
        with transaction.atomic():
            Completion.objects.create(invitation=invitation)
            response = Response.objects.create(
                survey_round=invitation.survey_round, respondent_kind=respondent_kind_of(invitation.person)
            )
            Answer.objects.bulk_create(
                [
                    Answer(
                        response=response,
                        question=question,
                        value=value if question.is_scaled else None,
                        text="" if question.is_scaled else str(value),
                        # Free text waits for moderation; a chosen option is not free text.
                        moderation=Moderation.PENDING if question.kind == QuestionKind.TEXT else Moderation.PUBLISHED,
                    )
                    for question, value in answers.items()
                    if value not in (None, "")
                ]
            )
    except IntegrityError:
        raise AlreadyAnswered from None
    return response


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
        _email(
            "reminder",
            f"Reminder: {survey_round.questionnaire.name} closes on {survey_round.closes_on:%-d %B}",
            invitation,
        )
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
    """Open again until a new closing date, which cannot be in the past."""
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The new closing date cannot be in the past."})
    survey_round.closed_at = None
    survey_round.closes_on = closes_on
    survey_round.full_clean()
    survey_round.save(update_fields=["closed_at", "closes_on", "updated_at"])
    return survey_round


@transaction.atomic
def moderate_answer(*, answer: Answer, moderation: Moderation, by: Person) -> Answer:
    """Free text appears nowhere until an officer publishes it."""
    if answer.question.is_scaled:
        raise ValidationError("Only free-text answers are moderated.")
    answer.moderation = moderation
    answer.save(update_fields=["moderation"])
    return answer
