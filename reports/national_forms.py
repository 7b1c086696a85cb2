"""Forms for national figures: the CSV import, and naming the national measure behind a report's impact measures."""

from django import forms

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
