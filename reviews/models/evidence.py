"""A visit's evidence log, confidential to its team: the focus groups held and the written views received.

Never published: only how many of each were recorded (reviews.evidence.evidence_counts) may leave the team. Who may
read each entry is the entry's own choice (reviews.rules), and the person who recorded it always may.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

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
    summary = models.TextField(help_text="What the view says, briefly.")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"Written view {self.pk} of the evidence log"
