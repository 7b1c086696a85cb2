"""After the report: its next steps taken on as actions, the follow-up sessions that track them, and reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TimeStampedModel
from reports.choices import OPEN_ACTION_STATUSES, ActionStatus, FollowUpStatus
from reviews.models import Visit

from .finding import Finding


class Action(TimeStampedModel):
    """A next step from a visit's report, taken on by the host authority and tracked to done or dropped."""

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    dropped_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ActionStatus.DROPPED) | ~models.Q(dropped_reason=""),
                name="action_dropped_has_a_reason",
                violation_error_message="Give the reason the action is dropped.",
            )
        ]

    def __str__(self):
        return self.finding.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < (today or timezone.localdate())


class FollowUp(TimeStampedModel):
    """A session after the visit to track progress on its actions: proposed when the report is published, confirmed
    (or moved) by the host, which invites the team, then recorded once held."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.HELD)
    planned_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="follow_ups")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Rises each time the date moves (calendar files).")

    class Meta:
        ordering = [models.F("held_on").desc(nulls_first=True), "planned_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.HELD, held_on__isnull=False)
                | (~Q(status=FollowUpStatus.HELD) & Q(held_on__isnull=True, planned_on__isnull=False)),
                name="follow_up_held_has_a_date_planned_has_a_plan",
            )
        ]

    def __str__(self):
        when = self.held_on or self.planned_on
        return f"Follow-up on {when:%-d %B %Y}"

    @property
    def is_held(self) -> bool:
        return self.status == FollowUpStatus.HELD

    @property
    def is_proposed(self) -> bool:
        return self.status == FollowUpStatus.PROPOSED


class Progress(TimeStampedModel):
    """What a follow-up session noted about one action, and the status it agreed."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="progress")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField()
    evidence = models.TextField(blank=True)
    next_step = models.TextField(blank=True)

    class Meta:
        ordering = ["-follow_up__held_on", "action"]
        verbose_name_plural = "progress"
        constraints = [models.UniqueConstraint("follow_up", "action", name="progress_once_per_follow_up")]

    def __str__(self):
        return self.note[:80]


class ActionReminder(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at"]
        constraints = [models.UniqueConstraint("action", "sent_on", name="action_reminder_once_a_day")]

    def __str__(self):
        return f"Reminder of {self.sent_on}"
