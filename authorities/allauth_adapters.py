"""How django-allauth's sign-in fits the portal: nobody signs up (an ADES officer adds people), its messages say what
to do next in plain words, the secrets of second factors are kept encrypted, and an organisation's own sign-in
(OpenID Connect) only ever finds an existing person."""

import base64

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.mfa import stages as mfa_stages
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base.constants import AuthError
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from .oidc import is_multi_factor
from .reauthentication import has_portal_second_factor
from .selectors import people_signing_in, ready_identity_providers
from .services import identity_providers

ASK_ADES = "Ask an ADES programme officer to add you to the portal with your organisation's email address."
USE_PASSWORD = "Sign in with your email address and password instead, or ask an ADES programme officer for help."
ASK_ADES_TO_CHECK = "Ask an ADES programme officer to check your account in the portal."
SUPERUSER_SIGNS_IN = "Sign in with your email address, password and second factor."
TRY_AGAIN = "Go back to the sign-in page and start again, or sign in with your email address and password."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not right. Check them and try again.",
        "account_inactive": "This account has been closed. Ask an ADES programme officer if you need it again.",
        "too_many_login_attempts": "Too many attempts to sign in. Wait a few minutes and try again.",
    }

    def is_open_for_signup(self, request):
        return False

    def get_reauthentication_methods(self, user):
        """Someone with a second factor confirms with it: their password alone would be the weaker of the two."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and has_portal_second_factor(user):
            return [method for method in methods if method["id"] != "reauthenticate"]
        return methods

    def get_login_stages(self) -> list[str]:
        mfa = "allauth.mfa.stages.AuthenticateStage"
        return [f"{__name__}.AuthenticateStage" if stage == mfa else stage for stage in super().get_login_stages()]


def _mfa_keys() -> MultiFernet:
    """The first of SECRET_KEY and SECRET_KEY_FALLBACKS locks, any of them opens (as survey responses are kept): a key
    derived for this use alone, never the secret key itself."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    derived = [
        salted_hmac("authorities.mfa", "authenticators", secret=key, algorithm="sha256").digest() for key in secrets
    ]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(key)) for key in derived])


class MFAAdapter(DefaultMFAAdapter):
    """An authenticator app's secret and the seed of recovery codes are kept encrypted (Fernet), so a copy of the
    database (a backup, a restore elsewhere) cannot make codes without the settings' secret key. A refused code says
    why it may have been refused and what to try instead (a code already used is refused like a wrong one)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code is not right, or it has been used already. Enter the newest code your authenticator app shows, "
            "or a recovery code you have not used before."
        ),
    }

    def encrypt(self, text: str) -> str:
        return _mfa_keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _mfa_keys().decrypt(encrypted_text.encode()).decode()


def _refuse(request, message: str, what_next: str):
    """End an organisation sign-in with a plain page: why, and what to do next (status 403)."""
    context = {"message": message, "what_next": what_next}
    raise ImmediateHttpResponse(render(request, "socialaccount/refused.html", context, status=403))


def _claims(sociallogin) -> tuple[dict, dict]:
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or {}, data.get("userinfo") or {}


def _email_confirmed(idp, claims: dict) -> bool:
    """Whether the address may be trusted: the provider says it is verified (email_verified, or Entra ID's optional
    xms_edov, "email domain owner verified"); or, when it says neither, the provider vouches for its domains' addresses.
    A provider saying it is not verified is believed, vouching or not."""
    said = next((claims[name] for name in ("email_verified", "xms_edov") if claims.get(name) is not None), None)
    if said is None:
        return idp.vouches_for_domain_emails
    return said in (1, "1") or parse_bool_safely(said)


def _refuse_unless_its_own(request, idp, person) -> None:
    """A provider signs in only its own organisation's people, and never a superuser: whoever runs a provider could
    otherwise sign in as anyone whose address it covers, with a second factor it merely claims (`amr`)."""
    if person.is_superuser:
        _refuse(request, f"A superuser cannot sign in with {idp.name}.", SUPERUSER_SIGNS_IN)
    if person.organisation_id != idp.organisation_id:
        _refuse(request, f"{idp.name} signs in only the people of {idp.organisation}.", ASK_ADES_TO_CHECK)


class AuthenticateStage(mfa_stages.AuthenticateStage):
    """allauth's second-factor step, unless this sign-in came through an organisation's provider whose ID token says
    a second factor was used there (`amr`, authorities.oidc.is_multi_factor): that is recorded as the session's
    second factor ("mfa", type "provider") and the portal's own is not asked again."""

    def handle(self) -> tuple:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and self.login.user is not None:
            amr = _claims(sociallogin)[0].get("amr")
            if is_multi_factor(amr):
                slug = sociallogin.account.provider
                record_authentication(self.request, self.login.user, "mfa", type="provider", provider=slug, amr=amr)
                return None, True
        return super().handle()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Organisation sign-in: the providers are the active IdentityProvider records whose secret is set; a sign-in is
    matched by email, within the domains its provider covers, to an existing person, and never makes one."""

    def is_open_for_signup(self, request, sociallogin):
        return False

    def is_auto_signup_allowed(self, request, sociallogin):
        return False

    def list_apps(self, request, provider=None, client_id=None):
        return [
            SocialApp(
                provider="openid_connect",
                provider_id=idp.slug,
                name=idp.name,
                client_id=idp.client_id,
                secret=idp.secret,
                settings={"server_url": idp.issuer, "oauth_pkce_enabled": True},
            )
            for idp in ready_identity_providers()
            if provider in (None, "openid_connect", idp.slug) and client_id in (None, idp.client_id)
        ]

    def pre_social_login(self, request, sociallogin):
        idp = next((p for p in ready_identity_providers() if p.slug == sociallogin.account.provider), None)
        if idp is None:
            _refuse(request, "This organisation sign-in is no longer offered.", USE_PASSWORD)
        id_token, userinfo = _claims(sociallogin)
        email = str(userinfo.get("email") or id_token.get("email") or "").strip()
        if not email or not idp.covers(email):
            shown = email or "no email address"
            _refuse(request, f"{idp.name} sent {shown}, which is not an address it signs in for.", USE_PASSWORD)
        if not _email_confirmed(idp, {**id_token, **userinfo}):
            _refuse(request, f"{idp.name} has not confirmed that {email} is yours.", USE_PASSWORD)
        if sociallogin.is_existing:
            person = sociallogin.user
            if not (person.is_active and person.erased_at is None and idp.covers(person.email)):
                _refuse(request, f"Your {idp.name} account no longer signs you in to the portal.", ASK_ADES)
            _refuse_unless_its_own(request, idp, person)
            return
        person = people_signing_in().filter(email__iexact=email).first()
        if person is None:
            _refuse(request, f"The portal has no account for {email}.", ASK_ADES)
        _refuse_unless_its_own(request, idp, person)
        if person.socialaccount_set.filter(provider=idp.slug).exists():  # the address now someone else's there?
            _refuse(request, f"Your portal account is linked to another {idp.name} account.", ASK_ADES_TO_CHECK)
        identity_providers.link_organisation_account(request=request, sociallogin=sociallogin, provider=idp, by=person)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        if error == AuthError.CANCELLED:
            return
        _refuse(request, "Signing in with your organisation did not finish, so you are not signed in.", TRY_AGAIN)
