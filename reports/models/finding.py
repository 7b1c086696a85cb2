from django.db import models

from core.models import TimeStampedModel
from reports.choices import FindingKind
from reviews.models import Visit


class Finding(TimeStampedModel):
    """What a visit's team agreed: a strength, an area for improvement, or a next step (later tracked as an action)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["visit", "kind", "position"]
        constraints = [models.UniqueConstraint("visit", "kind", "position", name="finding_unique_position")]

    def __str__(self):
        return self.text[:80]

    @property
    def is_strength(self) -> bool:
        return self.kind == FindingKind.STRENGTH

    @property
    def is_area_for_improvement(self) -> bool:
        return self.kind == FindingKind.AREA_FOR_IMPROVEMENT
