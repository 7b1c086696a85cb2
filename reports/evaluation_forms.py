"""The forms of a programme's evaluation report: ADES's own words, and a withdrawal's reason."""

from django import forms

TYPED_HELP = "Each line is a paragraph; start a line with “- ” to make it a bullet point. Shown exactly as typed."


class EvaluationTextForm(forms.Form):
    """ADES's own words in a programme's evaluation report."""

    key_messages = forms.CharField(
        label="Key messages",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=TYPED_HELP,
        error_messages={
            "required": "Write the report's key messages.",
            "max_length": "Keep the key messages under 20,000 characters.",
        },
    )
    recommendations = forms.CharField(
        label="Recommendations",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=TYPED_HELP,
        error_messages={"max_length": "Keep the recommendations under 20,000 characters."},
    )


class EvaluationWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the evaluation report withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the record; the report's files stop being served.",
        error_messages={"required": "Give the reason the evaluation report is withdrawn."},
    )
