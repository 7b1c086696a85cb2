"""Reads for survey pages: rounds, invitations and who has answered. Figures are read only through results.py."""

import calendar

from django.db.models import BooleanField, Case, Count, Exists, Max, OuterRef, Q, QuerySet, When
from django.utils import timezone

from core.models import OutgoingEmail
from reviews.choices import VisitStatus
from reviews.models import Visit

from .models import Completion, Invitation, SurveyRound


def round_queryset() -> QuerySet[SurveyRound]:
    return SurveyRound.objects.select_related(
        "questionnaire", "visit__theme", "phase__programme", "programme"
    ).prefetch_related("visit__hosts")


def rounds_with_counts() -> QuerySet[SurveyRound]:
    return round_queryset().annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations__completion", distinct=True),
    )


def not_yet_answered(survey_round: SurveyRound) -> QuerySet[Invitation]:
    """Who has not answered, for reminders; the page names nobody who has."""
    return (
        survey_round.invitations.filter(completion__isnull=True)
        .select_related("person__organisation")
        .annotate(reminder_count=Count("reminders"), last_reminded=Max("reminders__sent_at"))
        .order_by("person__full_name")
    )


def invitations_of(person) -> QuerySet[Invitation]:
    """The person's invitations, each with `answered`: whether they answered, only while its round has not closed
    (the round page names who has not answered only then, to remind them); once it has, None. The one place a list
    of someone's invitations learns whether they answered, for every page, export and command."""
    today = timezone.localdate()
    closed = Q(survey_round__closed_at__isnull=False) | Q(survey_round__closes_on__lt=today)
    used = Exists(Completion.objects.filter(invitation=OuterRef("pk")))
    return Invitation.objects.filter(person=person).annotate(
        answered=Case(When(closed, then=None), When(used, then=True), default=False, output_field=BooleanField())
    )


def waiting_for(person) -> QuerySet[Invitation]:
    """The person's invitations to rounds open today that they have not answered, soonest closing first."""
    today = timezone.localdate()
    return (
        Invitation.objects.filter(person=person, completion__isnull=True, token__isnull=False)
        .filter(
            survey_round__closed_at__isnull=True, survey_round__opens_on__lte=today, survey_round__closes_on__gte=today
        )
        .select_related(
            "survey_round__questionnaire",
            "survey_round__visit",
            "survey_round__phase__programme",
            "survey_round__programme",
        )
        .prefetch_related("survey_round__visit__hosts")
        .order_by("survey_round__closes_on", "pk")
    )


def response_rate(invited: int, answered: int) -> int | None:
    return round(answered * 100 / invited) if invited else None


def last_visit_day(*, visit=None, phase=None, programme=None):
    """The last day of the latest visit a round would ask about (a visit known by month ends with its month)."""
    if visit is not None:
        scope = Visit.objects.filter(pk=visit.pk)
    elif phase is not None:
        scope = Visit.objects.filter(phase=phase)
    else:
        scope = Visit.objects.filter(programme=programme)
    days = [
        ends_on or starts_on.replace(day=calendar.monthrange(starts_on.year, starts_on.month)[1])
        for starts_on, ends_on in scope.exclude(status=VisitStatus.CANCELLED).values_list("starts_on", "ends_on")
    ]
    return max(days, default=None)


def rounds_of(email: OutgoingEmail) -> list[SurveyRound]:
    """The survey rounds an email was about (through the invitations it was sent for)."""
    return list(SurveyRound.objects.filter(invitations__emails=email).distinct())
