"""The pre-visit stakeholder survey: a questionnaire the host opens from the visit page, answered through one open
link by anyone who has it (head teachers, staff, partners, pupils' and parents' groups), without an account.

A forwarded link is harmless: one answer per browser (a signed cookie), a limit on answers from one network address
per hour (kept as a keyed hash, never the address), and a closing date before the visit's first day. Whoever hands
out the link, or is given it, could answer it too, so its figures go to ADES officers and the team's members
independent of the hosts, never to the host's side or partner bodies (rules.py), after closing and for groups of at
least CI_PORTAL_SURVEY_MIN_GROUP who answered something (results.py).
"""

import secrets

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.audit import audited
from reviews.choices import VisitStage

from ..choices import Purpose
from ..models import Questionnaire, SurveyRound
from .questionnaires import load_questions

SLUG = "pre-visit-stakeholder-views"
COOKIE = "stakeholder_answered"
COOKIE_SALT = "surveys.stakeholder"
PER_ADDRESS_PER_HOUR = 20
STARTED = "The visit has started or is over: stakeholders' views are asked for before it, so no survey was opened."
INTRODUCTION = (
    "Your views help the visit's team understand the area before they arrive. Answers are anonymous: no name or "
    "email is asked for, and your network address is kept only as a code, for an hour, to limit repeated answers."
)


@transaction.atomic
def load_questionnaire() -> Questionnaire:
    """The starting stakeholder questionnaire (the portal's own wording, labelled so); safe to run again."""
    questionnaire, _ = Questionnaire.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Pre-visit stakeholder views",
            "introduction": INTRODUCTION,
            "source": "The portal's starting questionnaire for stakeholders",
            "purpose": Purpose.STAKEHOLDER,
        },
    )
    load_questions(questionnaire, "stakeholder_survey.csv", required=lambda kind: False)
    return questionnaire


@audited(
    "survey.round.opened", "Opened the stakeholder survey round {result}", label="Survey round opened", about=["result"]
)
@transaction.atomic
def open_round(*, visit, opens_on, closes_on, by) -> SurveyRound:
    """One stakeholder round per visit, opened before the visit and closing before its first day; none for a group's
    meeting."""
    if visit.meeting_of:
        raise ValidationError(f"The {visit.meeting_of} meeting is not a review: it has no stakeholder survey.")
    if visit.stage != VisitStage.BEFORE:
        raise ValidationError(STARTED)
    if SurveyRound.objects.filter(visit=visit, open_token__isnull=False).exists():
        raise ValidationError("This visit already has a stakeholder survey.")
    errors = {}
    if closes_on < opens_on:
        errors["closes_on"] = "The closing date must be on or after the opening date."
    elif closes_on >= visit.starts_on:
        errors["closes_on"] = (
            f"Close the survey before the visit's first day ({visit.starts_on:%-d %B %Y}), "
            "so the team can read the views first."
        )
    if errors:
        raise ValidationError(errors)
    survey_round = SurveyRound.objects.create(
        questionnaire=load_questionnaire(),
        visit=visit,
        cohort="stakeholders",
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
        open_token=secrets.token_urlsafe(24),
    )
    return survey_round


def answered_rounds(request) -> set[int]:
    value = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    return {int(pk) for pk in value.split(",") if pk.isdigit()}


def remember_answer(request, response, survey_round: SurveyRound) -> None:
    rounds = sorted(answered_rounds(request) | {survey_round.pk})
    response.set_signed_cookie(
        COOKIE,
        ",".join(map(str, rounds)),
        salt=COOKIE_SALT,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def over_limit(request, survey_round: SurveyRound) -> bool:
    """True once this network address has sent PER_ADDRESS_PER_HOUR answers to the round within the hour.

    The cache keeps a keyed hash of the address (as sign-in throttling sees it), with a key from the settings' secret
    that changes every day, so its rows say nothing about who answered; apply_retention removes them once expired."""
    day = timezone.localdate().isoformat()
    address = salted_hmac(f"surveys.stakeholder-limit.{day}", get_client_ip_address(request) or "", algorithm="sha256")
    key = f"stakeholder-limit:{survey_round.pk}:{address.hexdigest()}"
    cache.add(key, 0, 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, 60 * 60)
        count = 1
    return count > PER_ADDRESS_PER_HOUR
