import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from authorities.forms import FAMILY_CHOICES
from authorities.models import Authority, Collaborative, Person
from core.forms import ListedModelChoiceField, search_words
from core.widgets import DATE_INPUT_FORMATS, AutocompleteSelect, DatePickerInput
from reviews.models import Programme, Theme

from .choices import ActionStatus

IMPACT_HELP = (
    "One measure a line: measure | group | baseline year | baseline value | follow-up year | follow-up value. "
    "For example: Positive destinations (%) | All pupils | 2022-23 | 94.1 | 2023-24 | 95.8"
)


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("•-* ").strip() for line in text.splitlines() if line.strip()]


class ReportDraftForm(forms.Form):
    context = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), help_text="The authority, and why this focus.")
    evidence = forms.CharField(
        label="How evidence was gathered",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who the team met: headteachers, practitioners, partners, learners, parents.",
    )
    hosts_named_as = forms.CharField(
        label="Name the hosts as",
        max_length=300,
        required=False,
        help_text=(
            "Only if the report names the host authorities differently, "
            "for example 'Orkney, Shetland and Western Isles'."
        ),
    )
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), help_text="One strength a line.")
    areas_for_improvement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="One area a line.", required=False
    )
    no_areas_reason = forms.CharField(
        label="If there are no areas for improvement, why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=(
            "A report with no areas for improvement cannot be submitted without a reason. "
            "The approving ADES officer reads it and must accept it; it is published with the report."
        ),
    )
    next_steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text="One next step a line; each can become an action."
    )
    impact = forms.CharField(
        label="Impact measures", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=IMPACT_HELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in (
            ("context", "Describe the context."),
            ("evidence", "Say how evidence was gathered."),
            ("strengths", "List at least one strength."),
            ("next_steps", "List at least one next step."),
        ):
            self.fields[name].error_messages["required"] = message

    def clean_strengths(self):
        return _lines(self.cleaned_data["strengths"])

    def clean_areas_for_improvement(self):
        return _lines(self.cleaned_data["areas_for_improvement"])

    def clean_next_steps(self):
        return _lines(self.cleaned_data["next_steps"])

    def clean_impact(self):
        rows, problems = [], []
        for number, line in enumerate(_lines(self.cleaned_data["impact"]), start=1):
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 6:
                problems.append(f"Line {number} has {len(parts)} parts; it needs 6, separated by |.")
                continue
            try:
                baseline, followup = Decimal(parts[3].rstrip("%")), Decimal(parts[5].rstrip("%"))
            except InvalidOperation:
                problems.append(f"Line {number}: the baseline and follow-up values must be numbers, like 94.1.")
                continue
            rows.append(
                {
                    "measure": parts[0],
                    "group": parts[1],
                    "baseline_year": parts[2],
                    "baseline_value": baseline,
                    "followup_year": parts[4],
                    "followup_value": followup,
                }
            )
        if problems:
            raise forms.ValidationError(problems)
        return rows

    @staticmethod
    def initial_for(report) -> dict:
        findings = {kind: [] for kind in ("strength", "area_for_improvement", "next_step")}
        for finding in report.visit.findings.order_by("kind", "position"):
            findings[finding.kind].append(finding.text)
        impact = [
            " | ".join(
                [m.measure, m.group, m.baseline_year, f"{m.baseline_value}", m.followup_year, f"{m.followup_value}"]
            )
            for m in report.impact_measures.all()
        ]
        return {
            "context": report.context,
            "evidence": report.evidence,
            "hosts_named_as": report.hosts_named_as,
            "strengths": "\n".join(findings["strength"]),
            "areas_for_improvement": "\n".join(findings["area_for_improvement"]),
            "no_areas_reason": report.no_areas_reason,
            "next_steps": "\n".join(findings["next_step"]),
            "impact": "\n".join(impact),
        }


class ApproveForm(forms.Form):
    """What the approving officer must face before publishing: the host's reason for naming no areas for
    improvement, and any external member's comment."""

    def __init__(self, *args, no_areas: bool, objections: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if no_areas:
            self.fields["accept_no_areas"] = forms.BooleanField(
                label="I have read the host's reason for naming no areas for improvement, and accept it",
                error_messages={"required": "Accept the host's reason, or return the report with comments."},
            )
        if objections:
            self.fields["objection_reason"] = forms.CharField(
                label="Why approve the report as it is, despite the external comments",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Kept in the report's record.",
                error_messages={"required": "Say why the report is approved as it is, or return it with comments."},
            )


class SignOffForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do the strengths and areas for improvement reflect what the team found?",
        choices=[("confirmed", "Yes, they reflect what the team found"), ("commented", "No, I have a comment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes, or no with a comment."},
    )
    comment = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What the report misses or gets wrong. ADES and the approving officer read it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "commented" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what the report misses or gets wrong.")
        return cleaned


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="What should the authors change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the authors should change."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the report withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the report's record. Any published version of the programme's evaluation report that "
        "drew on this report is withdrawn with it.",
        error_messages={"required": "Give the reason the report is withdrawn."},
    )


class ArchiveForm(forms.Form):
    q = forms.CharField(label="Search the reports", max_length=200, required=False)
    authority = ListedModelChoiceField(
        queryset=Authority.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any authority"
    )
    people_family = forms.TypedChoiceField(
        label="Family group", choices=FAMILY_CHOICES, coerce=int, empty_value=None, required=False
    )
    ric = ListedModelChoiceField(
        label="Collaborative",
        queryset=Collaborative.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any collaborative",
    )
    theme = ListedModelChoiceField(
        queryset=Theme.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any theme"
    )
    programme = ListedModelChoiceField(
        queryset=Programme.objects.order_by("name"), to_field_name="slug", required=False, empty_label="Any programme"
    )
    phase = forms.TypedChoiceField(label="Phase", coerce=int, empty_value=None, required=False, choices=())
    year = forms.TypedChoiceField(label="Year published", coerce=int, empty_value=None, required=False, choices=())

    def __init__(self, *args, years=(), phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", "Any phase"), *[(number, f"Phase {number}") for number in phases]]
        self.fields["year"].choices = [("", "Any year"), *[(year, year) for year in years]]

    def clean_q(self):
        return search_words(self.cleaned_data["q"])


def _person_choice_label(person: Person) -> str:
    organisation = f", {person.organisation.name}" if person.organisation_id else ""
    return f"{person.full_name}{organisation}"


class ActionForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=AutocompleteSelect,
        empty_label="",
        help_text="Who leads it; they are reminded a week and a day before it is due.",
    )
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=DatePickerInput,
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 30/06/2027.",
        error_messages={"invalid": "Enter a real date, like 30/06/2027."},
    )
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    dropped_reason = forms.CharField(
        label="Why is it dropped?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for a dropped action.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = _person_choice_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ActionStatus.DROPPED and not cleaned.get("dropped_reason", "").strip():
            self.add_error("dropped_reason", "Give the reason the action is dropped.")
        return cleaned


class ScheduleFollowUpForm(forms.Form):
    planned_on = forms.DateField(
        label="Date of the session",
        widget=DatePickerInput,
        input_formats=DATE_INPUT_FORMATS,
        help_text="The proposed date, or another. For example, 14/05/2027.",
        error_messages={"invalid": "Enter a real date, like 14/05/2027.", "required": "Enter the date of the session."},
    )


class FollowUpForm(forms.Form):
    """A follow-up session: when, who came, and per open action the status agreed and the progress noted."""

    held_on = forms.DateField(
        label="Date of the session",
        widget=DatePickerInput,
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 14/05/2027.",
        error_messages={"invalid": "Enter a real date, like 14/05/2027.", "required": "Enter the date of the session."},
    )
    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, people, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people
        self.fields["attendees"].label_from_instance = _person_choice_label
        self.actions = list(actions)
        for number, action in enumerate(self.actions, start=1):
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=f"Status of action {number}", choices=ActionStatus.choices, initial=action.status
            )
            for name, label in (
                ("note", f"Progress on action {number}"),
                ("evidence", f"Evidence for action {number}"),
                ("next_step", f"Next step for action {number}"),
            ):
                self.fields[f"{name}_{action.pk}"] = forms.CharField(
                    label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
                )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError("Record a session once it has been held: the date is in the future.")
        return held_on

    def clean(self):
        cleaned = super().clean()
        for number, action in enumerate(self.actions, start=1):
            if cleaned.get(f"status_{action.pk}") == ActionStatus.DROPPED and not cleaned.get(f"note_{action.pk}"):
                self.add_error(f"note_{action.pk}", f"Give the reason action {number} is dropped.")
        return cleaned

    def sections(self):
        for number, action in enumerate(self.actions, start=1):
            fields = [self[f"{name}_{action.pk}"] for name in ("status", "note", "evidence", "next_step")]
            yield number, action, fields

    def progress(self) -> list[tuple]:
        """(action, status, note, evidence, next step) for each action the session said something about."""
        items = []
        for action in self.actions:
            status, *words = (
                self.cleaned_data[f"{n}_{action.pk}"] for n in ("status", "note", "evidence", "next_step")
            )
            if any(word.strip() for word in words) or status != action.status:
                items.append((action, status, *words))
        return items
