import datetime

from django import forms
from django.utils import timezone

from core.widgets import DATE_INPUT_FORMATS, DatePickerInput

from .choices import TEXT_ANSWER_LIMIT, Purpose, QuestionKind
from .models import Questionnaire
from .services.responses import NOTHING_ANSWERED, split_answers

PROGRESS_FROM = 8  # questionnaires at least this long show which question a respondent is on


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DatePickerInput,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter a real date, like 27/08/2026.", "required": f"Enter the {label.lower()}."},
        **kwargs,
    )


class RoundForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.filter(purpose=Purpose.SURVEY).order_by("name"), empty_label=None
    )
    cohort = forms.CharField(
        max_length=100,
        help_text="Names the round in comparisons, for example pilot, interim or final.",
        error_messages={"required": "Enter the cohort, for example final."},
    )
    opens_on = _date("Opening date")
    closes_on = _date("Closing date", help_text="Reminders go three days and one day before.")

    def __init__(self, *args, last_visit_day: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.last_visit_day = last_visit_day
        self.fields["opens_on"].initial = (
            max(today, last_visit_day + datetime.timedelta(days=1)) if last_visit_day else today
        )
        self.fields["closes_on"].initial = self.fields["opens_on"].initial + datetime.timedelta(days=14)
        if self.data.get("open_early"):
            self._add_open_early()

    def _add_open_early(self) -> None:
        self.fields["open_early"] = forms.BooleanField(
            required=False, label="Open the round before the visit has ended (I have a reason)"
        )

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The closing date must be on or after the opening date.")
        if opens_on and self.last_visit_day and opens_on <= self.last_visit_day and not cleaned.get("open_early"):
            self._add_open_early()
            self.add_error(
                "opens_on",
                f"The visit ends on {self.last_visit_day:%-d %B %Y}: a round that opens before then asks the team "
                "about a visit they have not finished. Choose a later date, or tick the box below to open it anyway.",
            )
        return cleaned


class ReopenForm(forms.Form):
    closes_on = _date("New closing date")

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError("The new closing date cannot be in the past.")
        return closes_on


def question_field(number: int, question) -> forms.Field:
    label = f"{number}. {question.text}"
    required_message = f"Choose an answer to question {number}."
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label,
            required=question.required,
            help_text=question.help_text,
            max_length=TEXT_ANSWER_LIMIT,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": f"Write an answer to question {number}."},
        )
    choices = question.scale if question.is_scaled else [(option, option) for option in question.options]
    field_class = forms.TypedChoiceField if question.is_scaled else forms.ChoiceField
    extra = {"coerce": int} if question.is_scaled else {}
    return field_class(
        label=label,
        choices=choices,
        required=question.required,
        widget=forms.RadioSelect,
        help_text=question.help_text,
        error_messages={"required": required_message},
        **extra,
    )


class ResponseForm(forms.Form):
    """The questionnaire as a form: one field per question, in order."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"q_{question.code}"] = question_field(number, question)

    @property
    def shows_progress(self) -> bool:
        return len(self.questions) >= PROGRESS_FROM

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            counted, texts = split_answers(self.answers())
            if not counted and not texts:
                raise forms.ValidationError(NOTHING_ANSWERED)  # an empty response would count towards a threshold
        return cleaned

    def answers(self) -> dict:
        return {question: self.cleaned_data.get(f"q_{question.code}") for question in self.questions}
