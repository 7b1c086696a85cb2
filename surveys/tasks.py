"""The surveys app's background task, counting a released round, lives beside its work (services.release), which
queues it; its name here is the path tasks queued before it moved were stored under."""

from .services.release import count_released_round

__all__ = ["count_released_round"]
