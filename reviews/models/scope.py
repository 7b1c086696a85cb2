"""Reviews below authority level: the establishments (a secondary school, say) or the cluster of the host authority a
visit focuses on. A visit with none is an authority-wide review."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from core.exports import is_formula_like
from core.models import TimeStampedModel

from ..choices import FocusKind

SEED_CODE = RegexValidator(
    r"^[0-9]{7}$", "Enter the SEED code as the 7 digits the Scottish Government gives the school, like 5244439."
)

CLUSTER_HAS_NO_SEED = "A cluster has no SEED code: leave it empty, or choose an establishment."
ALREADY_ON_VISIT = "It is already on this visit."


class FocusEstablishment(TimeStampedModel):
    """An establishment or a cluster a visit focuses on, with the school's SEED code where given."""

    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="focus_establishments")
    kind = models.CharField(max_length=20, choices=FocusKind.choices, default=FocusKind.ESTABLISHMENT)
    name = models.CharField(max_length=200)
    # Room for what is mistyped, so the one message is SEED_CODE's; the check constraint holds it to 7 digits.
    seed_code = models.CharField("SEED code", max_length=12, blank=True, validators=[SEED_CODE])
    host = models.ForeignKey(
        "authorities.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="host authority",
        help_text="Which of the visit's host authorities it belongs to, when the visit has several.",
    )

    class Meta:
        ordering = ["-kind", "name", "pk"]  # establishments, then clusters
        constraints = [
            models.UniqueConstraint(
                "visit", "seed_code", condition=~Q(seed_code=""), name="focus_establishment_seed_once_per_visit"
            ),
            models.CheckConstraint(condition=Q(seed_code="") | Q(seed_code__regex=r"^[0-9]{7}$"), name="seed_code_7"),
            models.CheckConstraint(
                condition=~Q(kind=FocusKind.CLUSTER) | Q(seed_code=""),
                name="focus_cluster_has_no_seed_code",
                violation_error_message=CLUSTER_HAS_NO_SEED,
            ),
            models.UniqueConstraint(
                "visit",
                "kind",
                Lower("name"),
                name="focus_establishment_name_once_per_visit",
                violation_error_message=ALREADY_ON_VISIT,
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        """The cluster rule, next to the SEED code field (the check constraint holds it in the database too); a name
        a spreadsheet would run as a formula is refused, as the imports refuse such cells."""
        if is_formula_like(self.name.strip()):
            raise ValidationError({"name": "Start the name with a letter or number: a spreadsheet would run it."})
        if self.kind == FocusKind.CLUSTER and self.seed_code:
            raise ValidationError({"seed_code": CLUSTER_HAS_NO_SEED})

    @property
    def label(self) -> str:
        """As reports, the archive and the network show it: "Focus: Inverurie Academy (SEED 5244439)"."""
        if self.kind == FocusKind.CLUSTER:
            return f"Cluster: {self.name}"
        seed = f" (SEED {self.seed_code})" if self.seed_code else ""
        return f"Focus: {self.name}{seed}"
