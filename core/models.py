import datetime
import uuid

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


# A message marked "sending" for longer than this was lost with its worker, and may be sent again.
STALE_SENDING = datetime.timedelta(minutes=15)


class OutgoingEmail(models.Model):
    """An email on its way: the worker sends it and deletes it, or, when every attempt fails, keeps it for the outbox.

    The key is random, so the table's order says nothing about which message was queued after which.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending"
        FAILED = "failed", "Could not be sent"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} to {self.to}"

    @property
    def can_send_again(self) -> bool:
        if self.status != self.Status.SENDING:
            return True
        return self.last_attempt_at is None or self.last_attempt_at < timezone.now() - STALE_SENDING
