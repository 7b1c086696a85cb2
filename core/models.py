import datetime
import uuid

from django.conf import settings
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
    """An email the portal sends, and then the record that it did: once the mail server takes it, the body (which may
    hold a personal link) is emptied and the row stays, with what, to whom and when, for the retention period
    (settings.RETENTION["messages_days"]). When every attempt fails, it waits in the outbox to be sent again.

    The key is random, so the table's order says nothing about which message was queued after which.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        SENDING = "sending", "Sending"
        FAILED = "failed", "Could not be sent"
        SENT = "sent", "Handed to the mail server"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    # What kind of message (a core.messages key, or one an app registers with core.mail.register_label).
    kind = models.CharField(max_length=50, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails_received"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["person", "queued_at"]),
            models.Index(fields=["status", "sent_at"]),
        ]

    def __str__(self):
        return f"{self.subject} to {self.to}"

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def can_send_again(self) -> bool:
        if self.status == self.Status.SENT:
            return False
        if self.status != self.Status.SENDING:
            return True
        return self.last_attempt_at is None or self.last_attempt_at < timezone.now() - STALE_SENDING


class DownloadRecord(models.Model):
    """Who downloaded a restricted file (pre-reading, an unpublished draft), and when: for ADES officers to see.

    Kept for the retention period (settings.RETENTION["downloads_days"]), then deleted by `apply_retention`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="downloads")
    what = models.CharField(max_length=300)
    path = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return self.what


class ErasureRecord(models.Model):
    """That a person was erased: by whom (or by which command), when. Nothing about the person erased."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="erasures_made"
    )
    via = models.CharField(max_length=100)
    at = models.DateTimeField(default=timezone.now)
    rows_rewritten = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"Erasure of {self.at:%Y-%m-%d}"


class MessageTemplate(models.Model):
    """An ADES officer's wording for one kind of email (core.messages); without one, the portal's own is sent."""

    key = models.CharField(max_length=50, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return self.key


class ErasureLedgerEntry(models.Model):
    """That a person was erased, kept as a keyed hash (the erasure ledger: of their email, or of their record's id
    and creation time; two entries an erasure) and the moment: no name, no email, no record id. The release step
    erases again anyone a restored backup brings back."""

    fingerprint = models.CharField(primary_key=True, max_length=64, editable=False)
    erased_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "erasure ledger entries"

    def __str__(self):
        return f"Erasure of {self.erased_at:%Y-%m-%d}"


class AuditEntry(models.Model):
    """One change, as the audit log shows it: who (`by`; none for the portal itself, or for a command, `via`, run
    naming nobody), what (`kind`, and a plain sentence), when; what it is about is in its subjects (core.audit). Kept
    for settings.RETENTION["history_years"]."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_entries"
    )
    kind = models.CharField(max_length=60, db_index=True)
    summary = models.CharField(max_length=500)
    # Where it was done when no page was: a command ("manage.py erase_person"); shown as who when nobody is named.
    via = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return self.summary


class AuditSubject(models.Model):
    """An object an audit entry is about (a survey round, its visit): any model, so core names none of them."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="subjects")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["entry", "content_type", "object_id"], name="one_subject_per_entry")
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
