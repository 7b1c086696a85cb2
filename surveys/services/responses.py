"""Answering: each response sealed as it arrives, with the invitation marked used in the same transaction; the
counters a round's release counts into; and the erasure of a name from responses still sealed."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from authorities.choices import OrganisationKind
from authorities.models import Person
from core.personal_data import redact

from .. import sealing
from ..choices import TEXT_ANSWER_LIMIT, QuestionKind, RespondentKind
from ..models import AnswerCounter, Completion, Invitation, Question, RespondentCounter, SealedResponse, SurveyRound


class AlreadyAnswered(Exception):
    """This invitation has been used."""


class RoundClosed(Exception):
    """The round is not open for answers."""


def respondent_kind_of(person: Person) -> RespondentKind:
    """The kind of organisation the report breaks results down by; HM Inspectors count with Education Scotland."""
    return {
        OrganisationKind.LOCAL_AUTHORITY: RespondentKind.LOCAL_AUTHORITY,
        OrganisationKind.EDUCATION_SCOTLAND: RespondentKind.EDUCATION_SCOTLAND,
        OrganisationKind.HMIE: RespondentKind.EDUCATION_SCOTLAND,
        OrganisationKind.ADES: RespondentKind.ADES,
    }.get(person.organisation.kind, RespondentKind.OTHER)


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
