"""Preparing a team for its visit: the induction pack each member reads, and the visit's day plan."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q

from ..choices import SessionMode


class InductionPack(models.Model):
    """One version of the induction pack; the newest is the one shown. Versions are never edited."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Paragraphs separated by a blank line; a line starting “## ” is a heading.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"{self.title} (version {self.number})"


class InductionRead(models.Model):
    """That a person marked a version of the pack as read."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="induction_reads")
    pack = models.ForeignKey(InductionPack, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint("person", "pack", name="induction_read_once")]

    def __str__(self):
        return f"{self.person} read {self.pack}"


class DaySession(models.Model):
    """One session of a visit's day plan: which day, when, what, who, where, and the focus area it serves."""

    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="day_sessions")
    day = models.PositiveSmallIntegerField()
    starts_at = models.TimeField()
    ends_at = models.TimeField(null=True, blank=True)
    title = models.CharField(max_length=200)
    who = models.CharField(max_length=300, blank=True)
    where = models.CharField(max_length=200, blank=True)
    focus_area = models.CharField(max_length=300, blank=True)
    # Online or hybrid: the meeting link (https only) is the team's, never shown to the public or in a report.
    mode = models.CharField("held", max_length=20, choices=SessionMode.choices, default=SessionMode.IN_PERSON)
    meeting_link = models.URLField(max_length=500, blank=True, validators=[URLValidator(schemes=["https"])])
    updated_at = models.DateTimeField(auto_now=True)  # the visit pack's date is the latest of its parts'

    class Meta:
        ordering = ["visit", "day", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(day__gte=1) & Q(day__lte=5), name="day_session_day_1_to_5"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="day_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(mode=SessionMode.IN_PERSON, meeting_link="")
                | (~Q(mode=SessionMode.IN_PERSON) & ~Q(meeting_link="")),
                name="day_session_link_when_online",
            ),
        ]

    def __str__(self):
        return f"Day {self.day}, {self.starts_at:%H:%M}: {self.title}"

    @property
    def is_online(self) -> bool:
        """Online or hybrid: it has a meeting link."""
        return self.mode != SessionMode.IN_PERSON
