"""How django-allauth's sign-in fits the portal: nobody signs up (an ADES officer adds people), and its messages
say what to do next in plain words; the secrets of second factors are kept encrypted."""

import base64

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

from .reauthentication import has_portal_second_factor


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


def _mfa_keys() -> MultiFernet:
    """The first of SECRET_KEY and SECRET_KEY_FALLBACKS seals, any of them opens (as survey responses are sealed,
    surveys/sealing.py): a key derived for this use alone, never the secret key itself."""
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
