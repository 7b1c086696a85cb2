import calendar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from authorities.models import Authority
from core.cycles import validate_school_years
from core.models import TimeStampedModel

from ..choices import (
    DatePrecision,
    FocusDecision,
    PlaceAnswer,
    ProgrammeKind,
    TeamRole,
    VisitStage,
    VisitStatus,
)


def default_follow_up_months() -> list[int]:
    return [6, 12]


def validate_follow_up_months(value) -> None:
    if not isinstance(value, list) or not all(isinstance(m, int) and 1 <= m <= 60 for m in value):
        raise ValidationError("Write whole numbers of months from 1 to 60 in square brackets, for example [6, 12].")


class Programme(TimeStampedModel):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices)
    school_years = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_school_years],
        help_text="The school years it runs over, for example 2021–24, or 2026–27 for a cycle of the Quads.",
    )
    description = models.TextField(blank=True)
    # Where the sources disagree about when the programme ran (the final report's "ended in October 2024" against
    # its Appendix 1's November 2024 visit): shown wherever the programme's dates are given, never resolved here.
    dates_note = models.TextField(
        "where the sources disagree about its dates", blank=True, help_text="Said beside the programme's dates."
    )
    # Set when the reference loader first gave the programme its dates note and documents: it never gives them again,
    # so a note an officer cleared or documents they removed stay as they left them.
    reference_loaded = models.BooleanField(default=False, editable=False)
    follow_up_months = models.JSONField(
        "follow-ups, months after publication",
        default=default_follow_up_months,
        blank=True,
        validators=[validate_follow_up_months],
        help_text="When a visit's report is first published, follow-up sessions are proposed this many months later.",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reviews:programme-detail", kwargs={"slug": self.slug})

    @property
    def is_quads_cycle(self) -> bool:
        """A cycle of the Quads: its meetings are scheduled from each Quad's page, not as visits of the programme."""
        return self.kind == ProgrammeKind.QUADS

    @property
    def kind_label(self) -> str:
        return "Quads cycle" if self.is_quads_cycle else self.get_kind_display()


class Phase(TimeStampedModel):
    """A phase of a programme, or a cycle of the Quads."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint("programme", "number", name="phase_unique_number_per_programme"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="phase_ends_after_it_starts",
                violation_error_message="A phase cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.name


class Theme(TimeStampedModel):
    """The focus of a visit; may sit under a broader theme so analysis can count both ways."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    broader = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="narrower", verbose_name="broader theme"
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="theme_unique_name_ignoring_case"),
            models.CheckConstraint(condition=~Q(broader=F("pk")), name="theme_not_its_own_broader_theme"),
        ]

    def __str__(self):
        return self.name


def host_names_of(names, series_number: int | None = None) -> str:
    """The hosts' names as every page and email lists them: "Angus, Fife", or "Orkney Islands, Shetland Islands,
    Na h-Eileanan Siar (2)" for the second of visits to the same hosts that the source numbers."""
    return ", ".join(names) + (f" ({series_number})" if series_number else "")


def in_sentence(title: str) -> str:
    """A title inside a sentence: "the visit to Angus", "the meeting of Quad 3"."""
    return f"the {title[0].lower()}{title[1:]}"


class Visit(TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="visits")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="visits")
    hosts = models.ManyToManyField(Authority, related_name="hosted_visits", verbose_name="host authorities")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="visits")
    # A group's meeting (a Quad's, scheduled from the quads app) is a visit hosted by its members, named here.
    meeting_of = models.CharField(
        max_length=150, blank=True, help_text="The group whose meeting this is, for example Quad North."
    )
    key_question = models.TextField(blank=True)
    focus_areas = models.JSONField(default=list, blank=True)
    # The published source the key question and focus areas were filled from (a case study), shown beside them.
    focus_source = models.TextField(blank=True)
    # Which parts of the focus that source gave ("key question", "focus areas" or both): the rest is the visit's own.
    focus_source_gave = models.CharField(max_length=40, blank=True)
    # The visit's number among visits to the same hosts, where its source numbers them (the final report's Appendix
    # 1: "Orkney, Shetland, Western Isles (1)", "(2)", "(3)"): part of the visit's name wherever it is listed.
    series_number = models.PositiveSmallIntegerField("number in its source", null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    venue = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.PROPOSED)
    cancellation_reason = models.TextField(blank=True)
    # Raised whenever the dates or status change, so calendar programs replace their copy of the event.
    sequence = models.PositiveIntegerField(default=0)
    # Where the visit's record comes from when it was not planned in the portal: what the source does not give
    # (a key question, the team) is "not recorded", never pending.
    source = models.CharField(max_length=300, blank=True)
    # The host's choice: the public archive links this visit's day plan, as an example for other authorities.
    day_plan_public = models.BooleanField("show the day plan to the public", default=False)
    # The emails sent about the visit (core.mail's queue_email(about=[visit])), for "Messages sent about this visit".
    emails = models.ManyToManyField("core.OutgoingEmail", blank=True, related_name="+")

    history = HistoricalRecords(m2m_fields=[hosts], excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="visit_ends_on_or_after_it_starts",
                violation_error_message="A visit cannot end before it starts.",
            ),
            # Visits known only by month keep that precision: the first of the month, no end day.
            models.CheckConstraint(
                condition=(Q(date_precision=DatePrecision.DAY) & Q(ends_on__isnull=False))
                | (Q(date_precision=DatePrecision.MONTH) & Q(ends_on__isnull=True) & Q(starts_on__day=1)),
                name="visit_dates_match_their_precision",
            ),
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.CANCELLED) | ~Q(cancellation_reason=""),
                name="visit_cancellation_has_a_reason",
                violation_error_message="Give the reason the visit was cancelled.",
            ),
        ]

    def __str__(self):
        return f"{self.theme} ({self.when})"

    def get_absolute_url(self):
        return reverse("reviews:visit-detail", kwargs={"pk": self.pk})

    @property
    def has_exact_dates(self) -> bool:
        return self.date_precision == DatePrecision.DAY

    @property
    def when(self) -> str:
        start, end = self.starts_on, self.ends_on
        if not self.has_exact_dates:
            return f"{start:%B %Y}"
        if end == start:
            return f"{start.day} {start:%B %Y}"
        return f"{start.day} {start:%B} to {end.day} {end:%B %Y}"

    @property
    def title(self) -> str:
        """What the visit is called on its pages: "Visit to Angus", or "Meeting of Quad 3" for a group's meeting."""
        return self.title_with([host.name for host in self.hosts.all()])

    def title_with(self, names: list[str]) -> str:
        """The title, from the hosts' names where a list of visits has them at hand."""
        if self.meeting_of:
            return f"Meeting of {self.meeting_of}"
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""
        return f"Visit to {joined}{self.series_label}".strip()

    @property
    def series_label(self) -> str:
        """ " (2)" for the second of visits to the same hosts its source numbers; "" for any other visit."""
        return f" ({self.series_number})" if self.series_number else ""

    @property
    def title_in_sentence(self) -> str:
        """The title inside a sentence: "the visit to Angus", "the meeting of Quad 3"."""
        return in_sentence(self.title)

    @property
    def kind_label(self) -> str:
        """What the event is, in calendars and emails: a CI visit, or a Quad's meeting."""
        return f"{self.meeting_of} meeting" if self.meeting_of else "CI visit"

    @property
    def is_historic(self) -> bool:
        """Recorded from a published source, not planned here."""
        return bool(self.source)

    @property
    def last_day(self):
        """The visit's last day; a visit known only by its month runs to the month's end."""
        if self.ends_on is not None:
            return self.ends_on
        return self.starts_on.replace(day=calendar.monthrange(self.starts_on.year, self.starts_on.month)[1])

    @property
    def stage(self) -> VisitStage:
        """Before, during or after: the one test of what the visit page and its actions still offer."""
        today = timezone.localdate()
        if self.status in (VisitStatus.COMPLETED, VisitStatus.CANCELLED) or self.last_day < today:
            return VisitStage.AFTER
        return VisitStage.DURING if self.starts_on <= today else VisitStage.BEFORE

    @property
    def is_finished(self) -> bool:
        return self.stage == VisitStage.AFTER

    @property
    def is_before(self) -> bool:
        return self.stage == VisitStage.BEFORE

    @property
    def is_proposed(self) -> bool:
        return self.status == VisitStatus.PROPOSED

    @property
    def is_open(self) -> bool:
        """Proposed or confirmed: it can still be confirmed, completed or cancelled."""
        return self.status in (VisitStatus.PROPOSED, VisitStatus.CONFIRMED)

    @property
    def host_names(self) -> str:
        """The hosts as lists name the visit, with its number where its source numbers visits to the same hosts."""
        return host_names_of((host.name for host in self.hosts.all()), self.series_number)

    def clean(self):
        super().clean()
        if self.phase_id and self.programme_id and self.phase.programme_id != self.programme_id:
            raise ValidationError({"phase": "Choose a phase of this visit's programme."})


class FocusProposal(models.Model):
    """A host authority's proposed key question and focus areas for its visit, and what an ADES officer decided.

    Kept after the decision, so the visit shows who proposed and who agreed (or returned) each version.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="focus_proposals")
    key_question = models.TextField()
    focus_areas = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=FocusDecision.choices, default=FocusDecision.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "visit", condition=Q(decision="waiting"), name="focus_proposal_one_waiting_per_visit"
            ),
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(comment=""), name="focus_proposal_returned_with_a_comment"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["waiting", "replaced"]) | Q(decided_at__isnull=False),
                name="focus_proposal_decision_has_a_date",
            ),
        ]

    def __str__(self):
        return f"Focus proposed for {self.visit}: {self.get_decision_display()}"

    @property
    def is_agreed(self) -> bool:
        return self.decision == FocusDecision.AGREED

    @property
    def is_returned(self) -> bool:
        return self.decision == FocusDecision.RETURNED


class TeamMembership(TimeStampedModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships")
    role = models.CharField(max_length=40, choices=TeamRole.choices)
    is_lead = models.BooleanField("team lead", default=False)
    attendance_confirmed = models.BooleanField(default=False)
    place = models.CharField(max_length=10, choices=PlaceAnswer.choices, default=PlaceAnswer.AWAITING)
    place_answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-is_lead", "person__full_name"]
        constraints = [models.UniqueConstraint("visit", "person", name="team_membership_once_per_visit")]

    def __str__(self):
        return f"{self.person.full_name}, {self.get_role_display()}"

    @property
    def is_awaiting_answer(self) -> bool:
        """Asked for their place on the team, and not yet answered."""
        return self.place == PlaceAnswer.AWAITING

    @property
    def has_declined(self) -> bool:
        return self.place == PlaceAnswer.DECLINED


# Preparing a team for its visit: the induction pack and the day plan.
from .preparation import DaySession, InductionPack, InductionRead  # noqa: E402

# A programme's own published documents, linked where their publisher lists them.
from .programme_documents import ProgrammeDocument  # noqa: E402

# What a visit's team holds beside its members: organisations a source names, pre-reading, calendar feeds.
# _document_path stays importable from here, where the first migration finds it.
from .team_records import CalendarFeed, TeamOrganisation, VisitDocument, _document_path  # noqa: E402, F401

__all__ = [
    "CalendarFeed",
    "DaySession",
    "InductionPack",
    "InductionRead",
    "ProgrammeDocument",
    "TeamOrganisation",
    "VisitDocument",
]

# A visit's evidence log, confidential to its team: focus groups held and written views received.
from .evidence import FocusGroup, WrittenView  # noqa: E402, F401

# Education Scotland's national thematic inspections, and how near a visit may fall to one before scheduling warns.
from .inspections import InspectionWindow, NationalInspection  # noqa: E402, F401

# Reviews below authority level: the establishments or cluster a visit focuses on.
from .scope import FocusEstablishment  # noqa: E402, F401
