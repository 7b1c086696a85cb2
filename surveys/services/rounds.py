"""Opening a round (its invitations, each emailed their own link) and reminding those who have not answered."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.models import Person
from core import messages
from core.audit import audited
from core.mail import queue_email
from reviews.choices import PlaceAnswer, VisitStatus
from reviews.models import Phase, Programme, TeamMembership, Visit

from ..models import Invitation, Questionnaire, Reminder, SurveyRound

REMINDER_DAYS_BEFORE_CLOSING = (3, 1)


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
