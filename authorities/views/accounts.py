"""Signing in and setting a password."""

from allauth.account.views import LoginView
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..forms import PasswordResetRequestForm
from ..oidc import origin
from ..selectors import ready_identity_providers


class SignInView(LoginView):
    """allauth's sign-in (its form is the portal's SignInForm, through ACCOUNT_FORMS), so the steps after the
    password (a second factor) run in its flow; a person already signed in goes home."""

    template_name = "registration/sign_in.html"

    def get_context_data(self, **kwargs):
        # A button for each organisation sign-in that is on and has its secret.
        return {**super().get_context_data(**kwargs), "identity_providers": ready_identity_providers()}

    def render_to_response(self, context, **kwargs):
        return _forms_may_go_to(super().render_to_response(context, **kwargs), context["identity_providers"])


def _forms_may_go_to(response, providers):
    """Let the page's forms (their redirects) reach these providers' sign-in pages: the Content-Security-Policy's
    form-action is otherwise the portal alone, and the browser would stop the button's redirect."""
    if origins := sorted({origin(provider.issuer) for provider in providers}):
        response._csp_update = {"form-action": origins}
    return response


def organisation_sign_in(request, provider_id):
    """allauth's openid_connect login (a POST goes to the provider; a GET asks first, with a button that does)."""
    response = openid_connect_views.login(request, provider_id)
    return _forms_may_go_to(response, [p for p in ready_identity_providers() if p.slug == provider_id])


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
