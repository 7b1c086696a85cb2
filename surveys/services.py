"""Every write to questionnaires, rounds, invitations and responses."""

import csv
import datetime
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from authorities.choices import OrganisationKind
from authorities.models import Person
from core import messages
from core.audit import audited
from core.mail import queue_email
from core.personal_data import redact
from reviews.choices import PlaceAnswer, VisitStatus
from reviews.models import Phase, Programme, TeamMembership, Visit

from . import sealing
from .choices import TEXT_ANSWER_LIMIT, Moderation, QuestionKind, RespondentKind
from .models import (
    AnswerCounter,
    Completion,
    Invitation,
    Question,
    Questionnaire,
    Reminder,
    RespondentCounter,
    SealedResponse,
    SurveyRound,
    TextAnswer,
)

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


def email_invitation(key: str, invitation: Invitation, *, kind: str = "") -> None:
    subject, body = _message(key, invitation)
    about = [invitation.survey_round.visit, invitation]
    person = invitation.person
    queue_email(to=person.email, subject=subject, body=body, kind=kind or key, person=person, about=about)


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


@audited("survey.round.opened", "Opened the survey round {result}", label="Survey round opened", about=["result"])
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
    """Open a round for a visit's team, or every team of a phase or programme, and email each their own link. A
    follow-on round (`follows`) invites the whole audience again (see `_audience`: never chosen by who answered)."""
    if follows is not None and follows.is_open_link:
        raise ValidationError("A stakeholder survey has no invitations, so no round can follow on from it.")
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
        email_invitation("survey_invitation", invitation)
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
    """Everyone active on the round's teams who has not declined their place, leaving out cancelled visits. Never
    chosen by whether someone answered another round: the list of who is invited would say who did not."""
    if survey_round.visit_id:
        team = TeamMembership.objects.filter(visit=survey_round.visit)
    elif survey_round.phase_id:
        team = TeamMembership.objects.filter(visit__phase=survey_round.phase)
    else:
        team = TeamMembership.objects.filter(visit__programme=survey_round.programme)
    team = team.exclude(visit__status=VisitStatus.CANCELLED).exclude(place=PlaceAnswer.DECLINED)
    return Person.objects.filter(pk__in=team.values("person"), is_active=True).select_related("organisation")


NOTHING_ANSWERED = "Answer at least one question before sending."


def submit_response(*, invitation: Invitation, answers: dict[Question, object], today=None) -> None:
    """Seal the answers and mark the invitation used, together; a second submission stores nothing."""
    try:
        with transaction.atomic():
            survey_round = _open_for_answers(invitation.survey_round_id, today)
            Completion.objects.create(invitation=invitation)
            _seal(survey_round, respondent_kind_of(invitation.person), answers)
    except IntegrityError:
        raise AlreadyAnswered from None


def submit_open_response(*, survey_round: SurveyRound, role: str, answers: dict[Question, object], today=None) -> None:
    """Seal one answer through a round's open link (the stakeholder survey), under the role the respondent gave."""
    with transaction.atomic():
        _seal(_open_for_answers(survey_round.pk, today), role, answers)


def _open_for_answers(pk: int, today) -> SurveyRound:
    """The round, share-locked until the answer is stored: answers arrive side by side, and closing (which locks it
    to release it) waits for them, so nothing arrives after the figures are taken."""
    if connection.vendor == "postgresql":
        locked = SurveyRound.objects.raw(f"SELECT * FROM {SurveyRound._meta.db_table} WHERE id = %s FOR SHARE", [pk])
        survey_round = next(iter(locked))
    else:  # SQLite writes one transaction at a time anyway
        survey_round = SurveyRound.objects.get(pk=pk)
    if not survey_round.is_open(today):
        raise RoundClosed
    return survey_round


def _seal(survey_round: SurveyRound, kind: str, answers: dict[Question, object]) -> None:
    """Store one respondent's answers sealed, at the round's one size; they are counted when the round is released."""
    if kind not in survey_round.respondent_kinds:
        raise ValidationError(f"“{kind}” is not a kind of respondent this round counts.")
    counted, texts = split_answers(answers)
    if not counted and not texts:
        raise ValidationError(NOTHING_ANSWERED)
    sealed = sealing.seal(kind, counted, texts, size=sealed_size(survey_round))
    SealedResponse.objects.create(survey_round=survey_round, sealed=sealed)


def sealed_size(survey_round: SurveyRound) -> int:
    kinds = list(survey_round.questionnaire.questions.values_list("kind", flat=True))
    texts = kinds.count(QuestionKind.TEXT)
    return sealing.size_for(len(kinds) - texts, texts)


def split_answers(answers: dict[Question, object]) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """The answers given: (question, value counted) for scales and choices (a choice by its option's place), and
    (question, text) for free text with something to read; what is blank, or only spaces and invisible marks, is
    not an answer."""
    counted, texts = [], []
    for question, value in answers.items():
        if value is None or value == "":
            continue
        if question.is_scaled:
            counted.append((question.pk, int(value)))
        elif question.kind == QuestionKind.CHOICE:
            counted.append((question.pk, question.options.index(value)))
        else:
            text = sealing.plain_text(str(value))
            if len(text) > TEXT_ANSWER_LIMIT:
                raise ValidationError(f"Write at most {TEXT_ANSWER_LIMIT} characters in each answer.")
            if any(not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Mn", "Zs") for ch in text):
                texts.append((question.pk, text))
    return counted, texts


def create_counters(survey_round: SurveyRound) -> None:
    """A counter at zero for every kind of respondent, and for every answer each question can be given."""
    kinds = survey_round.respondent_kinds
    RespondentCounter.objects.bulk_create(
        [RespondentCounter(survey_round=survey_round, respondent_kind=kind) for kind in kinds], ignore_conflicts=True
    )
    counters = []
    for question in survey_round.questionnaire.questions.all():
        if question.kind == QuestionKind.TEXT:
            continue
        values = [value for value, _ in question.scale] if question.is_scaled else range(len(question.options))
        counters += [
            AnswerCounter(survey_round=survey_round, question=question, respondent_kind=kind, value=value)
            for kind in kinds
            for value in values
        ]
    AnswerCounter.objects.bulk_create(counters, ignore_conflicts=True)


def respondents(survey_round: SurveyRound) -> int:
    """How many people answered at least one question: the n of the round, and what its release is measured by
    (those counted at its release, or at the move to counters, and those still sealed)."""
    counted = survey_round.respondent_counters.aggregate(n=Sum("count"))["n"] or 0
    return counted + survey_round.sealed_responses.count()


@transaction.atomic
def redact_sealed(*, words: dict[str, str]) -> int:
    """Remove words (an erased person's name and email) from comments still sealed (in rounds open, closed with too
    few, or released and waiting to be counted), which the erasure's search of every text column cannot read. Every
    sealed response is sealed again, whether or not it named them, so neither the one that did nor its round stands
    out. Returns how many named them."""
    rounds = SurveyRound.objects.filter(sealed_responses__isnull=False).distinct()
    named = 0
    for survey_round in rounds:
        size, resealed = sealed_size(survey_round), []
        for response in survey_round.sealed_responses.all():
            opened = sealing.unseal(response.sealed)
            if opened is None:
                continue
            texts = [(question, redact(text, words)) for question, text in opened["texts"]]
            named += texts != opened["texts"]
            response.sealed = sealing.seal(opened["kind"], opened["counted"], texts, size=size)
            resealed.append(response)
        SealedResponse._base_manager.bulk_update(resealed, ["sealed"])  # a released round's too, before its counting
    return named


@audited(
    "survey.round.reminded",
    lambda v: f"Sent reminders for the survey round {v['survey_round']}" if v["result"] else "",
    label="Survey round reminders sent",
    about=["survey_round"],
)
def remind_round(*, survey_round: SurveyRound, by, today: datetime.date | None = None) -> int:
    """Remind only those who have not answered, at most once a day; returns how many were reminded (the log says
    reminders went, never to whom: that would tell who has answered)."""
    today = today or timezone.localdate()
    waiting = survey_round.invitations.filter(completion__isnull=True, person__erased_at__isnull=True)
    waiting = waiting.exclude(reminders__sent_on=today)  # an erased person's link was cleared: nothing to remind
    reminded = 0
    for invitation in waiting.select_related("person", "survey_round__questionnaire", "survey_round__visit"):
        try:
            with transaction.atomic():
                Reminder.objects.create(invitation=invitation, sent_on=today)
        except IntegrityError:  # reminded already today, by the button or the scheduler
            continue
        email_invitation("survey_reminder", invitation)
        reminded += 1
    return reminded


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(
        closed_at__isnull=True,
        opens_on__lte=today,
        closes_on__in=[today + datetime.timedelta(days=days) for days in REMINDER_DAYS_BEFORE_CLOSING],
    )
    return sum(remind_round(survey_round=survey_round, by=None, today=today) for survey_round in due)


@audited(
    "survey.comment.moderated",
    lambda v: f"Marked a comment in the survey round {v['comment'].survey_round} as “{v['moderation'].label}”",
    label="Survey comment moderated",
    about=lambda v: [v["comment"].survey_round],
)
@transaction.atomic
def moderate_comment(*, comment: TextAnswer, moderation: Moderation, by: Person) -> TextAnswer:
    """Free text appears nowhere until an officer publishes it, and is read only once the results are released."""
    if comment.survey_round.released_at is None:
        raise ValidationError("Comments are read only once the round has closed with enough responses.")
    comment.moderation = moderation
    comment.save(update_fields=["moderation"])
    return comment
