from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from authorities.models import Authority
from core.cycles import cycle_validator, to_slug
from core.models import TimeStampedModel
from surveys.choices import EVALUATION_SCALE
from surveys.models import Question, Questionnaire

from .choices import SelfEvaluationStatus, SelfEvaluationStep


class SelfEvaluation(TimeStampedModel):
    """An authority's evaluation of itself against a framework's quality indicators, once per cycle.

    The framework is a questionnaire of six-point questions, so the survey's questions and scale serve both.
    """

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="self_evaluations")
    cycle = models.CharField(max_length=20, validators=[cycle_validator])
    framework = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="self_evaluations")
    # Submitted (and so locked) exactly when it has a submission time; a draft has none.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-cycle", "authority__name"]
        constraints = [models.UniqueConstraint("authority", "cycle", name="self_evaluation_once_per_cycle")]

    def __str__(self):
        return f"{self.authority} self-evaluation, {self.cycle}"

    def get_absolute_url(self):
        return reverse("quads:self-evaluation", kwargs={"slug": self.authority.slug, "cycle": to_slug(self.cycle)})

    @property
    def is_locked(self) -> bool:
        return self.submitted_at is not None

    @property
    def status(self) -> SelfEvaluationStatus:
        return SelfEvaluationStatus.SUBMITTED if self.is_locked else SelfEvaluationStatus.DRAFT


class Grade(TimeStampedModel):
    """One quality indicator of a self-evaluation: a grade on the six-point scale, the evidence and next steps."""

    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="grades")
    indicator = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="grades")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)

    class Meta:
        ordering = ["self_evaluation", "indicator__position"]
        constraints = [
            models.UniqueConstraint("self_evaluation", "indicator", name="grade_once_per_indicator"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=6), name="grade_on_the_six_point_scale"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.level}"

    @property
    def level_label(self) -> str:
        return dict(EVALUATION_SCALE).get(self.level, "")


class SelfEvaluationEvent(models.Model):
    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20, choices=SelfEvaluationStep.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_step_display()} by {self.by}"


class Quad(TimeStampedModel):
    """Four similar authorities working together in one cycle; entered by officers, never published."""

    name = models.CharField(max_length=100)
    cycle = models.CharField(max_length=20, validators=[cycle_validator], help_text="For example, 2024–25.")
    members = models.ManyToManyField(Authority, related_name="quads")
    challenges = models.TextField(
        "agreed challenges", blank=True, help_text="What the Quad agreed to challenge each other on, at its meeting."
    )
    support = models.TextField("agreed support", blank=True, help_text="Who will support whom, and how.")

    QUAD_SIZE = 4

    class Meta:
        ordering = ["-cycle", "name"]
        constraints = [models.UniqueConstraint("cycle", Lower("name"), name="quad_unique_name_per_cycle")]

    def __str__(self):
        return f"{self.name} ({self.cycle})"

    def get_absolute_url(self):
        return reverse("quads:quad-detail", kwargs={"pk": self.pk})


class QuadMeeting(models.Model):
    """A Quad's meeting: a visit hosted by its four authorities, scheduled from the Quad's page."""

    quad = models.ForeignKey(Quad, on_delete=models.CASCADE, related_name="meeting_links")
    visit = models.OneToOneField("reviews.Visit", on_delete=models.CASCADE, related_name="quad_meeting")

    def __str__(self):
        return f"{self.visit} for {self.quad}"


class IndicatorAgreement(models.Model):
    """What a Quad agreed at its meeting on one quality indicator: the challenge, and the support."""

    quad = models.ForeignKey(Quad, on_delete=models.CASCADE, related_name="indicator_agreements")
    indicator = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    challenges = models.TextField("agreed challenges", blank=True)
    support = models.TextField("agreed support", blank=True)

    class Meta:
        ordering = ["quad", "indicator__position"]
        constraints = [models.UniqueConstraint("quad", "indicator", name="indicator_agreement_once_per_quad")]

    def __str__(self):
        return f"{self.quad}: {self.indicator.code}"


class QuadsGuidance(models.Model):
    """One version of the Quads guidance; the newest is the one shown. Versions are never edited."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Paragraphs separated by a blank line; a line starting “## ” is a heading.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name_plural = "Quads guidance versions"

    def __str__(self):
        return f"{self.title} (version {self.number})"

    def get_absolute_url(self):
        return reverse("quads:guidance-version", kwargs={"number": self.number})
