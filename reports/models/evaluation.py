"""A programme's evaluation report: built from the programme's data, with ADES's own words (key messages and
recommendations) written in the portal, and published as frozen versions like visit reports'."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel
from reviews.models import Programme


class EvaluationReport(TimeStampedModel):
    """ADES's text for a programme's evaluation report; everything else in the report is generated from data.

    The text is kept as typed: each line a paragraph, lines starting "- " or "* " bullets, always shown escaped."""

    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="evaluation")
    key_messages = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Evaluation report of {self.programme}"


def _evaluation_pdf_path(version, filename):
    return f"evaluations/{version.evaluation_id}/{filename}"


class EvaluationVersion(models.Model):
    """What was published, frozen: the content as published and the PDF the worker rendered from it."""

    evaluation = models.ForeignKey(EvaluationReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(upload_to=_evaluation_pdf_path, max_length=300, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    search_text = models.TextField(blank=True, help_text="The version's words, for the archive's search.")

    class Meta:
        ordering = ["evaluation", "-number"]
        constraints = [
            models.UniqueConstraint("evaluation", "number", name="evaluation_version_unique_number"),
        ]

    def __str__(self):
        return f"{self.evaluation}, version {self.number}"

    @property
    def filename(self) -> str:
        return f"{self.content['file_stem']}-v{self.number}.pdf"

    @property
    def file_url(self) -> str:
        """Served like a visit report's PDF (reports.published), by its content hash."""
        return reverse("reports:published-file", kwargs={"sha256": self.pdf_sha256, "name": self.filename})
