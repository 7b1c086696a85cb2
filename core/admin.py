"""Core registers nothing in data maintenance; its records are written only by its own mechanisms."""

from django.contrib import admin

from .models import DownloadRecord, ErasureRecord, MessageTemplate, OutgoingEmail

admin.site.guard(OutgoingEmail, DownloadRecord, ErasureRecord, MessageTemplate)
