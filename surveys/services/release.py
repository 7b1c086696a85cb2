"""Closing, releasing and reopening rounds. Release is a fact, recorded once: a round that closes with at least
CI_PORTAL_SURVEY_MIN_GROUP respondents is released there and then, and the worker opens its sealed responses into
counters and comments; from its release nothing about it changes (the models' signals and bulk writes, and triggers
in PostgreSQL), so no answer can be added and read off by comparing the results before and after. What may be
shown, and to whom, is surveys/results.py's to say.
"""

import datetime
import logging
import random
import uuid
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from authorities.models import Person
from core.audit import audited
from core.text import remove_direction_controls

from .. import sealing
from ..models import AnswerCounter, Invitation, RespondentCounter, SealedResponse, SurveyRound, TextAnswer, new_token
from .links import forget_chasing_emails
from .responses import create_counters, respondents

RELEASED_ROUNDS_STAY_CLOSED = (
    "This round's results have been released, so it cannot be reopened: answers added now could be worked out "
    "by comparing the results before and after. Start a follow-on round for those who did not respond."
)

logger = logging.getLogger(__name__)
shuffle = random.SystemRandom().shuffle


def closing_moment(closes_on: datetime.date) -> datetime.datetime:
    """The end of a round's closing day, in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(closes_on + datetime.timedelta(days=1), datetime.time.min))


@audited(
    "survey.round.closed", "Closed the survey round {survey_round}", label="Survey round closed", about=["survey_round"]
)
@transaction.atomic
def close_round(*, survey_round: SurveyRound, by: Person | None, at: datetime.datetime | None = None) -> SurveyRound:
    """Close a round: no answer arrives after this. With enough respondents its results are released there and then:
    the moment is recorded, for good, and the worker counts them (`count_released`), since opening every sealed
    response takes a second or more for a national round. A round closed with too few shows nothing and may be
    reopened."""
    locked = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if locked.released_at is None:
        locked.closed_at = locked.closed_at or at or timezone.now()
        if respondents(locked) >= settings.SURVEY_MIN_GROUP:
            locked.released_at = timezone.now()
        locked.save(update_fields=["closed_at", "released_at", "updated_at"])
        if locked.released_at is not None:
            count_released_round.enqueue(locked.pk)  # the database's queue: the worker sees it on commit
        forget_chasing_emails(locked)
    survey_round.closed_at, survey_round.released_at = locked.closed_at, locked.released_at
    return survey_round


@task()
def count_released_round(round_id: int) -> str:
    """The worker's task: counting a released round, which opens every sealed response (a second or more for
    thousands)."""
    if not count_released(pk=round_id):
        return "nothing to count"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The deleted sealed responses stay in the table's files, each beside the completion written with it, until
        # PostgreSQL vacuums them: now, rather than whenever autovacuum next passes.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(SealedResponse._meta.db_table)}")
    return "counted"


@transaction.atomic
def count_released(*, pk: int) -> bool:
    """Open a released round's sealed responses into its counters and comments, all at once; safe to run twice.
    If any cannot be opened (the key they were sealed with is gone from the settings), nothing is counted and the
    round waits, so its figures are never those of only some of its respondents. Returns whether it counted now."""
    locked = SurveyRound.objects.select_for_update().get(pk=pk)
    if locked.released_at is None or not locked.sealed_responses.exists():
        return False
    opened = [sealing.unseal(sealed) for sealed in locked.sealed_responses.values_list("sealed", flat=True)]
    if None in opened:
        logger.error("Survey round %s waits: %s sealed responses open with no key", pk, opened.count(None))
        return False
    _count(locked, opened)
    return True


def counted(survey_round: SurveyRound) -> bool:
    """Released and counted: nothing sealed is left to open."""
    return survey_round.released_at is not None and not survey_round.sealed_responses.exists()


def close_if_due(*, survey_round: SurveyRound, today: datetime.date | None = None) -> SurveyRound:
    """Close a round whose closing date has passed, as of the end of that day."""
    today = today or timezone.localdate()
    if survey_round.closed_at is None and survey_round.closes_on < today:
        close_round(survey_round=survey_round, by=None, at=closing_moment(survey_round.closes_on))
    return survey_round


def close_due_rounds(*, today: datetime.date | None = None) -> int:
    """Close every round past its closing date, and count any released round the worker has not counted yet (the
    daily `close_survey_rounds`, which so catches a task the worker lost); returns how many it closed."""
    due = close_past_rounds(today=today)
    waiting = SurveyRound.objects.filter(released_at__isnull=False, sealed_responses__isnull=False).distinct()
    for pk in waiting.values_list("pk", flat=True):
        count_released(pk=pk)
    return due


def close_past_rounds(*, today: datetime.date | None = None) -> int:
    """Close every round past its closing date (releasing it to be counted by the worker); how many it closed."""
    today = today or timezone.localdate()
    due = list(SurveyRound.objects.filter(closed_at__isnull=True, closes_on__lt=today))
    for survey_round in due:
        close_if_due(survey_round=survey_round, today=today)
    return len(due)


def _count(survey_round: SurveyRound, opened: list[dict]) -> None:
    """Add the opened responses to the round's counters (every counter made, those at zero too) and write their
    comments with random keys, in a random order; then delete the sealed responses. Through the plain managers: the
    models refuse to write to a released round, and the database allows it only while it still holds sealed ones."""
    people, answers, comments = Counter(), Counter(), []
    for response in opened:
        people[response["kind"]] += 1
        answers.update((question, response["kind"], value) for question, value in response["counted"])
        comments += response["texts"]
    create_counters(survey_round)
    _add(RespondentCounter, survey_round, lambda c: c.respondent_kind, people)
    _add(AnswerCounter, survey_round, lambda c: (c.question_id, c.respondent_kind, c.value), answers)
    shuffle(comments)
    TextAnswer._base_manager.bulk_create(  # a comment sealed before sealing removed direction controls loses them here
        remove_direction_controls(TextAnswer(id=uuid.uuid4(), survey_round=survey_round, question_id=q, text=text))
        for q, text in comments
    )
    SealedResponse._base_manager.filter(survey_round=survey_round).delete()


def _add(model, survey_round: SurveyRound, key, added: Counter) -> None:
    changed = []
    for counter in model._base_manager.filter(survey_round=survey_round):
        if added[key(counter)]:
            counter.count += added[key(counter)]
            changed.append(counter)
    model._base_manager.bulk_update(changed, ["count"])


@audited(
    "survey.round.reopened",
    "Reopened the survey round {survey_round} until {closes_on:%-d %B %Y}",
    label="Survey round reopened",
    about=["survey_round"],
)
@transaction.atomic
def reopen_round(*, survey_round: SurveyRound, closes_on: datetime.date, by: Person) -> SurveyRound:
    """Open again until a new closing date, which cannot be in the past.

    A round whose results were released, or are being counted, stays closed: answers added now could be read off by
    comparing its results before and after. Those who had not answered get a follow-on round instead.
    """
    close_if_due(survey_round=survey_round)
    locked = SurveyRound.objects.select_for_update(of=("self",)).select_related("visit").get(pk=survey_round.pk)
    if locked.released_at is not None:
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
    _new_links(locked)
    survey_round.closed_at, survey_round.closes_on = locked.closed_at, locked.closes_on
    return survey_round


def _new_links(survey_round: SurveyRound) -> None:
    """Those still to answer get links again where retention cleared them while the round was closed."""
    cleared = list(survey_round.invitations.filter(token__isnull=True, completion__isnull=True))
    for invitation in cleared:
        invitation.token = new_token()
    Invitation.objects.bulk_update(cleared, ["token"])
