"""Sensitive actions ask the person to confirm it is them when their last confirmation is older than
ACCOUNT_REAUTHENTICATION_TIMEOUT (CI_PORTAL_REAUTHENTICATION_SECONDS).

What counts is the strongest thing they gave in this session: the portal's own second factor (an authenticator app's
code or a passkey, at sign-in or when last asked) if they have one or signed in with one, otherwise any sign-in or
password confirmation. An organisation's provider vouching for its second factor lets them in, but never confirms a
sensitive action: the portal cannot make the provider ask again (its single sign-on answers at once, with the same
claims), so someone whose only second factor is their organisation's is asked to add one of the portal's first.
allauth's own `did_recently_reauthenticate` counts only confirmations after sign-in, so a person who has just signed
in with their second factor would be asked again at once; this module counts both.

A view is made sensitive with `@sensitive`; tests/authorities/test_reauthentication.py holds the list of them and
checks it against the URLs, so a new sensitive view cannot go unlisted.
"""

import time
from collections.abc import Callable
from functools import wraps

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .second_factor import FACTORS, PROVIDER

SECOND_FACTOR = "mfa"  # allauth's method name for a second factor given, by the portal's or by a provider
SAFE = {"GET", "HEAD", "OPTIONS"}


def has_portal_second_factor(user) -> bool:
    """An authenticator app or a passkey (recovery codes alone are only a way back to them)."""
    return is_mfa_enabled(user, types=FACTORS)


def sign_in_counts_as_confirming(sender, request, user, **kwargs) -> None:
    """A sign-in just made is as fresh as a confirmation: allauth's own pages that ask again (adding or removing a
    second factor) do not ask for the password just typed. Connected to allauth's user_logged_in in hooks.py."""
    records = get_authentication_records(request, user)
    for record in records:
        record["reauthenticated"] = True
    request.session.modified = True


def _expects_second_factor(request: HttpRequest, records: list[dict]) -> bool:
    return has_portal_second_factor(request.user) or any(r.get("method") == SECOND_FACTOR for r in records)


def confirmed_recently(request: HttpRequest) -> bool:
    """Whether the person gave the portal's second factor (or, having none, signed in or gave their password)
    recently. A provider's second factor does not count here."""
    records = get_authentication_records(request, request.user)
    if _expects_second_factor(request, records):
        records = [r for r in records if r.get("method") == SECOND_FACTOR and r.get("type") != PROVIDER]
    if not records:
        return False
    latest = max(record["at"] for record in records)
    return time.time() - latest < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def _portal_factor_first(request: HttpRequest, back: str) -> HttpResponse:
    """For someone whose only second factor is their organisation's: the portal's own is needed to confirm."""
    context = {
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
        return _portal_factor_first(request, back)
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
            # Sending a form acts; so does asking for a download at all (a HEAD too), but never OPTIONS.
            acting = request.method not in SAFE or (download_back is not None and request.method != "OPTIONS")
            # Someone not signed in is left to the view, which refuses them as it always has.
            if acting and request.user.is_authenticated:
                if check is not None:
                    check(request, **kwargs)
                if not confirmed_recently(request):
                    back = request.get_full_path() if request.method not in SAFE else download_back(request, **kwargs)
                    return challenge(request, back)
            return view(request, *args, **kwargs)

        wrapper.sensitive = True
        return wrapper

    return decorate(view) if view is not None else decorate
