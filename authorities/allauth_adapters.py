"""How django-allauth's sign-in fits the portal: nobody signs up (an ADES officer adds people), and its messages
say what to do next in plain words."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not right. Check them and try again.",
        "account_inactive": "This account has been closed. Ask an ADES programme officer if you need it again.",
        "too_many_login_attempts": "Too many attempts to sign in. Wait a few minutes and try again.",
    }

    def is_open_for_signup(self, request):
        return False


class MFAAdapter(DefaultMFAAdapter):
    """The second factor's messages in the portal's words: a refused code says why it may have been refused and what
    to try instead (a code already used, from the app or from the recovery list, is refused like a wrong one)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code is not right, or it has been used already. Enter the newest code your authenticator app shows, "
            "or a recovery code you have not used before."
        ),
    }
