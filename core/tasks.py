"""Core's background tasks live beside their work (core.mail, core.documents), so that the module that queues a task
is the module that defines it; their names here are the paths tasks queued before they moved were stored under."""

from .documents import render_document
from .mail import deliver_email

__all__ = ["deliver_email", "render_document"]
