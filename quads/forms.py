from django import forms

from authorities.models import Authority
from core import cycles
from core.widgets import AutocompleteSelect
from surveys.choices import EVALUATION_DESCRIPTORS, EVALUATION_SCALE
from surveys.forms import question_field
from surveys.models import Questionnaire

from .models import Quad

FIRST_CYCLE = "2024–25"  # the Quads began in 2024–25
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
        help_text=(
            "Columns: code, title and, if you like, guidance, illustrations and rubric. One row an indicator, in order."
        ),
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


class QuadForm(forms.ModelForm):
    class Meta:
        model = Quad
        fields = ["name", "cycle", "members"]

    def clean_members(self):
        members = self.cleaned_data["members"]
        if len(members) != Quad.QUAD_SIZE:
            raise forms.ValidationError(f"A Quad has {Quad.QUAD_SIZE} member authorities; {len(members)} selected.")
        return members


MEMBER_FIELDS = ("member_1", "member_2", "member_3", "member_4")


def _member_field(number: int) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=f"Authority {number}",
        queryset=Authority.objects.order_by("name"),
        widget=AutocompleteSelect,
        empty_label="",
        error_messages={"required": f"Choose authority {number} of the four."},
    )


class QuadMembersForm(forms.Form):
    """A Quad's name and its four authorities, each chosen once."""

    name = forms.CharField(
        max_length=100, help_text="For example, Family group 2, Quad A.", error_messages={"required": "Name the Quad."}
    )
    member_1 = _member_field(1)
    member_2 = _member_field(2)
    member_3 = _member_field(3)
    member_4 = _member_field(4)

    def clean(self):
        cleaned = super().clean()
        chosen = []
        for name in MEMBER_FIELDS:
            member = cleaned.get(name)
            if member is None:
                continue
            if member in chosen:
                self.add_error(name, f"{member.name} is in this Quad already.")
            chosen.append(member)
        cleaned["members"] = chosen
        return cleaned

    @classmethod
    def initial_for(cls, name: str, members) -> dict:
        return {"name": name, **dict(zip(MEMBER_FIELDS, members, strict=False))}

    def check_name_is_free(self, cycle: str, quad: Quad | None = None) -> None:
        name = self.cleaned_data.get("name", "").strip()
        taken = Quad.objects.filter(cycle=cycle, name__iexact=name).exclude(pk=getattr(quad, "pk", None))
        if name and taken.exists():
            self.add_error("name", f"There is a Quad called {name} in {cycle} already.")


class CycleField(forms.ChoiceField):
    """A school year chosen from a list (2025-26 is read as 2025–26)."""

    def to_python(self, value):
        return cycles.normalise(super().to_python(value))


class QuadEditForm(QuadMembersForm):
    cycle = CycleField(
        help_text="The school year the Quad works in.",
        error_messages={"required": "Choose the cycle.", "invalid_choice": "Choose a cycle from the list."},
    )
    field_order = ["cycle", "name", *MEMBER_FIELDS]

    def __init__(self, *args, quad: Quad | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.quad = quad
        listed = cycles.listed(FIRST_CYCLE)
        if quad is not None and quad.cycle not in listed:
            listed = sorted({*listed, quad.cycle}, reverse=True)  # a Quad of a cycle outside the list keeps it
        self.fields["cycle"].choices = [(cycle, cycle) for cycle in listed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cycle"):
            self.check_name_is_free(cleaned["cycle"], self.quad)
        return cleaned


class SuggestedQuadForm(QuadMembersForm):
    include = forms.BooleanField(label="Create this Quad", required=False, initial=True)

    def __init__(self, *args, cycle: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        if self.is_bound and not self.data.get(self.add_prefix("include")):
            for field in self.fields.values():
                field.required = False  # a Quad left out is not checked

    def clean(self):
        if not self.cleaned_data.get("include"):
            return {"include": False}
        cleaned = super().clean()
        self.check_name_is_free(self.cycle)
        return cleaned


class BaseSuggestionFormSet(forms.BaseFormSet):
    """The suggested Quads an officer keeps: nobody in two of them, no name twice, at least one kept."""

    def clean(self):
        if any(self.errors):
            return
        placed: dict = {}
        names: set[str] = set()
        kept = [form for form in self.forms if form.cleaned_data.get("include")]
        for form in kept:
            name = form.cleaned_data["name"].strip()
            if name.casefold() in names:
                form.add_error("name", f"Another Quad here is called {name}.")
            names.add(name.casefold())
            for field in MEMBER_FIELDS:
                member = form.cleaned_data[field]
                if member in placed:
                    form.add_error(field, f"{member.name} is already in {placed[member]}.")
                else:
                    placed[member] = name
        if not kept:
            raise forms.ValidationError("Choose at least one Quad to create.")


SuggestionFormSet = forms.formset_factory(SuggestedQuadForm, formset=BaseSuggestionFormSet, extra=0)


class AgreementsForm(forms.Form):
    challenges = forms.CharField(
        label="Agreed challenges",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the Quad agreed at its meeting to challenge each other on.",
    )
    support = forms.CharField(
        label="Agreed support",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who will support whom, and how.",
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            for name, label in (("challenges", "Challenges agreed on"), ("support", "Support agreed on")):
                self.fields[f"{name}_{indicator.pk}"] = forms.CharField(
                    label=f"{label} {indicator.code}",
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def sections(self):
        for indicator in self.indicators:
            yield indicator, self[f"challenges_{indicator.pk}"], self[f"support_{indicator.pk}"]

    def per_indicator(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (self.cleaned_data[f"challenges_{i.pk}"], self.cleaned_data[f"support_{i.pk}"])
            for i in self.indicators
        }
