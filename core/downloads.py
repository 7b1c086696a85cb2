"""Downloads of restricted files: each is recorded (who, what, from where), for ADES officers to see who downloaded
what, and kept for the retention period (core.retention)."""

from .models import DownloadRecord


def record_download(*, by, what: str, path: str) -> None:
    """Record that `by` downloaded a restricted file from `path` (called by the views that serve them)."""
    DownloadRecord.objects.create(person=by, what=what[:300], path=path[:500])
