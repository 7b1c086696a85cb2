"""A second factor: who must have one, and the one rule every office page and data maintenance answer by.

`has_second_factor(request)` is true when this session's sign-in used one: allauth's record of the session's
authentication steps holds a "mfa" step (a code from an authenticator app, a passkey or security key, a recovery
code; or an organisation's provider vouching for its own second factor, recorded by the organisation sign-in, while
that provider is still offered) and, for the portal's own factors, the person still has an authenticator app or
passkey. Having an authenticator is not enough: a session that never gave it (a sign-in that skipped allauth's
steps) does not count.

`SecondFactorMiddleware`, after allauth's and the messages' middleware:
- ADES officers and superusers must have one for every page: without an authenticator they are sent to set one up,
  with one that this session did not use they are asked for it (allauth's "confirm with your second factor" page,
  which keeps them signed in and brings them back to the page they asked for);
- every page of a guarded namespace answer no one without one, whatever their role: data maintenance (`admin`), and
  the namespaces higher apps guard from their hooks (`guard_namespace`: office guards its own), so a new office page
  is covered by being in the namespace, with nothing to remember;
- what one needs to set up or give a second factor, or to leave, is always open: allauth's second-factor pages
  (only the ones that ask for it, to someone who holds one and has not given it), confirming one's password, signing
  in and out, resetting a password (static files and /healthz are served before this middleware runs).
Anyone else is offered a second factor, never made to have one.
"""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .choices import Role
from .selectors import ready_identity_providers

# The portal's own second factors (recovery codes only back them up).
FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
# A second factor that an organisation's provider vouched for (organisation sign-in records it with this type).
PROVIDER = "provider"
_guarded_namespaces = {"admin"}
OPEN_URLS = {
    "account_reauthenticate",
    "account_login",
    "accounts:sign-in",
    "accounts:sign-out",
    "account_logout",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
}
# Giving the second factor one holds: at sign-in, or to confirm it is still you.
GIVING = {"mfa_authenticate", "mfa_reauthenticate", "mfa_reauthenticate_webauthn"}
SET_UP = (
    "Your role in the portal needs a second factor: set up an authenticator app or a passkey before you go on. "
    "You will be asked for it each time you sign in."
)
GIVE = "Your role in the portal needs a second factor: confirm it is you with your authenticator app or passkey."
PAGE_NEEDS_ONE = (
    "This page needs a second factor: set up an authenticator app or a passkey, then open the page again. Once you "
    "have one, you will be asked for it each time you sign in."
)


def guard_namespace(namespace: str) -> None:
    """Every page of the URL namespace answers no one without a second factor (called from an app's hooks.py)."""
    _guarded_namespaces.add(namespace)


def has_second_factor(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    steps = [step for step in get_authentication_records(request, user) if step.get("method") == "mfa"]
    vouched = {step.get("provider") for step in steps if step.get("type") == PROVIDER}
    if vouched and vouched & {p.slug for p in ready_identity_providers()}:  # a provider turned off stops counting
        return True
    steps = [step for step in steps if step.get("type") != PROVIDER]
    return bool(steps) and is_mfa_enabled(user, FACTORS)


def must_have_second_factor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.ADES_OFFICER)


def next_step(person) -> str:
    """What happens after a reset of the person's second factor: the portal makes some set one up again, and offers
    it to others."""
    if must_have_second_factor(person):
        return "they set one up again at their next sign-in"
    return "they may set one up again from Sign-in and security"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match, user = request.resolver_match, request.user
        if match.view_name in OPEN_URLS:
            return None
        guarded = bool(_guarded_namespaces & set(match.namespaces))
        if not guarded and not must_have_second_factor(user):
            return None
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if has_second_factor(request):
            return None
        if is_mfa_enabled(user, FACTORS):
            # Holding one and not having given it: the way on is to give it, not to manage one's factors (removing
            # the one held and setting up another would be a way around it).
            if match.view_name in GIVING:
                return None
            messages.info(request, GIVE)
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        if match.view_name.startswith("mfa_"):
            return None
        messages.info(request, SET_UP if must_have_second_factor(user) else PAGE_NEEDS_ONE)
        return redirect("mfa_index")


def record_first_factor_set_up(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up one's first authenticator app or passkey proves one holds it (allauth checks a code from it, or
    the passkey's answer): it counts as this session's second factor, so the newly enrolled are not asked for it
    again at once. A later one counts for nothing: adding a factor is no way around giving the one held."""
    if authenticator.type in FACTORS and Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).count() == 1:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True)
