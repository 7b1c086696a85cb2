"""Sensitive actions ask the person to confirm it is them when their last confirmation is older than
ACCOUNT_REAUTHENTICATION_TIMEOUT (CI_PORTAL_REAUTHENTICATION_SECONDS).

What counts is the strongest thing they gave in this session: their second factor (at sign-in, through their
organisation's provider when its token said so, or when last asked) if they have one, otherwise any sign-in or
password confirmation. allauth's own `did_recently_reauthenticate` counts only confirmations after sign-in, so a
person who has just signed in with their second factor would be asked again at once; this module counts both.

A view is made sensitive with `@sensitive`; tests/authorities/test_reauthentication.py holds the list of them and
checks it against the URLs, so a new sensitive view cannot go unlisted.
"""

import time
from collections.abc import Callable
from functools import wraps

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

SECOND_FACTOR = "mfa"  # allauth's method name for a second factor given, by the portal's or by a provider
PORTAL_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_portal_second_factor(user) -> bool:
    """An authenticator app or a passkey (recovery codes alone are only a way back to them)."""
    return is_mfa_enabled(user, types=PORTAL_FACTORS)


def _expects_second_factor(request: HttpRequest, records: list[dict]) -> bool:
    return has_portal_second_factor(request.user) or any(r.get("method") == SECOND_FACTOR for r in records)


def confirmed_recently(request: HttpRequest) -> bool:
    """Whether the person gave their second factor (or, having none, signed in or gave their password) recently."""
    records = get_authentication_records(request, request.user)
    if _expects_second_factor(request, records):
        records = [record for record in records if record.get("method") == SECOND_FACTOR]
    if not records:
        return False
    latest = max(record["at"] for record in records)
    return time.time() - latest < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def _organisation_sign_in(request: HttpRequest, back: str) -> HttpResponse:
    """For someone whose second factor is their organisation's: signing in with it again is the way to confirm."""
    account = SocialAccount.objects.filter(user=request.user).order_by("-last_login").first()
    try:
        sign_in = reverse("openid_connect_login", kwargs={"provider_id": account.provider}) if account else None
    except NoReverseMatch:
        sign_in = None
    context = {
        "sign_in": sign_in,
        "back": back,
        "sent": request.method == "POST",
        "minutes": max(settings.ACCOUNT_REAUTHENTICATION_TIMEOUT // 60, 1),
    }
    return render(request, "authorities/reauthenticate_with_organisation.html", context)


def challenge(request: HttpRequest, back: str) -> HttpResponse:
    """Send the person to confirm it is them: with their second factor, else their password. A form sent is kept
    by allauth and carried out once they have confirmed; otherwise they come back to `back`."""
    records = get_authentication_records(request, request.user)
    if has_portal_second_factor(request.user):
        confirm = reverse("mfa_reauthenticate")
    elif request.user.has_usable_password() and not _expects_second_factor(request, records):
        confirm = reverse("account_reauthenticate")
    else:
        return _organisation_sign_in(request, back)
    if request.method == "POST":
        return suspend_request(request, confirm)
    messages.info(request, "Confirm it is you, then carry on where you were.")
    return redirect_to_login(back, login_url=confirm)


def sensitive(
    view: Callable | None = None,
    *,
    check: Callable[..., object] | None = None,
    download_back: Callable[..., str] | None = None,
):
    """Ask for a fresh confirmation before the view acts. `check(request, **kwargs)` first refuses (raises) whoever
    may not act at all, so that they are refused as before rather than asked to confirm. Only sending the view's form
    is challenged, unless the view acts on a visit (a download): then `download_back(request, **kwargs)` says where
    the person returns after confirming."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            acting = request.method == "POST" or (request.method == "GET" and download_back is not None)
            # Someone not signed in is left to the view, which refuses them as it always has.
            if acting and request.user.is_authenticated:
                if check is not None:
                    check(request, **kwargs)
                if not confirmed_recently(request):
                    back = request.get_full_path() if request.method == "POST" else download_back(request, **kwargs)
                    return challenge(request, back)
            return view(request, *args, **kwargs)

        wrapper.sensitive = True
        return wrapper

    return decorate(view) if view is not None else decorate
