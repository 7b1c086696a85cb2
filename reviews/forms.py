import datetime

from django import forms
from django.db.models import Q

from authorities.forms import FAMILY_CHOICES
from authorities.models import Authority, Collaborative, Organisation, Person
from core.forms import ListedModelChoiceField, search_words
from core.uploads import checked_upload
from core.widgets import DATE_INPUT_FORMATS, AutocompleteSelect, DatePickerInput

from .choices import FocusKind, TeamRole, VisitStatus
from .importing import DEFAULT_VISIT_DAYS
from .models import Phase, Theme
from .models.scope import SEED_CODE

HOST_FIELDS = ("host_1", "host_2", "host_3", "host_4")


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DatePickerInput,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter a real date, like 27/08/2024."},
        **kwargs,
    )


def _host_field(label: str, *, required: bool = False, help_text: str = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Authority.objects.order_by("name"),
        widget=AutocompleteSelect,
        empty_label="",
        required=required,
        help_text=help_text,
        error_messages={"required": "Choose the host authority."},
    )


class VisitForm(forms.Form):
    host_1 = _host_field("Host authority", required=True)
    host_2 = _host_field(
        "Second host authority", help_text="Only for a joint visit, such as Orkney, Shetland and Na h-Eileanan Siar."
    )
    host_3 = _host_field("Third host authority")
    host_4 = _host_field("Fourth host authority")
    phase = forms.ModelChoiceField(queryset=Phase.objects.none(), empty_label=None)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("name"),
        widget=AutocompleteSelect,
        empty_label="",
        error_messages={"required": "Choose the theme."},
    )
    key_question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The question the visit will answer, as agreed with the host.",
    )
    focus_areas = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One a line, for example: partnerships, data use, school-based support.",
    )
    starts_on = _date_field("First day", help_text="For example, 27/08/2024.")
    ends_on = _date_field("Last day", required=False, help_text=f"Leave empty for a {DEFAULT_VISIT_DAYS}-day visit.")
    venue = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, programme, known_by_month: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = programme.phases.order_by("number")
        self.fields["starts_on"].error_messages["required"] = "Enter the first day of the visit."
        if known_by_month:
            # A historical visit known only by its month keeps that precision unless real dates are given.
            self.fields["starts_on"].required = False
            self.fields[
                "starts_on"
            ].help_text = f"Known only as {known_by_month}. Leave empty to keep that, or enter the exact dates."

    def clean_focus_areas(self):
        return [line.strip() for line in self.cleaned_data["focus_areas"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        hosts = [cleaned.get(name) for name in HOST_FIELDS if cleaned.get(name)]
        for name in HOST_FIELDS[1:]:
            host = cleaned.get(name)
            if host and hosts.count(host) > 1:
                self.add_error(name, f"{host.name} is a host already.")
        cleaned["hosts"] = list(dict.fromkeys(hosts))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if ends_on and not starts_on and "starts_on" not in self.errors:
            self.add_error("starts_on", "Enter the first day as well as the last.")
        elif starts_on and not ends_on and "ends_on" not in self.errors:
            cleaned["ends_on"] = starts_on + datetime.timedelta(days=DEFAULT_VISIT_DAYS - 1)
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the first day.")
        return cleaned

    @classmethod
    def initial_for(cls, visit) -> dict:
        hosts = list(visit.hosts.all())
        initial = {name: hosts[index] if index < len(hosts) else None for index, name in enumerate(HOST_FIELDS)}
        return {
            **initial,
            "phase": visit.phase,
            "theme": visit.theme,
            "key_question": visit.key_question,
            "focus_areas": "\n".join(visit.focus_areas),
            "starts_on": visit.starts_on if visit.has_exact_dates else None,
            "ends_on": visit.ends_on,
            "venue": visit.venue,
            "notes": visit.notes,
        }


class CancelVisitForm(forms.Form):
    reason = forms.CharField(
        label="Why is the visit cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason the visit is cancelled."},
        help_text="Kept on the visit's record and sent to the team.",
    )


class FocusForm(forms.Form):
    key_question = forms.CharField(
        label="Key question",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the key question the visit will answer."},
        help_text="The question the visit will answer, in 10 to 500 characters.",
    )
    focus_areas = forms.CharField(
        label="Focus areas",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One a line, at most 6, for example: partnerships, data use, school-based support.",
    )

    def clean_focus_areas(self):
        text = self.cleaned_data["focus_areas"].strip()
        return [line.strip() for line in text.splitlines()] if text else []


class ReturnFocusForm(forms.Form):
    comment = forms.CharField(
        label="Why are you returning it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the focus is returned, so the host can propose it again."},
        help_text="The host's officers read this on the visit page before proposing again.",
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name, email or organisation", max_length=100, required=False)

    def clean_q(self):
        return search_words(self.cleaned_data["q"])


class AddMemberForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.filter(is_active=True), widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=TeamRole.choices, error_messages={"required": "Choose their role on the team."})
    is_lead = forms.BooleanField(label="Team lead", required=False)


class NewPersonForm(forms.Form):
    full_name = forms.CharField(max_length=150, error_messages={"required": "Enter their full name."})
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address like name@example.scot.",
        },
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        widget=AutocompleteSelect,
        empty_label="",
        error_messages={"required": "Choose their organisation."},
    )
    role = forms.ChoiceField(choices=TeamRole.choices, label="Role on the team")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if Person.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone has this email address already: find them by name instead.")
        return email


class MembershipForm(forms.Form):
    role = forms.ChoiceField(choices=TeamRole.choices, label="Role on the team")
    is_lead = forms.BooleanField(label="Team lead", required=False)
    attendance_confirmed = forms.BooleanField(label="Attendance confirmed", required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty to use the file's name.")
    file = forms.FileField(
        help_text="PDF, Word document or spreadsheet, up to 20 MB.", error_messages={"required": "Choose a file."}
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="Columns: phase, host_authorities (separated by ;), month (like 2024-08), theme; "
        "optionally starts_on, ends_on (like 27/08/2024) and key_question.",
        error_messages={"required": "Choose a CSV or XLSX file."},
    )

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])


class ProgrammeFilterForm(forms.Form):
    phase = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=())
    theme = ListedModelChoiceField(
        queryset=Theme.objects.none(), to_field_name="slug", required=False, empty_label="Any theme"
    )
    authority = ListedModelChoiceField(
        queryset=Authority.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any authority",
        label="Host authority",
    )
    people_family = forms.TypedChoiceField(
        label="Family group of the host", choices=FAMILY_CHOICES, coerce=int, empty_value=None, required=False
    )
    ric = ListedModelChoiceField(
        queryset=Collaborative.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any collaborative",
        label="Collaborative of the host",
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *VisitStatus.choices], required=False)
    starts_from = _date_field("Starting on or after", required=False)
    starts_until = _date_field("Starting on or before", required=False)

    def __init__(self, *args, programme, show_status: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", "Any phase"), *[(p.number, p.name) for p in programme.phases.all()]]
        self.fields["theme"].queryset = (
            Theme.objects.filter(Q(visits__programme=programme) | Q(narrower__visits__programme=programme))
            .distinct()
            .order_by("name")
        )
        if not show_status:
            del self.fields["status"]


class PasteTeamForm(forms.Form):
    lines = forms.CharField(
        label="People to add, one a line",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        max_length=20000,
        help_text="Name, email address, organisation, separated by commas; for example: "
        "Morag Reid, morag.reid@fife.gov.uk, Fife Council. Everyone is added with the role their organisation "
        "suggests, or nobody if a line is wrong.",
        error_messages={"required": "Paste at least one line: name, email address, organisation."},
    )


class MeetingForm(VisitForm):
    """A group's meeting (a Quad's): the group's authorities host it, on one day unless a last day is given. Used to
    schedule one and to edit it, so a meeting never shows a visit's host fields, key question or three-day default."""

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = list(hosts)
        for name in (*HOST_FIELDS, "key_question", "focus_areas"):
            del self.fields[name]
        self.fields["theme"].help_text = "What the meeting is about, chosen from the portal's themes."
        self.fields["starts_on"].label = "Day of the meeting"
        self.fields["starts_on"].error_messages["required"] = "Enter the day of the meeting."
        self.fields["ends_on"].help_text = "Only for a meeting over more than one day. Leave empty for one day."
        phases = list(self.fields["phase"].queryset[:2])
        if len(phases) == 1:
            self.initial.setdefault("phase", phases[0].pk)  # a cycle's one phase, chosen already

    def clean(self):
        cleaned = forms.Form.clean(self)
        cleaned.update(hosts=self.hosts, key_question="", focus_areas=[])
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and not ends_on and "ends_on" not in self.errors:
            cleaned["ends_on"] = starts_on
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the day of the meeting.")
        return cleaned

    @classmethod
    def initial_for(cls, visit) -> dict:
        initial = super().initial_for(visit)
        if visit.ends_on == visit.starts_on:
            initial["ends_on"] = None  # one day, as the form offers it
        return initial


class FocusEstablishmentForm(forms.Form):
    """An establishment or cluster a visit focuses on (the rules are the model's: services/scope.py)."""

    kind = forms.ChoiceField(
        label="What it is",
        choices=FocusKind.choices,
        initial=FocusKind.ESTABLISHMENT,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an establishment or a cluster."},
    )
    name = forms.CharField(
        max_length=200,
        help_text="The school or establishment's name, or the cluster's, as the authority writes it.",
        error_messages={"required": "Enter the name of the establishment or cluster."},
    )
    seed_code = forms.CharField(
        label="SEED code",
        required=False,
        max_length=12,
        validators=[SEED_CODE],
        help_text="A Scottish school's 7-digit SEED code, if you have it. A cluster has none.",
    )
    host = forms.ModelChoiceField(
        label="Host authority",
        queryset=Authority.objects.none(),
        required=False,
        empty_label="Choose the host authority",
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = visit.hosts.all()
        if len(hosts) > 1:
            self.fields["host"].queryset = Authority.objects.filter(pk__in=[h.pk for h in hosts]).order_by("name")
            self.fields["host"].required = True
            self.fields["host"].error_messages["required"] = "Choose which host authority it belongs to."
        else:
            del self.fields["host"]
