"""The forms of the national thematic inspections' pages: an inspection, the warning window, and the import."""

import calendar

from django import forms

from authorities.models import Authority
from core.uploads import checked_upload
from core.widgets import DATE_INPUT_FORMATS, DatePickerInput

from .choices import DatePrecision
from .models import Theme
from .models.inspections import MAX_WINDOW_MONTHS, InspectionScope, validate_https


def _date_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DatePickerInput,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
        error_messages={"invalid": "Enter a real date, like 27/08/2024.", "required": f"Enter the {label.lower()}."},
    )


class InspectionForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the inspection's title."})
    theme_name = forms.CharField(
        label="Theme, as Education Scotland names it",
        max_length=200,
        required=False,
        help_text="For example, Curriculum design. Give this, or choose the portal's theme below, or both.",
    )
    theme = forms.ModelChoiceField(
        label="The portal's theme it matches",
        queryset=Theme.objects.order_by("name"),
        required=False,
        empty_label="None of them",
        help_text="Visits on this theme, its broader theme or a theme under it are warned about.",
    )
    scope = forms.ChoiceField(
        label="What does it cover?",
        choices=InspectionScope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it covers one authority or a national sample."},
    )
    authorities = forms.ModelMultipleChoiceField(
        label="Authorities inspected or sampled",
        queryset=Authority.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="One for an authority's inspection. For a national sample, leave all empty if the source does not "
        "say which authorities were sampled.",
    )
    date_precision = forms.ChoiceField(
        label="How exact are the dates in the source?",
        choices=DatePrecision.choices,
        widget=forms.RadioSelect,
        initial=DatePrecision.DAY,
    )
    starts_on = _date_field("First day", "For example, 02/09/2024. Month only: any day of the first month.")
    ends_on = _date_field("Last day", "For example, 29/11/2024. Month only: any day of the last month.")
    source_url = forms.CharField(  # one check (validate_https) and so one message, not URLField's as well
        label="Source link",
        max_length=500,
        validators=[validate_https],
        help_text="Where Education Scotland publishes it, starting https://.",
        error_messages={"required": "Give the source's web address starting https://."},
    )
    source_note = forms.CharField(
        label="Note on the source",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the source gives and does not, for example: the sampled authorities are not named.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("theme_name", "").strip() and not cleaned.get("theme") and "theme_name" not in self.errors:
            self.add_error("theme_name", "Give the theme as Education Scotland names it, or choose the portal's.")
        if cleaned.get("scope") == InspectionScope.AUTHORITY and len(cleaned.get("authorities") or []) != 1:
            self.add_error("authorities", "Choose the one authority inspected.")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and cleaned.get("date_precision") == DatePrecision.MONTH:
            starts_on = cleaned["starts_on"] = starts_on.replace(day=1)
            last = calendar.monthrange(ends_on.year, ends_on.month)[1]
            ends_on = cleaned["ends_on"] = ends_on.replace(day=last)
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the first day.")
        return cleaned

    @staticmethod
    def initial_for(inspection) -> dict:
        return {
            "title": inspection.title,
            "theme_name": inspection.theme_name,
            "theme": inspection.theme,
            "scope": inspection.scope,
            "authorities": list(inspection.authorities.all()),
            "date_precision": inspection.date_precision,
            "starts_on": inspection.starts_on,
            "ends_on": inspection.ends_on,
            "source_url": inspection.source_url,
            "source_note": inspection.source_note,
        }


class InspectionWindowForm(forms.Form):
    months = forms.IntegerField(
        label="Warn when a visit falls within this many months of an inspection",
        min_value=0,
        max_value=MAX_WINDOW_MONTHS,
        help_text=f"Before or after it; 0 warns only when the dates overlap. From 0 to {MAX_WINDOW_MONTHS}.",
        error_messages={
            "required": "Enter a number of months.",
            "invalid": "Enter a whole number of months, like 6.",
            "min_value": "Enter 0 or more months.",
            "max_value": f"Enter at most {MAX_WINDOW_MONTHS} months.",
        },
        widget=forms.NumberInput(attrs={"class": "ds_input--fixed-4"}),
    )


class InspectionImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="Columns: title, theme, scope (authority or national sample), authorities (separated by ;), start "
        "and end (a day like 2024-09-02 or a month like 2024-09), source (https link); optionally source_note.",
        error_messages={"required": "Choose a CSV or XLSX file."},
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])
