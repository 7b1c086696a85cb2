import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
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
    StakeholderRole,
)

RELEASED_IS_FINAL = (
    "This round's results have been released, so nothing about it can change: not its dates, not whether it is "
    "open, not its answers. A change now could be read off by comparing the results before and after."
)


class FinalOnceReleased(models.QuerySet):
    """Bulk writes that would change a released round, or what was counted in it, are refused as saves are (by the
    signals below); PostgreSQL's triggers refuse them again, for anything that goes around the models."""

    round_path = "survey_round__"
    changeable: frozenset[str] = frozenset()

    def _touches_a_released_round(self) -> bool:
        return self.filter(**{self.round_path + "released_at__isnull": False}).exists()

    def update(self, **kwargs):
        if set(kwargs) - self.changeable and self._touches_a_released_round():
            raise ValidationError(RELEASED_IS_FINAL)
        return super().update(**kwargs)

    def delete(self):
        if self._touches_a_released_round():
            raise ValidationError(RELEASED_IS_FINAL)
        return super().delete()


class Rounds(FinalOnceReleased):
    round_path = ""


class Completions(FinalOnceReleased):
    round_path = "invitation__survey_round__"


class Comments(FinalOnceReleased):
    changeable = frozenset({"moderation", "text"})  # officers moderate; erasure removes a name typed into one


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
    # When the round closed with enough responses for its results to be shown. Set once (services.close_round) and
    # never undone: from then on the round, its counters and its completions are final (save() below, and triggers
    # in PostgreSQL), so no later answer can be read off by comparing two readings.
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A visit's pre-visit stakeholder round is answered through one open link (this key) rather than invitations.
    open_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # A round for those who had not answered a round whose results were already released.
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ons", verbose_name="follow-on of"
    )

    objects = Rounds.as_manager()

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
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(closed_at__isnull=False),
                name="survey_round_released_only_once_closed",
            ),
        ]

    def __str__(self):
        return f"{self.questionnaire}: {self.audience} ({self.cohort})"

    def get_absolute_url(self):
        return reverse("surveys:round-detail", kwargs={"pk": self.pk})

    @property
    def is_open_link(self) -> bool:
        """Answered through one open link (the stakeholder survey) rather than personal invitations."""
        return self.open_token is not None

    @property
    def respondent_kinds(self) -> list[str]:
        """The groups its answers are counted by: the role stakeholders give, or the kind of a person's organisation."""
        return list(StakeholderRole.values if self.is_open_link else RespondentKind.values)

    @property
    def audience(self) -> str:
        if self.visit_id:
            return f"{self.visit.title_in_sentence.removeprefix('the ')}, {self.visit.when}"
        if self.phase_id:
            return f"{self.phase.programme}, {self.phase}"
        return str(self.programme)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def opens_later(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and today < self.opens_on

    def has_closed(self, today=None) -> bool:
        """Closed by an officer, or past its closing date: no answer can arrive until it is reopened."""
        today = today or timezone.localdate()
        return self.closed_at is not None or today > self.closes_on


def new_token() -> str:
    return secrets.token_urlsafe(32)


_token = new_token  # as the early migrations name it


class Invitation(TimeStampedModel):
    """One person's personal link to a round. It records that they answered, never what."""

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_invitations")
    # Cleared once the round has closed (apply_retention): the link is no use then, and whether it was used stays.
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, default=new_token)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Its emails (the link, reminders, the link sent again): those that would say the person had not yet answered
    # are deleted when the round closes (surveys.services.release.close_round), as the round page stops naming them
    # then.
    emails = models.ManyToManyField("core.OutgoingEmail", blank=True, related_name="+")

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

    objects = Completions.as_manager()

    def __str__(self):
        return f"{self.invitation} answered"


class AnswerCounter(models.Model):
    """How many respondents of one kind gave one answer to one question of a round (a scale value, or the index of a
    chosen option). Counters, not rows: nothing is kept per response, so nothing links one person's answers together.

    Written when the round's results are released, from every sealed response at once (release.py), and never
    changed after: while a round collects there are no counts to read, to compare or to find in old row versions.
    """

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="answer_counters")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answer_counters")
    respondent_kind = models.CharField(max_length=30)
    value = models.SmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    objects = FinalOnceReleased.as_manager()

    class Meta:
        ordering = ["survey_round", "question__position", "respondent_kind", "-value"]
        constraints = [
            models.UniqueConstraint(
                "survey_round", "question", "respondent_kind", "value", name="answer_counter_once_per_answer"
            )
        ]

    def __str__(self):
        return f"{self.count} × {self.value} to {self.question.code} ({self.respondent_kind})"


class RespondentCounter(models.Model):
    """How many people of one kind answered at least one question of a round: the n every threshold reads."""

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="respondent_counters")
    respondent_kind = models.CharField(max_length=30)
    count = models.PositiveIntegerField(default=0)

    objects = FinalOnceReleased.as_manager()

    class Meta:
        ordering = ["survey_round", "respondent_kind"]
        constraints = [
            models.UniqueConstraint("survey_round", "respondent_kind", name="respondent_counter_once_per_kind")
        ]

    def __str__(self):
        return f"{self.count} {self.respondent_kind}"


class SealedResponse(models.Model):
    """One response, encrypted until its round's results are released (sealing.py): then it is opened into the
    counters and comments, with every other response of the round, and deleted. No key of its own that orders it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="sealed_responses")
    sealed = models.BinaryField()

    objects = FinalOnceReleased.as_manager()

    def __str__(self):
        return f"A sealed response to {self.survey_round}"


class TextAnswer(models.Model):
    """A comment, on its own: no respondent, no kind, no time, and a random key. Written only when the round's
    results are released, with every other comment of the round, shuffled, so nothing pairs it with its author,
    with their scaled answers or with their other comments."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="text_answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="text_answers")
    text = models.TextField()
    moderation = models.CharField(max_length=20, choices=Moderation.choices, default=Moderation.PENDING)

    objects = Comments.as_manager()

    class Meta:
        ordering = ["question__position", "id"]

    def __str__(self):
        return f"Comment on {self.question.code}"

    @property
    def is_published(self) -> bool:
        return self.moderation == Moderation.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.moderation == Moderation.HIDDEN


# A released round is final, whoever asks: a page, a service, data maintenance, a command, or a fixture loaded with
# loaddata (which saves "raw", past save() but not past these signals). Bulk writes are FinalOnceReleased's to refuse,
# and PostgreSQL's triggers refuse anything that goes around the models.


def _released(round_pk) -> bool:
    return SurveyRound._base_manager.filter(pk=round_pk, released_at__isnull=False).exists()


@receiver(pre_save, sender=SurveyRound)
@receiver(pre_delete, sender=SurveyRound)
def _round_is_final(sender, instance, **kwargs):
    if instance.pk is not None and _released(instance.pk):
        raise ValidationError(RELEASED_IS_FINAL)


@receiver(pre_save, sender=Completion)
@receiver(pre_delete, sender=Completion)
def _who_answered_is_final(sender, instance, **kwargs):
    if SurveyRound._base_manager.filter(invitations=instance.invitation_id, released_at__isnull=False).exists():
        raise ValidationError(RELEASED_IS_FINAL)  # an answer now would show in the figures as a difference


@receiver(pre_save, sender=AnswerCounter)
@receiver(pre_save, sender=RespondentCounter)
@receiver(pre_save, sender=SealedResponse)
@receiver(pre_delete, sender=AnswerCounter)
@receiver(pre_delete, sender=RespondentCounter)
@receiver(pre_delete, sender=TextAnswer)
def _answers_are_final(sender, instance, **kwargs):
    if _released(instance.survey_round_id):
        raise ValidationError(RELEASED_IS_FINAL)  # the release counts them with the plain managers, without signals


@receiver(pre_save, sender=TextAnswer)
def _no_new_comment(sender, instance, **kwargs):
    """A comment may be moderated, and a name erased from it; none may be added to a released round."""
    if _released(instance.survey_round_id) and not TextAnswer._base_manager.filter(pk=instance.pk).exists():
        raise ValidationError(RELEASED_IS_FINAL)
