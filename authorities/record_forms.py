"""Forms for the reference records ADES officers keep: specialisms, who holds them, and regional roles."""

from django import forms

from core.widgets import AutocompleteSelect

from .models import Person, RegionalRole, Specialism
from .services.records import ROLE_ORGANISATIONS


class SpecialismForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="For example, Community learning and development (CLD). Its web address is made from it.",
        error_messages={"required": "Enter the specialism's name."},
    )
    keywords = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Words, separated by commas, that in a visit's theme, focus areas or key question call for it. "
        "For example: cld, community learning, youth work.",
        error_messages={"required": "Give at least one word that calls for this specialism."},
    )


class PersonSpecialismsForm(forms.Form):
    specialisms = forms.ModelMultipleChoiceField(
        queryset=Specialism.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Specialisms",
        help_text="Choose every one that applies; choose none to clear them.",
        error_messages={"invalid_choice": "Choose specialisms from the list."},
    )


class RegionalRoleForm(forms.Form):
    """Who holds one regional role: a person from the organisations that may hold it, or nobody recorded."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=AutocompleteSelect,
        required=False,
        empty_label="",
        error_messages={"invalid_choice": "Choose someone from the list."},
    )

    def __init__(self, *args, kind: RegionalRole.Kind, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = (
            Person.objects.filter(
                is_active=True, erased_at__isnull=True, organisation__kind__in=ROLE_ORGANISATIONS[kind]
            )
            .select_related("organisation")
            .order_by("full_name")
        )
        field.label = kind.label
        field.label_from_instance = lambda person: f"{person.full_name}, {person.organisation.name}"
        field.help_text = (
            "Start typing a name. Only people of Education Scotland"
            f"{' or HM Inspectorate of Education' if kind == RegionalRole.Kind.LINK_HMI else ''} can be chosen. "
            "Leave it empty to record that nobody holds the role."
        )
