from django import forms

from surveys.choices import EVALUATION_DESCRIPTORS, EVALUATION_SCALE
from surveys.forms import question_field
from surveys.models import Questionnaire

GRADE_CHOICES = [(level, f"{label}: {EVALUATION_DESCRIPTORS[level]}") for level, label in EVALUATION_SCALE]


class SelfEvaluationForm(forms.Form):
    """Per quality indicator: a grade on the six-point scale, the evidence and the next steps.

    The grade is the survey's own six-point question field. A draft may leave anything empty; submitting needs
    a grade and evidence for every indicator.
    """

    def __init__(self, *args, grades, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.grades = list(grades)
        self.submitting = submitting
        for number, grade in enumerate(self.grades, start=1):
            indicator = grade.indicator
            level = question_field(number, indicator)
            level.label = f"Grade for {indicator.code}"
            level.choices = GRADE_CHOICES
            level.required = False
            level.help_text = ""
            self.fields[f"level_{indicator.pk}"] = level
            self.fields[f"evidence_{indicator.pk}"] = forms.CharField(
                label=f"Evidence for {indicator.code}",
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text="What shows this grade: data, what stakeholders say, what was observed.",
            )
            self.fields[f"next_steps_{indicator.pk}"] = forms.CharField(
                label=f"Next steps for {indicator.code}",
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.initial.setdefault(f"level_{indicator.pk}", grade.level)
            self.initial.setdefault(f"evidence_{indicator.pk}", grade.evidence)
            self.initial.setdefault(f"next_steps_{indicator.pk}", grade.next_steps)

    def sections(self):
        """Each indicator with its three fields, for the template."""
        for grade in self.grades:
            pk = grade.indicator.pk
            yield grade.indicator, self[f"level_{pk}"], self[f"evidence_{pk}"], self[f"next_steps_{pk}"]

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for grade in self.grades:
                indicator = grade.indicator
                if cleaned.get(f"level_{indicator.pk}") in (None, ""):
                    self.add_error(f"level_{indicator.pk}", f"Choose a grade for {indicator.code} before submitting.")
                if not cleaned.get(f"evidence_{indicator.pk}", "").strip():
                    self.add_error(
                        f"evidence_{indicator.pk}", f"Give the evidence for {indicator.code} before submitting."
                    )
        return cleaned

    def grade_values(self) -> dict[int, dict]:
        values = {}
        for grade in self.grades:
            pk = grade.indicator.pk
            level = self.cleaned_data.get(f"level_{pk}")
            values[pk] = {
                "level": level if level not in ("", None) else None,
                "evidence": self.cleaned_data.get(f"evidence_{pk}", ""),
                "next_steps": self.cleaned_data.get(f"next_steps_{pk}", ""),
            }
        return values


class ReopenSelfEvaluationForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept on its record, so the Quad knows why it changed.",
        error_messages={"required": "Give the reason for reopening the self-evaluation."},
    )


class FrameworkImportForm(forms.Form):
    name = forms.CharField(
        label="Name of the framework",
        max_length=200,
        error_messages={"required": "Name the framework."},
        help_text="For example, How good is our education authority? (2025).",
    )
    file = forms.FileField(
        label="CSV file of indicators",
        help_text="Columns: code, title and, if you like, guidance. One row an indicator, in order.",
        error_messages={"required": "Choose a CSV file.", "empty": "The file is empty."},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Questionnaire.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("There is a questionnaire or framework of that name already.")
        return name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file is larger than 1 MB; a framework is much smaller.")
        return upload
