"""Links that are their own key: a signed, expiring payload in the address, so that whoever holds the link (sent
to them by email) can act on the one thing it names without an account."""

import datetime

from django.core import signing


def make(payload: dict, *, salt: str) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def read(token: str, *, salt: str, days: int) -> dict | None:
    """The payload, or None when the link is forged, altered or older than `days`."""
    try:
        return signing.loads(token, salt=salt, max_age=datetime.timedelta(days=days))
    except signing.BadSignature:
        return None
