"""Forms for planning: a programme's details, its phases, and the themes."""

import re

from django import forms
from django.core.exceptions import ValidationError

from core.cycles import normalise, validate_school_years

from .choices import ProgrammeKind
from .forms import _date_field
from .models import ProgrammeDocument, Theme

MONTHS_FORMAT = "Write whole numbers of months from 1 to 60, separated by commas, for example 6, 12."


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of programme is it?",
        choices=ProgrammeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a Collaborative Improvement programme or a Quads cycle."},
    )
    name = forms.CharField(
        max_length=150,
        error_messages={"required": "Enter the programme's name."},
        help_text="Its address is made from the name, and stays the same if the name changes later.",
    )
    school_years = forms.CharField(
        max_length=20,
        error_messages={"required": "Enter the school years the programme runs over."},
        help_text="For example, 2021–24 for three years, or 2026–27 for one cycle of the Quads.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    dates_note = forms.CharField(
        label="Where the sources disagree about its dates",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Shown beside the programme's dates, in the sources' words. Leave empty if they agree.",
    )
    follow_up_months = forms.CharField(
        label="Follow-up sessions, months after publication",
        max_length=60,
        required=False,
        help_text="When a visit's report is first published, follow-up sessions are proposed this many months "
        "later, for example 6, 12. Leave empty for none.",
    )

    def clean_school_years(self):
        value = self.cleaned_data["school_years"]
        validate_school_years(value)
        return normalise(value)

    def clean_follow_up_months(self):
        parts = [part for part in re.split(r"[,\s]+", self.cleaned_data["follow_up_months"]) if part]
        if not all(part.isdigit() and 1 <= int(part) <= 60 for part in parts):
            raise ValidationError(MONTHS_FORMAT)
        return sorted({int(part) for part in parts})

    @staticmethod
    def initial_for(programme) -> dict:
        return {
            "kind": programme.kind,
            "name": programme.name,
            "school_years": programme.school_years,
            "description": programme.description,
            "dates_note": programme.dates_note,
            "follow_up_months": ", ".join(str(months) for months in programme.follow_up_months),
        }


class PhaseForm(forms.Form):
    name = forms.CharField(
        max_length=100, error_messages={"required": "Enter the phase's name."}, help_text="For example, Phase 4."
    )
    starts_on = _date_field("First day", required=False, help_text="For example, 1/8/2026. Leave empty if not set.")
    ends_on = _date_field("Last day", required=False, help_text="On or after the first day. Leave empty if not set.")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the first day.")
        return cleaned


class ThemeForm(forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter the theme's name."})
    broader = forms.ModelChoiceField(
        label="Part of a broader theme",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="None: it is a broad theme",
        help_text="Visits on a narrower theme count towards its broader theme too.",
    )

    def __init__(self, *args, theme: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        broad = Theme.objects.filter(broader__isnull=True).order_by("name")
        self.fields["broader"].queryset = broad.exclude(pk=theme.pk) if theme else broad


class ProgrammeDocumentForm(forms.Form):
    """A document the programme published, as its publisher lists it: the portal links the listing, holds no file."""

    title = forms.CharField(max_length=200, error_messages={"required": "Enter the document's title."})
    period = forms.CharField(
        label="The period it covers, or its date",
        max_length=100,
        required=False,
        help_text="As the publisher gives it, for example June 2021 – June 2022, or November 2022.",
    )
    published_by = forms.CharField(
        label="Publisher", max_length=150, error_messages={"required": "Enter who published it."}
    )
    listed_on = forms.CharField(
        label="Where it is listed",
        max_length=500,
        error_messages={"required": "Enter the https address of the page that lists the document."},
        help_text="The https address of the page that lists the document, for example the publisher's page. The "
        "portal links this page; it holds no copy of the file.",
    )

    def clean_listed_on(self):
        """The model's one rule for the address, checked here too so it is told beside the field with the others."""
        value = self.cleaned_data["listed_on"].strip()
        ProgrammeDocument._meta.get_field("listed_on").run_validators(value)
        return value

    @staticmethod
    def initial_for(document) -> dict:
        return {name: getattr(document, name) for name in ("title", "period", "published_by", "listed_on")}
