"""Education Scotland's national thematic inspections, recorded so that scheduling warns when a visit would fall near
one of the same authority or theme (the final report of 2025: "concerns were raised about overlapping efforts").

Dates: a source that gives days is recorded by day; one that gives only months is recorded by month, as the first
day of the first month to the last day of the last month, with `date_precision` saying so (the pages then print
months only). The warning's window is set by ADES officers on the inspections' pages (InspectionWindow, one row).
"""

import calendar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from authorities.models import Authority
from core.models import TimeStampedModel

from ..choices import DatePrecision

WINDOW_MONTHS = 6  # until an officer changes it
MAX_WINDOW_MONTHS = 24


def validate_https(value: str) -> None:
    """A source link is a web page's https address: nothing else is ever made a link."""
    if not value.lower().startswith("https://"):
        raise ValidationError("Give the source's web address starting https://.")
    URLValidator(schemes=["https"], message="Give the source's full web address, like https://education.gov.scot/…")(
        value
    )


class InspectionScope(models.TextChoices):
    AUTHORITY = "authority", "One authority"
    NATIONAL_SAMPLE = "national_sample", "A national sample of authorities"


class NationalInspection(TimeStampedModel):
    title = models.CharField(max_length=200)
    theme = models.ForeignKey(
        "reviews.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="national_inspections",
        help_text="The portal's theme it matches, if any: visits on this theme (or under it) are warned about.",
    )
    theme_name = models.CharField(
        "theme as Education Scotland names it", max_length=200, blank=True, help_text="For example, Curriculum design."
    )
    scope = models.CharField(max_length=20, choices=InspectionScope.choices, default=InspectionScope.NATIONAL_SAMPLE)
    # One authority for an authority's inspection; the sampled authorities for a national sample (none: not recorded).
    authorities = models.ManyToManyField(Authority, blank=True, related_name="national_inspections")
    starts_on = models.DateField()
    ends_on = models.DateField()
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    source_url = models.URLField("source link", max_length=500, validators=[validate_https])
    source_note = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[authorities], excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="inspection_ends_on_or_after_it_starts",
                violation_error_message="An inspection cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(date_precision=DatePrecision.DAY) | Q(starts_on__day=1),
                name="inspection_month_dates_start_on_the_first",
            ),
            models.CheckConstraint(
                condition=Q(theme__isnull=False) | ~Q(theme_name=""),
                name="inspection_has_a_theme",
                violation_error_message="Give the inspection's theme.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:inspection-detail", kwargs={"pk": self.pk})

    @property
    def theme_label(self) -> str:
        """The theme as Education Scotland names it, else the portal's."""
        return self.theme_name or (self.theme.name if self.theme else "")

    @property
    def when(self) -> str:
        start, end = self.starts_on, self.ends_on
        if self.date_precision == DatePrecision.MONTH:
            if (start.year, start.month) == (end.year, end.month):
                return f"{start:%B %Y}"
            return f"{start:%B}{'' if start.year == end.year else f' {start.year}'} to {end:%B %Y}"
        if start == end:
            return f"{start.day} {start:%B %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day} to {end.day} {end:%B %Y}"
        return f"{start.day} {start:%B}{'' if start.year == end.year else f' {start.year}'} to {end.day} {end:%B %Y}"

    def clean(self):
        super().clean()
        if self.date_precision == DatePrecision.MONTH and self.starts_on and self.ends_on:
            last = calendar.monthrange(self.ends_on.year, self.ends_on.month)[1]
            if self.starts_on.day != 1 or self.ends_on.day != last:
                raise ValidationError("An inspection known by month runs from a month's first day to a month's last.")


class InspectionWindow(models.Model):
    """How near (in months, before or after) a visit may fall to an inspection of its authority or theme before
    scheduling warns: one row, changed by ADES officers on the inspections' page."""

    months = models.PositiveSmallIntegerField(
        default=WINDOW_MONTHS,
        validators=[MaxValueValidator(MAX_WINDOW_MONTHS)],
        help_text="From 0 (warn only when the dates overlap) to 24.",
    )  # who changed it, and when, is in the audit log

    def __str__(self):
        return f"{self.months} months"

    @classmethod
    def current(cls) -> int:
        row = cls.objects.filter(pk=1).values_list("months", flat=True).first()
        return WINDOW_MONTHS if row is None else row
