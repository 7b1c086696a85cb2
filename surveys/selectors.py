"""Reads for survey pages. Nothing here, or anywhere, joins a response to an invitation or a person."""

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from . import release
from .choices import Moderation, QuestionKind, RespondentKind
from .models import Answer, Invitation, SurveyRound


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


def scaled_answer_counts(survey_round: SurveyRound):
    """(question, value, how many) for the round's scaled answers: counted by the database, one row a level."""
    return (
        Answer.objects.filter(response__survey_round=survey_round, value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
        .values_list("question_id", "value", "n")
        .order_by()
    )


def choice_answer_rows(survey_round: SurveyRound):
    return Answer.objects.filter(response__survey_round=survey_round, question__kind=QuestionKind.CHOICE).values_list(
        "question_id", "text"
    )


def rows_by_respondent_kind(survey_round: SurveyRound):
    return Answer.objects.filter(response__survey_round=survey_round, value__isnull=False).values_list(
        "response_id", "response__respondent_kind", "question_id", "value"
    )


def _released_rounds_like(survey_round: SurveyRound) -> QuerySet[SurveyRound]:
    """Rounds of the same questionnaire whose own results are released: a cohort adds nothing they do not show."""
    return release.released(SurveyRound.objects.filter(questionnaire=survey_round.questionnaire))


def rows_by_cohort(survey_round: SurveyRound):
    """Every released round of the same questionnaire, grouped by cohort label, for comparison."""
    return Answer.objects.filter(
        response__survey_round__in=_released_rounds_like(survey_round).values("pk"), value__isnull=False
    ).values_list("response_id", "response__survey_round__cohort", "question_id", "value")


def cohorts_of(survey_round: SurveyRound) -> list[str]:
    rounds = _released_rounds_like(survey_round).order_by("opens_on", "pk")
    return list(dict.fromkeys(rounds.values_list("cohort", flat=True)))


def respondent_kinds() -> list[str]:
    return list(RespondentKind.values)


def comments(survey_round: SurveyRound, *, moderation: Moderation | None = Moderation.PUBLISHED) -> QuerySet[Answer]:
    """Free-text answers; ordered by the response's random key, so their order says nothing about who or when."""
    answers = Answer.objects.filter(response__survey_round=survey_round, question__kind=QuestionKind.TEXT)
    if moderation:
        answers = answers.filter(moderation=moderation)
    return answers.exclude(text="").select_related("question").order_by("question__position", "response_id")


def last_visit_day(*, visit=None, phase=None, programme=None):
    """The last day of the latest visit a round would ask about (a visit known by month ends with its month)."""
    import calendar

    from reviews.choices import VisitStatus
    from reviews.models import Visit

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
