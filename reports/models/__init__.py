from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import cycles
from core.cycles import cycle_validator
from core.models import TimeStampedModel
from reports.choices import ReportAction, ReportStatus, SignOffAnswer
from reviews.models import Visit

# What a visit's team agreed, and how its next steps are followed as actions.
from .actions import Action, ActionReminder, FollowUp, Progress
from .finding import Finding


class Report(TimeStampedModel):
    """A visit's report, written by the host authority; findings live on the visit."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="report")
    context = models.TextField(blank=True, help_text="The authority and why this focus was chosen.")
    evidence = models.TextField(
        "how evidence was gathered",
        blank=True,
        help_text="Who the team met: headteachers, practitioners, partners, learners, parents.",
    )
    hosts_named_as = models.CharField(
        max_length=300, blank=True, help_text="How the report names the host authorities, if not by their names."
    )
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    return_comment = models.TextField(blank=True)
    no_areas_reason = models.TextField(
        "why there are no areas for improvement",
        blank=True,
        help_text="Only when the report names none; the approving ADES officer reads it and must accept it.",
    )

    class Meta:
        ordering = ["-updated_at"]

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ReportStatus.WITHDRAWN

    def __str__(self):
        return f"Report of the {self.visit}"


class SignOff(TimeStampedModel):
    """An external team member's word on a submitted report: that its strengths and areas for improvement reflect
    what the team found, or a comment. Asked again each time the report is submitted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sign_offs")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_sign_offs")
    answer = models.CharField(max_length=20, choices=SignOffAnswer.choices, default=SignOffAnswer.AWAITING)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "person__full_name", "pk"]
        constraints = [models.UniqueConstraint("report", "person", name="sign_off_once_per_person")]

    def __str__(self):
        return f"{self.person} on {self.report}: {self.get_answer_display()}"


class ImpactMeasure(TimeStampedModel):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="impact_measures")
    position = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=200)
    group = models.CharField(max_length=200)
    baseline_year = models.CharField(max_length=20)
    baseline_value = models.DecimalField(max_digits=7, decimal_places=2)
    followup_year = models.CharField(max_length=20)
    followup_value = models.DecimalField(max_digits=7, decimal_places=2)
    national_measure = models.ForeignKey(
        "NationalMeasure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impact_measures",
        help_text="The national measure this is, so the report shows the national figures beside it.",
    )

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint("report", "position", name="impact_measure_unique_position")]

    def __str__(self):
        return f"{self.measure}, {self.group}"

    @property
    def change_points(self) -> Decimal:
        return self.followup_value - self.baseline_value


def _pdf_path(version, filename):
    return f"reports/{version.report_id}/{filename}"


class ReportVersion(models.Model):
    """What was published, frozen: the content as published and the PDF rendered from it, never changed after."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    # Empty for summaries loaded from the programme's published final report.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=_pdf_path, max_length=300, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    search_text = models.TextField(blank=True, help_text="The version's words, for the archive's search.")

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint("report", "number", name="report_version_unique_number")]

    def __str__(self):
        return f"{self.report}, version {self.number}"

    @property
    def filename(self) -> str:
        return f"{self.content['file_stem']}-v{self.number}.pdf"

    @property
    def file_url(self) -> str:
        """Where the PDF is downloaded (reports.published serves it): named by its content, so it can be served like
        a static file."""
        return reverse("reports:published-file", kwargs={"sha256": self.pdf_sha256, "name": self.filename})


class ReportEvent(models.Model):
    """Every step of the workflow: who, when, what, and any comment or reason."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=ReportAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.by} on {self.at:%Y-%m-%d}"


class NationalMeasure(models.Model):
    """A national measure authorities already report against: ACEL by stage and organiser, school leavers in a
    positive destination, attendance, exclusions, or an LGBF indicator; for a group of pupils."""

    class Kind(models.TextChoices):
        ACEL = "acel", "Achievement of CfE Levels (ACEL)"
        DESTINATIONS = "destinations", "School leaver destinations"
        ATTENDANCE = "attendance", "Attendance"
        EXCLUSIONS = "exclusions", "Exclusions"
        LGBF = "lgbf", "LGBF indicator"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(
        max_length=200, help_text="As the published tables name it, e.g. Positive destinations (%)."
    )
    stage = models.CharField(max_length=50, blank=True, help_text="For ACEL: P1, P4, P7, S3 or P1, P4 and P7 combined.")
    organiser = models.CharField(max_length=50, blank=True, help_text="For ACEL: reading, writing, literacy, numeracy…")
    group = models.CharField(max_length=100, default="All pupils")
    # Where this group comes among the measure's groups, in the order its first source gives them (West Lothian's
    # case study: All pupils, Q1, ASN, LAC): every page and chart keeps that order, never the alphabet's.
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name", "stage", "organiser", "position", "group"]
        constraints = [
            models.UniqueConstraint("kind", "name", "stage", "organiser", "group", name="national_measure_unique")
        ]

    def __str__(self):
        parts = [self.name, self.stage, self.organiser, self.group]
        return ", ".join(part for part in parts if part)


class MeasureFigure(models.Model):
    """One year's value of a national measure for one authority, or the median of an LGBF family group, with the
    publication it comes from."""

    measure = models.ForeignKey(NationalMeasure, on_delete=models.CASCADE, related_name="figures")
    authority = models.ForeignKey(
        "authorities.Authority", on_delete=models.CASCADE, null=True, blank=True, related_name="measure_figures"
    )
    family_group = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For a family group's median.")
    year = models.CharField(max_length=7, validators=[cycle_validator])
    value = models.DecimalField(max_digits=9, decimal_places=2)
    source = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authority__isnull=False, family_group__isnull=True)
                | Q(authority__isnull=True, family_group__gte=1, family_group__lte=4),
                name="measure_figure_for_an_authority_or_a_family_median",
                violation_error_message="A figure is an authority's or a family group's median (1 to 4): give one.",
            ),
            models.UniqueConstraint("measure", "authority", "year", name="measure_figure_once_per_authority_year"),
            models.UniqueConstraint("measure", "family_group", "year", name="measure_figure_once_per_family_year"),
        ]

    def __str__(self):
        return f"{self.measure} {self.year}: {self.value}"

    def clean(self):
        self.year = cycles.normalise(self.year)  # 2023-24 is 2023–24, as imports write it
        if not cycles.is_consecutive(self.year):
            raise ValidationError({"year": "Write the school year as two consecutive years, like 2023–24."})


def https_only(value: str) -> None:
    if not value.lower().startswith("https://"):
        raise ValidationError("Enter the report's address starting https:// (a secure address).")


class AuthorityReport(TimeStampedModel):
    """An authority's own report of its visit, as the authority published it (on its website or through its
    committees): the address, checked to be https, and optionally the PDF itself, held here by its content hash."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="authority_report")
    url = models.URLField("address of the published report", max_length=500, validators=[https_only])
    published_year = models.PositiveSmallIntegerField(
        "year the authority published it", null=True, blank=True, help_text="If known."
    )
    # From an import of the authorities' links (reports/services/authority_report_import.py), where the file gives
    # them: the report's own title, and the day it was published where a full date is given.
    title = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # Which of the visit's hosts published it: for a joint visit (the islands') one council's report, not all three.
    # Empty on records held from before it was recorded; the archive then says which one is not recorded.
    published_by = models.ForeignKey(
        "authorities.Authority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    search_text = models.TextField(blank=True)

    LABEL = "the authority's report, as published"

    class Meta:
        ordering = ["visit__starts_on", "pk"]

    def __str__(self):
        return f"{self.LABEL[0].upper()}{self.LABEL[1:]}: {self.visit}"

    @property
    def filename(self) -> str:
        hosts = "-".join(host.slug for host in self.visit.hosts.all())
        return f"{hosts}-ci-visit-report-{self.visit.starts_on:%Y-%m}.pdf"

    @property
    def source(self) -> str:
        """Who published it, as far as the record says: never every host of a joint visit when only one did."""
        hosts = [host.name for host in self.visit.hosts.all()]
        if self.published_by_id:
            return f"Published by {self.published_by.name}"
        if len(hosts) == 1:
            return f"Published by {hosts[0]}"
        return f"Published by one of the visit's hosts ({', '.join(hosts)}); which one is not recorded"

    @property
    def pdf_url(self) -> str:
        if not self.pdf_sha256:
            return ""
        return reverse("reports:published-file", kwargs={"sha256": self.pdf_sha256, "name": self.filename})


class CaseStudy(TimeStampedModel):
    """An authority's own account of its visit, as a published source gives it: not a visit report.

    Its text is the source's, word for word, in the source's own parts: the authority's account of the process,
    what it would suggest to others, and the actions taken since with their impact. Each part is a list of
    blocks, {"paragraph": text} or {"bullets": [text, ...]}; an empty part is one the source does not record.
    """

    slug = models.SlugField(max_length=100, unique=True)
    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="case_study")
    source = models.CharField(max_length=300, help_text="The publication it comes from, and where in it.")
    source_year = models.PositiveSmallIntegerField(help_text="The year the source was published.")
    stated_when = models.CharField(
        max_length=50, blank=True, help_text="When the case study says the visit was, if it says."
    )
    when_note = models.TextField(blank=True, help_text="Where the sources disagree about the visit's date.")
    key_question = models.TextField(blank=True, help_text="Word for word from the source; empty if it gives none.")
    focus_areas = models.JSONField(default=list, blank=True)
    account = models.JSONField(default=list, blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    actions = models.JSONField(default=list, blank=True)
    impact = models.JSONField(default=list, blank=True, help_text="Rows of figures the source gives.")
    impact_source = models.CharField(max_length=300, blank=True)
    # What the portal adds to explain the figures (what Q1 is, whom the figures may count): shown as the portal's
    # note, apart from the source's words.
    impact_note = models.TextField(blank=True)
    not_reproduced = models.TextField(blank=True, help_text="What the source holds that is not recorded here.")
    search_text = models.TextField(blank=True)

    class Meta:
        ordering = ["visit__starts_on"]
        verbose_name_plural = "case studies"

    def __str__(self):
        return f"Case study: {self.visit.host_names}"

    def get_absolute_url(self):
        return reverse("reports:case-study", kwargs={"slug": self.slug})

    @property
    def dates_disagree(self) -> bool:
        return bool(self.stated_when) and self.stated_when != self.visit.when


__all__ = ["Action", "ActionReminder", "Finding", "FollowUp", "Progress"]

# A programme's evaluation report and its published versions.
from .evaluation import EvaluationReport, EvaluationVersion  # noqa: E402

__all__ += ["EvaluationReport", "EvaluationVersion"]
