"""Forms of a visit's evidence log: a focus group held and a written view received."""

from django import forms

from .choices import EvidenceReaders, FocusGroupKind, HostStaffPresent
from .forms import _date_field
from .services.evidence import FOCUS_GROUP_FIELDS, WRITTEN_VIEW_FIELDS

NO_NAMES = "Never anyone's name: the log is about what was heard, not who said it."


def _readers_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Who may read it?",
        choices=EvidenceReaders.choices,
        initial=EvidenceReaders.TEAM,
        widget=forms.RadioSelect,
        help_text="You can always read what you recorded. The host authority's officers who are not on the team "
        "never see the log.",
        error_messages={"required": "Choose who may read it."},
    )


class FocusGroupForm(forms.Form):
    group = forms.ChoiceField(
        label="Which group?",
        choices=FocusGroupKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which group the team met."},
    )
    description = forms.CharField(
        label="Describe the group",
        max_length=200,
        required=False,
        help_text="For example, S4 pupils from two secondaries. Needed when the group is Other. " + NO_NAMES,
    )
    participants = forms.IntegerField(
        label="How many took part?",
        min_value=1,
        max_value=999,
        required=False,
        help_text="A whole number. Leave it empty if it was not recorded.",
        error_messages={
            "invalid": "Enter a whole number, like 8, or leave it empty.",
            "min_value": "Enter how many took part, 1 or more, or leave it empty.",
            "max_value": "Enter how many took part, 999 at most.",
        },
    )
    host_staff_present = forms.ChoiceField(
        label="Were host authority staff in the room?",
        choices=HostStaffPresent.choices,
        initial=HostStaffPresent.NOT_RECORDED,
        widget=forms.RadioSelect,
        help_text="Staff in the room may change what people say.",
        error_messages={"required": "Say whether host authority staff were in the room."},
    )
    held_on = _date_field("When was it held?", help_text="For example, 27/08/2024.")
    note = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="Briefly. " + NO_NAMES
    )
    readers = _readers_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].error_messages["required"] = "Enter the day the focus group was held."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group") == FocusGroupKind.OTHER and not cleaned.get("description", "").strip():
            self.add_error("description", "Say who the group was, for example “youth workers”.")
        return cleaned

    @staticmethod
    def initial_for(entry) -> dict:
        return {name: getattr(entry, name) for name in FOCUS_GROUP_FIELDS}


class WrittenViewForm(forms.Form):
    from_whom = forms.CharField(
        label="From",
        max_length=200,
        help_text="An organisation or role, for example HMI. Never a person's name.",
        error_messages={"required": "Enter who the view came from, as an organisation or role."},
    )
    received_on = _date_field("When was it received?", help_text="For example, 27/08/2024.")
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the view says, briefly. " + NO_NAMES,
        error_messages={"required": "Summarise what the view says."},
    )
    readers = _readers_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].error_messages["required"] = "Enter the day the view was received."

    @staticmethod
    def initial_for(entry) -> dict:
        return {name: getattr(entry, name) for name in WRITTEN_VIEW_FIELDS}
