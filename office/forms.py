"""The programme office's forms."""

from django import forms


class WordingForm(forms.Form):
    subject = forms.CharField(max_length=200, error_messages={"required": "Enter the subject line."})
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), error_messages={"required": "Enter the message."})
