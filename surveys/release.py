"""Closing, releasing and reopening rounds. Release is a fact, recorded once: a round that closes with at least
CI_PORTAL_SURVEY_MIN_GROUP respondents is released by the worker, which opens its sealed responses into counters and
comments; from the close on nothing about it changes (SurveyRound.save, the models' bulk writes, and triggers in
PostgreSQL), so no answer can be added and read off by comparing the results before and after. What may be shown,
and to whom, is surveys/results.py's to say.
"""

import datetime
import logging
import random
import uuid
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Person

from . import sealing, tasks
from .models import AnswerCounter, RespondentCounter, SurveyRound, TextAnswer
from .services import create_counters, respondents

RELEASED_ROUNDS_STAY_CLOSED = (
    "This round's results have been released, so it cannot be reopened: answers added now could be worked out "
    "by comparing the results before and after. Start a follow-on round for those who did not respond."
)

logger = logging.getLogger(__name__)
shuffle = random.SystemRandom().shuffle


def closing_moment(closes_on: datetime.date) -> datetime.datetime:
    """The end of a round's closing day, in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(closes_on + datetime.timedelta(days=1), datetime.time.min))


@transaction.atomic
def close_round(*, survey_round: SurveyRound, by: Person | None, at: datetime.datetime | None = None) -> SurveyRound:
    """Close a round: no answer arrives after this. With enough respondents its results are to be released, which the
    worker does (`release_round`): opening every sealed response takes a second or more for a national round. A
    round closed with too few shows nothing and may be reopened."""
    locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if locked.closed_at is None:
        locked.closed_at = at or timezone.now()
        locked.save(update_fields=["closed_at", "updated_at"])
    if locked.released_at is None and respondents(locked) >= settings.SURVEY_MIN_GROUP:
        tasks.release_round.enqueue(locked.pk)  # with the database's queue, the worker sees it once this commits
    survey_round.refresh_from_db(fields=["closed_at", "released_at"])
    return survey_round


@transaction.atomic
def release(*, pk: int) -> bool:
    """Release a closed round with enough respondents, once: open its sealed responses into counters and comments and
    record the moment, for good. Safe to run twice; returns whether it released the round now."""
    locked = SurveyRound.objects.select_for_update().get(pk=pk)
    if locked.released_at is not None or locked.closed_at is None:
        return False
    if respondents(locked) < settings.SURVEY_MIN_GROUP:
        return False
    _open_the_seals(locked)
    locked.released_at = timezone.now()
    locked.save(update_fields=["released_at", "updated_at"])
    return True


def counting(survey_round: SurveyRound) -> bool:
    """Closed with enough respondents and waiting for the worker to release it: as final as released."""
    return (
        survey_round.released_at is None
        and survey_round.closed_at is not None
        and respondents(survey_round) >= settings.SURVEY_MIN_GROUP
    )


def close_if_due(*, survey_round: SurveyRound, today: datetime.date | None = None) -> SurveyRound:
    """Close a round whose closing date has passed, as of the end of that day."""
    today = today or timezone.localdate()
    if survey_round.closed_at is None and survey_round.closes_on < today:
        close_round(survey_round=survey_round, by=None, at=closing_moment(survey_round.closes_on))
    return survey_round


def close_due_rounds(*, today: datetime.date | None = None) -> int:
    """Close every round past its closing date, and release any closed with enough respondents that is not released
    yet (the daily `close_survey_rounds`, which so catches a release the worker lost); returns how many it closed."""
    today = today or timezone.localdate()
    due = list(SurveyRound.objects.filter(closed_at__isnull=True, closes_on__lt=today))
    for survey_round in due:
        close_if_due(survey_round=survey_round, today=today)
    waiting = SurveyRound.objects.filter(closed_at__isnull=False, released_at__isnull=True)
    for pk in waiting.values_list("pk", flat=True):
        release(pk=pk)
    return len(due)


def _open_the_seals(survey_round: SurveyRound) -> None:
    """Open every sealed response of the round at once: add them to its counters (every counter made, those at zero
    too) and write its comments with random keys, in a random order; then delete the sealed responses."""
    people, answers, comments, unreadable = Counter(), Counter(), [], 0
    for sealed in survey_round.sealed_responses.values_list("sealed", flat=True):
        opened = sealing.unseal(sealed)
        if opened is None:
            unreadable += 1
            continue
        people[opened["kind"]] += 1
        answers.update((question, opened["kind"], value) for question, value in opened["counted"])
        comments += opened["texts"]
    create_counters(survey_round)
    _add(RespondentCounter.objects.filter(survey_round=survey_round), lambda c: c.respondent_kind, people)
    _add(
        AnswerCounter.objects.filter(survey_round=survey_round),
        lambda c: (c.question_id, c.respondent_kind, c.value),
        answers,
    )
    shuffle(comments)
    TextAnswer.objects.bulk_create(
        [TextAnswer(id=uuid.uuid4(), survey_round=survey_round, question_id=q, text=text) for q, text in comments]
    )
    survey_round.sealed_responses.all().delete()
    if unreadable:
        logger.error(
            "%s sealed responses of survey round %s opened with no key in the settings", unreadable, survey_round.pk
        )


def _add(counters, key, added: Counter) -> None:
    changed = []
    for counter in counters:
        if added[key(counter)]:
            counter.count += added[key(counter)]
            changed.append(counter)
    counters.model.objects.bulk_update(changed, ["count"])


@transaction.atomic
def reopen_round(*, survey_round: SurveyRound, closes_on: datetime.date, by: Person) -> SurveyRound:
    """Open again until a new closing date, which cannot be in the past.

    A round whose results were released, or are being counted, stays closed: answers added now could be read off by
    comparing its results before and after. Those who had not answered get a follow-on round instead.
    """
    close_if_due(survey_round=survey_round)
    locked = SurveyRound.objects.select_for_update(of=("self",)).select_related("visit").get(pk=survey_round.pk)
    if locked.released_at is not None or counting(locked):
        raise ValidationError(RELEASED_ROUNDS_STAY_CLOSED)
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The new closing date cannot be in the past."})
    if locked.is_open_link and closes_on >= locked.visit.starts_on:
        raise ValidationError(
            {"closes_on": f"Close it before the visit's first day ({locked.visit.starts_on:%-d %B %Y})."}
        )
    locked.closed_at, locked.closes_on = None, closes_on
    locked.full_clean()
    locked.save(update_fields=["closed_at", "closes_on", "updated_at"])
    survey_round.closed_at, survey_round.closes_on = locked.closed_at, locked.closes_on
    return survey_round
