from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from core import cycles
from core.widgets import AutocompleteSelect

from .choices import FAMILY_GROUP_NUMBERS
from .models import Authority, Collaborative, Quad

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


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The email address or password is not right. Check them and try again.",
        "inactive": "This account has been closed. Ask an ADES programme officer if you need it again.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address."
        self.fields["password"].error_messages["required"] = "Enter your password."


class QuadForm(forms.ModelForm):
    class Meta:
        model = Quad
        fields = ["name", "cycle", "members"]

    def clean_members(self):
        members = self.cleaned_data["members"]
        if len(members) != Quad.QUAD_SIZE:
            raise forms.ValidationError(f"A Quad has {Quad.QUAD_SIZE} member authorities; {len(members)} selected.")
        return members


class PasswordResetRequestForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter the email address of your account."
        self.fields["email"].error_messages["invalid"] = "Enter an email address like name@example.scot."


MEMBER_FIELDS = ("member_1", "member_2", "member_3", "member_4")


def _member_field(number: int) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=f"Authority {number}",
        queryset=Authority.objects.order_by("name"),
        widget=AutocompleteSelect,
        empty_label="",
        error_messages={"required": f"Choose authority {number} of the four."},
    )


class QuadMembersForm(forms.Form):
    """A Quad's name and its four authorities, each chosen once."""

    name = forms.CharField(
        max_length=100, help_text="For example, Family group 2, Quad A.", error_messages={"required": "Name the Quad."}
    )
    member_1 = _member_field(1)
    member_2 = _member_field(2)
    member_3 = _member_field(3)
    member_4 = _member_field(4)

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for name in MEMBER_FIELDS:
            member = cleaned.get(name)
            if member is None:
                continue
            if member in chosen:
                self.add_error(name, f"{member.name} is in this Quad already.")
            chosen.append(member)
        cleaned["members"] = chosen
        return cleaned

    @classmethod
    def initial_for(cls, name: str, members) -> dict:
        return {"name": name, **dict(zip(MEMBER_FIELDS, members, strict=False))}

    def check_name_is_free(self, cycle: str, quad: Quad | None = None) -> None:
        name = self.cleaned_data.get("name", "").strip()
        taken = Quad.objects.filter(cycle=cycle, name__iexact=name).exclude(pk=getattr(quad, "pk", None))
        if name and taken.exists():
            self.add_error("name", f"There is a Quad called {name} in {cycle} already.")


class QuadEditForm(QuadMembersForm):
    cycle = forms.CharField(
        max_length=20,
        help_text="The school year, for example 2025–26.",
        error_messages={"required": "Enter the cycle, for example 2025–26."},
    )
    field_order = ["cycle", "name", *MEMBER_FIELDS]

    def __init__(self, *args, quad: Quad | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.quad = quad

    def clean_cycle(self):
        cycle = cycles.normalise(self.cleaned_data["cycle"])
        if not cycles.is_consecutive(cycle):
            raise forms.ValidationError("Write the cycle as two consecutive years, for example 2025–26.")
        return cycle

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cycle"):
            self.check_name_is_free(cleaned["cycle"], self.quad)
        return cleaned


class SuggestedQuadForm(QuadMembersForm):
    include = forms.BooleanField(label="Create this Quad", required=False, initial=True)

    def __init__(self, *args, cycle: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        if self.is_bound and not self.data.get(self.add_prefix("include")):
            for field in self.fields.values():
                field.required = False  # a Quad left out is not checked

    def clean(self):
        if not self.cleaned_data.get("include"):
            return {"include": False}
        cleaned = super().clean()
        self.check_name_is_free(self.cycle)
        return cleaned


class BaseSuggestionFormSet(forms.BaseFormSet):
    """The suggested Quads an officer keeps: nobody in two of them, no name twice, at least one kept."""

    def clean(self):
        if any(self.errors):
            return
        placed: dict = {}
        names: set[str] = set()
        kept = [form for form in self.forms if form.cleaned_data.get("include")]
        for form in kept:
            name = form.cleaned_data["name"].strip()
            if name.casefold() in names:
                form.add_error("name", f"Another Quad here is called {name}.")
            names.add(name.casefold())
            for field in MEMBER_FIELDS:
                member = form.cleaned_data[field]
                if member in placed:
                    form.add_error(field, f"{member.name} is already in {placed[member]}.")
                else:
                    placed[member] = name
        if not kept:
            raise forms.ValidationError("Choose at least one Quad to create.")


SuggestionFormSet = forms.formset_factory(SuggestedQuadForm, formset=BaseSuggestionFormSet, extra=0)


class AgreementsForm(forms.Form):
    challenges = forms.CharField(
        label="Agreed challenges",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the Quad agreed at its meeting to challenge each other on.",
    )
    support = forms.CharField(
        label="Agreed support",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who will support whom, and how.",
    )
