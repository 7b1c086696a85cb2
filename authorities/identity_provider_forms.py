"""The form ADES officers fill in for an organisation's own sign-in (an OpenID Connect identity provider)."""

from django import forms

from .models import IdentityProvider, Organisation


class IdentityProviderForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        help_text="Whose accounts these are.",
        error_messages={"required": "Choose the organisation.", "invalid_choice": "Choose an organisation."},
    )
    name = forms.CharField(
        max_length=100,
        label="Name on the button",
        help_text="The sign-in page shows “Sign in with” and this, e.g. West Lothian Council.",
        error_messages={"required": "Enter the name shown on the button."},
    )
    slug = forms.SlugField(
        max_length=50,
        label="Short name",
        help_text="Lower-case letters, digits and hyphens, e.g. west-lothian. It is in the address to register "
        "with the provider (/accounts/oidc/<short name>/login/callback/) and in the name of the variable that holds "
        "its secret (CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN).",
        error_messages={"required": "Enter a short name.", "invalid": "Use lower-case letters, digits and hyphens."},
    )
    issuer = forms.URLField(
        max_length=300,
        assume_scheme="https",
        help_text="For Microsoft Entra ID: https://login.microsoftonline.com/<your tenant ID>/v2.0 (your own tenant, "
        "never /common or /organizations). Changing it unlinks the accounts already linked: their people link again "
        "at their next sign-in.",
        error_messages={"required": "Enter the issuer's address.", "invalid": "Enter the issuer's full address."},
    )
    client_id = forms.CharField(
        max_length=200,
        label="Client ID",
        help_text="The application (client) ID the provider gave the portal. Its secret is not entered here: "
        "technical staff set it in the portal's environment.",
        error_messages={"required": "Enter the client ID."},
    )
    email_domains = forms.CharField(
        max_length=500,
        label="Email domains",
        help_text="The part after the @ of its people's addresses, separated by commas, e.g. westlothian.gov.uk. "
        "Only people whose address is in one of these can sign in with it.",
        error_messages={"required": "Give at least one email domain, e.g. westlothian.gov.uk."},
    )
    vouches_for_domain_emails = forms.BooleanField(
        required=False,
        label=IdentityProvider._meta.get_field("vouches_for_domain_emails").verbose_name.capitalize(),
        help_text=IdentityProvider._meta.get_field("vouches_for_domain_emails").help_text,
    )

    @classmethod
    def for_provider(cls, data, provider: IdentityProvider) -> "IdentityProviderForm":
        """The form for changing a saved provider: its short name is shown but cannot be changed."""
        form = cls(data, initial={name: getattr(provider, name) for name in cls.base_fields})
        form.fields["slug"].disabled = True
        form.fields["slug"].help_text = (
            "It cannot be changed: it is in the address registered with the provider "
            f"(/accounts/oidc/{provider.slug}/login/callback/) and in the name of the variable that holds its secret "
            f"({provider.secret_variable})."
        )
        return form
