"""The pre-visit stakeholder survey: a questionnaire the host opens from the visit page, answered through one open
link by anyone who has it (head teachers, staff, partners, pupils' and parents' groups), without an account.

A forwarded link is harmless: one answer per browser (a signed cookie), a limit on answers from one network address
per hour (kept as a keyed hash, never the address; both in throttle.py), and a closing date before the visit's first
day. Whoever hands out the link, or is given it, could answer it too, so its figures go to ADES officers and the
team's members independent of the hosts, never to the host's side or partner bodies (rules.py), after closing and for
groups of at least CI_PORTAL_SURVEY_MIN_GROUP who answered something (results.py).
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audited
from reviews.choices import VisitStage

from ..choices import Purpose
from ..models import Questionnaire, SurveyRound
from .questionnaires import load_questions

SLUG = "pre-visit-stakeholder-views"
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
