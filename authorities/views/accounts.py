"""Signing in and setting a password."""

from allauth.account.views import LoginView
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..forms import PasswordResetRequestForm
from ..selectors import ready_identity_providers


class SignInView(LoginView):
    """allauth's sign-in (its form is the portal's SignInForm, through ACCOUNT_FORMS), so the steps after the
    password (a second factor) run in its flow; a person already signed in goes home."""

    template_name = "registration/sign_in.html"

    def get_context_data(self, **kwargs):
        # A button for each organisation sign-in that is on and has its secret.
        return {**super().get_context_data(**kwargs), "identity_providers": ready_identity_providers()}


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
