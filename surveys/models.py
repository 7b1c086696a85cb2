import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel
from reviews.models import Phase, Programme, Visit

from .choices import (
    SCALES,
    Moderation,
    Purpose,
    QuestionKind,
    RespondentKind,
)


class Questionnaire(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    introduction = models.TextField(blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.SURVEY)
    source = models.TextField(blank=True, help_text="Where the questions come from, when not written here.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(TimeStampedModel):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=50)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.TextField()
    help_text = models.CharField(max_length=300, blank=True)
    guidance = models.TextField(blank=True, help_text="For a quality indicator: its guidance and illustrations.")
    rubric = models.TextField(blank=True, help_text="For a quality indicator: what each grade looks like.")
    required = models.BooleanField(default=True)
    options = models.JSONField(default=list, blank=True, help_text="The choices of a single-choice question.")

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint("questionnaire", "position", name="question_unique_position"),
            models.UniqueConstraint("questionnaire", "code", name="question_unique_code"),
        ]

    def __str__(self):
        return self.text

    @property
    def scale(self) -> list[tuple[int, str]]:
        return SCALES.get(self.kind, [])

    @property
    def is_scaled(self) -> bool:
        return self.kind in SCALES


class SurveyRound(TimeStampedModel):
    """A questionnaire sent to the team of one visit, or to every team of a phase or of a whole programme."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="rounds")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_rounds")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_rounds")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_rounds"
    )
    cohort = models.CharField(max_length=100, help_text="For comparisons between rounds, e.g. pilot, interim, final.")
    opens_on = models.DateField()
    closes_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A visit's pre-visit stakeholder round is answered through one open link (this key) rather than invitations.
    open_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # A round for those who had not answered a round whose results were already released.
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ons", verbose_name="follow-on of"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit__isnull=False, phase__isnull=True, programme__isnull=True)
                | Q(visit__isnull=True, phase__isnull=False, programme__isnull=True)
                | Q(visit__isnull=True, phase__isnull=True, programme__isnull=False),
                name="survey_round_for_a_visit_phase_or_programme",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_round_closes_after_it_opens"
            ),
        ]

    def __str__(self):
        return f"{self.questionnaire}: {self.audience} ({self.cohort})"

    def get_absolute_url(self):
        return reverse("surveys:round-detail", kwargs={"pk": self.pk})

    @property
    def audience(self) -> str:
        if self.visit_id:
            return f"visit to {self.visit.host_names}, {self.visit.when}"
        if self.phase_id:
            return f"{self.phase.programme}, {self.phase}"
        return str(self.programme)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def has_closed(self, today=None) -> bool:
        """Closed by an officer, or past its closing date: no answer can arrive until it is reopened."""
        today = today or timezone.localdate()
        return self.closed_at is not None or today > self.closes_on


def _token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(TimeStampedModel):
    """One person's personal link to a round. It records that they answered, never what."""

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_invitations")
    # Cleared once the round has closed (apply_retention): the link is no use then, and whether it was used stays.
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, default=_token)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [models.UniqueConstraint("survey_round", "person", name="invitation_once_per_person")]

    def __str__(self):
        return f"{self.person} to {self.survey_round}"

    def get_absolute_url(self):
        return reverse("surveys:respond", kwargs={"token": self.token}) if self.token else ""


class Reminder(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at"]
        # At most one reminder a day, however often the command or the button runs.
        constraints = [models.UniqueConstraint("invitation", "sent_on", name="reminder_once_a_day")]

    def __str__(self):
        return f"Reminder of {self.sent_on}"


class Completion(models.Model):
    """That an invitation was answered, and nothing more: no time, no key of its own. The database refuses a second."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, primary_key=True, related_name="completion")

    def __str__(self):
        return f"{self.invitation} answered"


class Response(models.Model):
    """An anonymous set of answers: no person, no invitation, no time.

    Its key is random, and every submission stores the round's responses again in a random order
    (services.submit_response), so neither keys, row order nor the transaction that wrote a row
    pairs a response with the invitation marked answered at the same moment.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    respondent_kind = models.CharField(max_length=30, choices=RespondentKind.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"A response to {self.survey_round}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    moderation = models.CharField(max_length=20, choices=Moderation.choices, default=Moderation.PENDING)

    class Meta:
        ordering = ["question__position"]
        constraints = [models.UniqueConstraint("response", "question", name="answer_once_per_question")]

    def __str__(self):
        return f"Answer to {self.question.code}"
