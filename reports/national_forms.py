"""Forms for national figures: the CSV import, a measure and a single figure by hand, and naming the national
measure behind a report's impact measures."""

from django import forms

from authorities.choices import FAMILY_GROUP_NUMBERS
from authorities.models import Authority
from core import cycles
from core.uploads import checked_upload
from core.widgets import AutocompleteSelect

from . import measure_fields
from .models import NationalMeasure


class NationalFiguresForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of measure", choices=NationalMeasure.Kind.choices)
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="The publication the figures come from, with its year: it is shown beside every figure.",
        error_messages={"required": "Name the publication the figures come from."},
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: authority, measure, group, year, value (and stage and organiser for ACEL).",
        error_messages={"required": "Choose the CSV file."},
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])


class ImpactNationalForm(forms.Form):
    """One choice per impact measure: the national measure it is, or none. The measures are read once, whatever the
    number of impact measures, and offered grouped by kind."""

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.national = {measure.pk: measure for measure in NationalMeasure.objects.all()}
        groups: dict[str, list] = {}
        for measure in self.national.values():
            groups.setdefault(measure.get_kind_display(), []).append((measure.pk, str(measure)))
        choices = [("", "Not a national measure"), *groups.items()]
        for measure in measures:
            self.fields[f"measure_{measure.pk}"] = forms.TypedChoiceField(
                label=f"{measure.measure}, {measure.group}",
                help_text=(
                    f"In the report: {measure.baseline_value:.1f} in {measure.baseline_year}, "
                    f"{measure.followup_value:.1f} in {measure.followup_year}."
                ),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=measure.national_measure_id,
                error_messages={"invalid_choice": "Choose a national measure from the list."},
            )

    def links(self) -> dict:
        return {
            int(name.removeprefix("measure_")): self.national.get(value) for name, value in self.cleaned_data.items()
        }


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of measure", choices=NationalMeasure.Kind.choices)
    name = forms.CharField(
        max_length=200,
        help_text="As the published tables name it, for example Positive destinations (%).",
        error_messages={"required": "Enter the measure's name."},
    )
    stage = forms.CharField(max_length=50, required=False, help_text=measure_fields.STAGE_HELP)
    organiser = forms.CharField(max_length=50, required=False, help_text=measure_fields.ORGANISER_HELP)
    group = forms.CharField(
        label="Group of pupils", max_length=100, required=False, help_text="Leave empty for all pupils."
    )


def _places() -> list:
    medians = [(f"family-{n}", f"Family group {n} median") for n in FAMILY_GROUP_NUMBERS]
    authorities = [(f"authority-{a.pk}", a.name) for a in Authority.objects.order_by("name")]
    return [("", ""), ("Authorities", authorities), ("Family group medians", medians)]


class FigureForm(forms.Form):
    """One year's figure: an authority's or a family group's median, with where it comes from."""

    place = forms.ChoiceField(
        label="Whose figure",
        choices=(),
        widget=AutocompleteSelect,
        error_messages={"required": "Choose the authority or the family group median."},
    )
    year = forms.CharField(
        max_length=7,
        help_text="For example, 2023-24.",
        error_messages={"required": "Enter the year, like 2023-24."},
    )
    value = forms.DecimalField(
        max_digits=9,
        decimal_places=2,
        help_text="A number, like 94.1, with no % sign.",
        error_messages={
            "required": "Enter the value.",
            "invalid": "Enter the value as a number, like 94.1.",
            "max_decimal_places": "Give the value to two decimal places at most.",
            "max_digits": "The value is too large: give at most seven digits before the point.",
        },
    )
    source = forms.CharField(
        label="Where it comes from",
        max_length=300,
        help_text="The publication and its year, for example Summary Statistics for Attainment and Initial Leaver "
        "Destinations, No. 7 (2025). It is shown beside the figure.",
        error_messages={"required": "Name the publication the figure comes from."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = _places()

    def clean_year(self):
        year = cycles.normalise(self.cleaned_data["year"])
        if not cycles.is_consecutive(year):
            raise forms.ValidationError("Write the year like 2023-24.")
        return year

    def clean(self):
        cleaned = super().clean()
        kind, _, key = cleaned.get("place", "").partition("-")
        cleaned["authority"] = Authority.objects.filter(pk=key).first() if kind == "authority" else None
        cleaned["family_group"] = int(key) if kind == "family" else None
        return cleaned

    def figure_data(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("authority", "family_group", "year", "value", "source")}

    @staticmethod
    def initial_for(figure) -> dict:
        place = f"authority-{figure.authority_id}" if figure.authority_id else f"family-{figure.family_group}"
        return {"place": place, "year": figure.year, "value": figure.value, "source": figure.source}
