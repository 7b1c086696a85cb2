"""Core's background tasks live beside their work (core.mail, core.documents), so that the module that queues a task
is the module that defines it; their names here are the paths tasks queued before they moved were stored under.

They can go once no task queued under these paths is waiting: the worker has run every task queued before
the release that moved them (the queue's task records, kept 14 days, name no task under these paths)."""

from .documents import render_document
from .mail import deliver_email

__all__ = ["deliver_email", "render_document"]
