"""The surveys app's background task, counting a released round, lives beside its work (services.release), which
queues it; its name here is the path tasks queued before it moved were stored under.

It can go once no task queued under this path is waiting: the worker has run every task queued before the
release that moved it (the queue's task records, kept 14 days, name no task under this path)."""

from .services.release import count_released_round

__all__ = ["count_released_round"]
