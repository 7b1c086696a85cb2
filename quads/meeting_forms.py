"""Forms for a cycle of the Quads and a Quad's meeting."""

from django import forms

from core import cycles
from reviews.forms import HOST_FIELDS, VisitForm


class StartCycleForm(forms.Form):
    cycle = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="Name of the cycle's programme",
        max_length=150,
        error_messages={"required": "Enter the programme's name."},
        help_text="Each Quad's meetings of the cycle are scheduled in it.",
    )

    def clean_cycle(self):
        cycle = cycles.normalise(self.cleaned_data["cycle"])
        if not cycles.is_consecutive(cycle):
            raise forms.ValidationError("Choose a cycle of one school year, for example 2026–27.")
        return cycle


class MeetingForm(VisitForm):
    """A Quad's meeting: the Quad's four authorities host it, on one day unless a last day is given."""

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = list(hosts)
        for name in (*HOST_FIELDS, "key_question", "focus_areas"):
            del self.fields[name]
        self.fields["theme"].help_text = "What the meeting is about, for example Self-evaluation."
        self.fields["starts_on"].label = "Day of the meeting"
        self.fields["starts_on"].error_messages["required"] = "Enter the day of the meeting."
        self.fields["ends_on"].help_text = "Only for a meeting over more than one day. Leave empty for one day."

    def clean(self):
        cleaned = forms.Form.clean(self)
        cleaned.update(hosts=self.hosts, key_question="", focus_areas=[])
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and not ends_on and "ends_on" not in self.errors:
            cleaned["ends_on"] = starts_on
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the day of the meeting.")
        return cleaned
