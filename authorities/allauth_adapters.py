"""How django-allauth's sign-in fits the portal: nobody signs up (an ADES officer adds people), and its messages
say what to do next in plain words."""

from allauth.account.adapter import DefaultAccountAdapter

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
