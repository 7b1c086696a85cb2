"""Core registers nothing in data maintenance; its records are written only by its own mechanisms."""

from django.contrib import admin

from .models import AuditEntry, AuditSubject, DownloadRecord, ErasureRecord, MessageTemplate, OutgoingEmail

admin.site.guard(OutgoingEmail, DownloadRecord, ErasureRecord, MessageTemplate, AuditEntry, AuditSubject)
