"""The form that starts a cycle of the Quads (a meeting's form is reviews' MeetingForm)."""

from django import forms

from core import cycles


class StartCycleForm(forms.Form):
    cycle = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="Name of the cycle's programme",
        max_length=150,
        error_messages={"required": "Enter the programme's name."},
        help_text="Each Quad's meetings of the cycle are scheduled in it.",
    )

    def clean_cycle(self):
        return cycles.validate_in_reach(self.cleaned_data["cycle"])
