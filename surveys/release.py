"""Closing, releasing and reopening rounds. Release is a fact, recorded once: a round that closes with at least
CI_PORTAL_SURVEY_MIN_GROUP respondents has its results released, its free text unsealed, and from then on nothing
about it changes (SurveyRound.save, and triggers in PostgreSQL), so no answer can be added and read off by comparing
the results before and after. What may be shown, and to whom, is surveys/results.py's to say.
"""

import datetime
import logging
import random
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Person

from . import sealing
from .models import SurveyRound, TextAnswer
from .services import respondents

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
    """Close a round. With enough respondents its results are released: recorded once, for good, and its free text
    unsealed; a round closed with too few shows nothing and may be reopened."""
    locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if locked.released_at is None:
        locked.closed_at = locked.closed_at or at or timezone.now()
        if respondents(locked) >= settings.SURVEY_MIN_GROUP:
            _unseal(locked)
            locked.released_at = timezone.now()
        locked.save(update_fields=["closed_at", "released_at", "updated_at"])
    survey_round.closed_at, survey_round.released_at = locked.closed_at, locked.released_at
    return survey_round


def close_if_due(*, survey_round: SurveyRound, today: datetime.date | None = None) -> SurveyRound:
    """Close a round whose closing date has passed, as of the end of that day (released, with enough respondents)."""
    today = today or timezone.localdate()
    if survey_round.closed_at is None and survey_round.closes_on < today:
        close_round(survey_round=survey_round, by=None, at=closing_moment(survey_round.closes_on))
    return survey_round


def close_due_rounds(*, today: datetime.date | None = None) -> int:
    """Close every round past its closing date (the daily `close_survey_rounds`); returns how many."""
    today = today or timezone.localdate()
    due = list(SurveyRound.objects.filter(closed_at__isnull=True, closes_on__lt=today))
    for survey_round in due:
        close_if_due(survey_round=survey_round, today=today)
    return len(due)


def _unseal(survey_round: SurveyRound) -> None:
    """Open every sealed text of the round and write the comments, all at once, in a random order, with random keys."""
    comments, unreadable = [], 0
    for sealed in survey_round.sealed_texts.values_list("sealed", flat=True):
        opened = sealing.unseal(sealed)
        if opened is None:
            unreadable += 1
        else:
            comments += opened
    shuffle(comments)
    TextAnswer.objects.bulk_create(
        [TextAnswer(id=uuid.uuid4(), survey_round=survey_round, question_id=q, text=text) for q, text in comments]
    )
    survey_round.sealed_texts.all().delete()
    if unreadable:
        logger.error(
            "%s sealed texts of survey round %s opened with no key in the settings", unreadable, survey_round.pk
        )


@transaction.atomic
def reopen_round(*, survey_round: SurveyRound, closes_on: datetime.date, by: Person) -> SurveyRound:
    """Open again until a new closing date, which cannot be in the past.

    A round whose results were released stays closed: answers added now could be read off by comparing
    its results before and after. Those who had not answered get a follow-on round instead.
    """
    close_if_due(survey_round=survey_round)
    if survey_round.released_at is not None:
        raise ValidationError(RELEASED_ROUNDS_STAY_CLOSED)
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The new closing date cannot be in the past."})
    if survey_round.is_open_link and closes_on >= survey_round.visit.starts_on:
        raise ValidationError(
            {"closes_on": f"Close it before the visit's first day ({survey_round.visit.starts_on:%-d %B %Y})."}
        )
    survey_round.closed_at = None
    survey_round.closes_on = closes_on
    survey_round.full_clean()
    survey_round.save(update_fields=["closed_at", "closes_on", "updated_at"])
    return survey_round
