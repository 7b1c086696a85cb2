"""The form for importing the links to the authorities' own published reports."""

from django import forms

from core.uploads import checked_upload


class AuthorityReportsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: authority, visit, address, title, published. Nothing is stored unless every row is right.",
        error_messages={"required": "Choose the CSV file."},
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])
