"""When anything derived from a round's answers may be shown: the one rule every page, export and report asks.

As in EvaP, results appear only after the round has closed, and only when at least CI_PORTAL_SURVEY_MIN_GROUP
people answered. While a round is open nothing is shown, so two readings cannot be compared to find what the
latest respondent said; and a round whose results were released is never reopened, for the same reason.
"""

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import SurveyRound

RELEASED_ROUNDS_STAY_CLOSED = (
    "This round's results have been released, so it cannot be reopened: answers added now could be worked out "
    "by comparing the results before and after. Start a follow-on round for those who did not respond."
)


class State:
    COLLECTING = "collecting"  # open, or not yet closed: nothing is shown
    TOO_FEW = "too_few"  # closed with fewer responses than the threshold: nothing is ever shown
    RELEASED = "released"


def state(survey_round: SurveyRound, *, responses: int | None = None, today=None) -> str:
    if not survey_round.has_closed(today):
        return State.COLLECTING
    if responses is None:
        responses = survey_round.responses.count()
    return State.RELEASED if responses >= settings.SURVEY_MIN_GROUP else State.TOO_FEW


def results_released(survey_round: SurveyRound, *, responses: int | None = None, today=None) -> bool:
    return state(survey_round, responses=responses, today=today) == State.RELEASED


def why_not(survey_round: SurveyRound, *, responses: int | None = None) -> str:
    """The plain reason a page has no figures; empty when it has them."""
    threshold = settings.SURVEY_MIN_GROUP
    match state(survey_round, responses=responses):
        case State.COLLECTING:
            return f"Results appear when the round closes, if {threshold} or more people responded."
        case State.TOO_FEW:
            return (
                f"This round closed with fewer than {threshold} responses, so no results are shown: "
                "they could tell what one person answered."
            )
    return ""


def released(rounds: QuerySet[SurveyRound], *, today=None) -> QuerySet[SurveyRound]:
    """The rounds whose results may be shown."""
    today = today or timezone.localdate()
    return (
        rounds.filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .annotate(released_responses=Count("responses"))
        .filter(released_responses__gte=settings.SURVEY_MIN_GROUP)
    )
