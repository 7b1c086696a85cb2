from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth.forms import PasswordResetForm

from .choices import FAMILY_GROUP_NUMBERS
from .models import Authority, Collaborative, DeclaredLink, Specialism
from .services.password_links import email_password_link

FAMILY_CHOICES = [("", "Any group"), *[(str(number), f"Group {number}") for number in FAMILY_GROUP_NUMBERS]]
SORT_CHOICES = [("name", "Name, A to Z"), ("-name", "Name, Z to A")]


def _family_field(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=FAMILY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose a family group from 1 to 4."},
    )


class AuthorityFilterForm(forms.Form):
    people_family = _family_field(
        "Family group: children, social work and housing", "Grouped by deprivation; the set education uses."
    )
    other_family = _family_field("Family group: other indicators", "Grouped by rurality.")
    ric = forms.ModelChoiceField(
        label="Regional Improvement Collaborative",
        queryset=Collaborative.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any collaborative",
        error_messages={"invalid_choice": "Choose one of the six collaboratives."},
        required=False,
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)


class SignInForm(LoginForm):
    """allauth's sign-in form (so its later steps, a second factor, can follow the password), with the portal's
    wording. Its email field keeps the name `username`, as Django's form and data maintenance's sign-in have it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields.pop("login")
        email.label = "Email address"
        email.widget.attrs = {"autocomplete": "email", "spellcheck": "false"}
        email.error_messages.update(required="Enter your email address.", invalid="Enter your email address.")
        self.fields = {"username": email, **self.fields}
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].error_messages["required"] = "Enter your password."

    def clean(self):
        if "username" in self.cleaned_data:
            self.cleaned_data["login"] = self.cleaned_data["username"].strip()
        return super().clean()


class PasswordResetRequestForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter the email address of your account."
        self.fields["email"].error_messages["invalid"] = "Enter an email address like name@example.scot."

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        """Queued like every other email, so a failing mail server neither slows the page nor loses the link."""
        email_password_link(
            context["user"], subject_template=subject_template_name, body_template=email_template_name, context=context
        )


class SpecialismsForm(forms.Form):
    specialisms = forms.ModelMultipleChoiceField(
        queryset=Specialism.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The portal suggests you for visits whose theme or focus areas need them.",
    )


class LinkForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Authority.objects.order_by("name"), error_messages={"required": "Choose the authority."}
    )
    kind = forms.ChoiceField(
        label="Your link", choices=DeclaredLink.Kind.choices, error_messages={"required": "Choose your link to it."}
    )
