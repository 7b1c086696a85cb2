"""A visit's evidence log, confidential to its team: the focus groups held and the written views received.

Never published: only how many of each were recorded (reviews.evidence.evidence_counts) may leave the team. Who may
read each entry is the entry's own choice (reviews.rules), and the person who recorded it always may.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TimeStampedModel

from ..choices import EvidenceReaders, FocusGroupKind, HostStaffPresent


class EvidenceEntry(TimeStampedModel):
    """What every entry of the log has: its visit, who may read it and who recorded it."""

    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="+")
    readers = models.CharField(
        "who may read it",
        max_length=10,
        choices=EvidenceReaders.choices,
        default=EvidenceReaders.TEAM,
        help_text="You can always read what you recorded.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    # The field holding when it happened, and the words a message uses for it.
    when_field, when_words = "", ""

    def clean(self):
        """When it happened is on or before today, and near the visit: from six months before it starts (views are
        asked for ahead) to a year after it ends; so no entry counts for a visit that cannot have gathered it."""
        super().clean()
        when = getattr(self, self.when_field, None)
        if when is None or self.visit_id is None:
            return
        starts = self.visit.starts_on
        ends = self.visit.ends_on or starts + datetime.timedelta(days=31)  # a visit known by its month
        earliest = starts - datetime.timedelta(days=183)
        latest = min(timezone.localdate(), ends + datetime.timedelta(days=366))
        if when > timezone.localdate():
            raise ValidationError(
                {self.when_field: f"Give the date it was {self.when_words}: it cannot be in the future."}
            )
        if not earliest <= when <= latest:
            raise ValidationError(
                {
                    self.when_field: f"Give the date it was {self.when_words}, between {earliest:%-d %B %Y} and "
                    f"{latest:%-d %B %Y}: from six months before the visit to a year after it."
                }
            )


class FocusGroup(EvidenceEntry):
    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="focus_groups")
    group = models.CharField("which group", max_length=20, choices=FocusGroupKind.choices)
    description = models.CharField(
        max_length=200, blank=True, help_text="For example “S4 pupils from two secondaries”. Never anyone's name."
    )
    participants = models.PositiveSmallIntegerField(
        "how many took part", null=True, blank=True, help_text="Leave empty if it was not recorded."
    )
    host_staff_present = models.CharField(
        "were host authority staff in the room?",
        max_length=15,
        choices=HostStaffPresent.choices,
        default=HostStaffPresent.NOT_RECORDED,
    )
    held_on = models.DateField("when it was held")
    when_field, when_words = "held_on", "held"
    note = models.TextField(blank=True, help_text="What the team should remember. Never anyone's name.")

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=1),
                name="focus_group_participants_positive",
                violation_error_message="How many took part is a whole number from 1, or empty if not recorded.",
            ),
            models.CheckConstraint(
                condition=~Q(group=FocusGroupKind.OTHER) | ~Q(description=""),
                name="focus_group_other_is_described",
                violation_error_message="Say who the group was.",
            ),
        ]

    def __str__(self):
        return f"Focus group {self.pk} of the evidence log"


class WrittenView(EvidenceEntry):
    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="written_views")
    from_whom = models.CharField(
        "from", max_length=200, help_text="An organisation or role, for example HMI. Never a person's name."
    )
    received_on = models.DateField("when it was received")
    when_field, when_words = "received_on", "received"
    summary = models.TextField(help_text="What the view says, briefly.")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"Written view {self.pk} of the evidence log"
