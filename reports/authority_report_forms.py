"""The forms for the authorities' own published reports: one visit's by hand, and the links imported at once."""

from django import forms

from authorities.models import Authority
from core.uploads import checked_upload

from .models import https_only
from .services.authority_reports import check_pdf, parse_published


class AuthorityReportForm(forms.Form):
    """The same record the import makes: the address, title, date and, for a joint visit, which host published it.
    The date is checked against the visit and today by the service (authority_reports.check), beside its field."""

    url = forms.URLField(
        label="Address of the authority's published report",
        max_length=500,
        assume_scheme="https",
        help_text="Where the authority published it: its website or committee papers. It must start https://.",
        error_messages={"required": "Enter the report's address.", "invalid": "Enter a full web address."},
    )
    title = forms.CharField(label="The report's title", required=False, max_length=300)
    published_year = forms.CharField(
        label="When the authority published it",
        required=False,
        help_text="A year (2023) or a day (2023-05-14 or 14/05/2023). Not after today, nor before the visit.",
    )
    published_by = forms.ModelChoiceField(
        label="Which of the visit's hosts published it?",
        queryset=Authority.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose which of the visit's hosts published it."},
    )
    pdf = forms.FileField(
        label="The report's PDF",
        required=False,
        help_text="Up to 20 MB. It is checked to be a readable PDF, and replaces any PDF held.",
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = visit.hosts.order_by("name")
        if len(hosts) > 1:
            self.fields["published_by"].queryset = hosts
        else:  # a single host published it: nothing to choose
            del self.fields["published_by"]

    def clean_url(self):
        https_only(self.cleaned_data["url"])
        return self.cleaned_data["url"]

    def clean_published_year(self):
        """(year, day): a year alone, or a day and its year."""
        return parse_published(self.cleaned_data["published_year"])

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload is None:
            return None
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(f"The file is {upload.size / 1048576:.1f} MB; the most it can be is 20 MB.")
        data = upload.read()
        check_pdf(data)  # a ValidationError: shown beside the field
        return data


class AuthorityReportsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: authority, visit, address, title, published. Nothing is stored unless every row is right.",
        error_messages={"required": "Choose the CSV file."},
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])
