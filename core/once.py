"""Make a form's submission count once, even if it is sent twice (a double click, two tabs, a retry).

The form carries a one-time key; the first request to use it claims it in the shared cache (so this holds
across application servers), and a repeat is sent where the first one went.
"""

import secrets

from django.core.cache import cache
from django.shortcuts import redirect

FIELD = "submission_key"
PENDING = "pending"
KEEP_SECONDS = 60 * 60


def new_key() -> str:
    return secrets.token_urlsafe(16)


def _cache_key(request) -> str | None:
    key = request.POST.get(FIELD, "")
    if not key or len(key) > 64:
        return None
    return f"once:{request.user.pk}:{key}"


def claim(request):
    """None if this submission is the first; otherwise the response for a repeat."""
    cache_key = _cache_key(request)
    if cache_key is None or cache.add(cache_key, PENDING, KEEP_SECONDS):
        return None
    done = cache.get(cache_key)
    return redirect(done) if done and done != PENDING else redirect(request.path)


def release(request) -> None:
    """The submission failed validation: let the same form be sent again."""
    cache_key = _cache_key(request)
    if cache_key:
        cache.delete(cache_key)


def finish(request, url: str):
    cache_key = _cache_key(request)
    if cache_key:
        cache.set(cache_key, url, KEEP_SECONDS)
    return redirect(url)
