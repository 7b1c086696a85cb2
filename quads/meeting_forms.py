"""The form that starts a cycle of the Quads (a meeting's form is reviews' MeetingForm)."""

from django import forms

from core import cycles


class StartCycleForm(forms.Form):
    cycle = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Name of the cycle's programme",
        max_length=150,
        error_messages={"required": "Enter the programme's name."},
        help_text="Each Quad's meetings of the cycle are scheduled in it.",
    )

    def clean_cycle(self):
        if not self.cleaned_data["cycle"].strip():
            first, last = cycles.reach()
            raise forms.ValidationError(f"Choose a cycle from {first} to {last}: none was given.")
        return cycles.validate_in_reach(self.cleaned_data["cycle"])

    def offering_today(self) -> "StartCycleForm":
        """This form refused for its cycle, again, offering the cycle of today with the refusal beside it."""
        again = StartCycleForm({"cycle": cycles.current_cycle(), "name": self.data.get("name", "")})
        again.is_valid()
        again.add_error("cycle", self.errors["cycle"])
        return again
