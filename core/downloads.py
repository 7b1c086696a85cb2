"""Downloads of restricted files: each is recorded (who, what, from where), for ADES officers to see who downloaded
what, and kept for the retention period (core.retention)."""

from .models import DownloadRecord


def record_download(request, what: str) -> None:
    """Record that the signed-in person downloaded a restricted file (called by the views that serve them)."""
    DownloadRecord.objects.create(person=request.user, what=what[:300], path=request.path[:500])
