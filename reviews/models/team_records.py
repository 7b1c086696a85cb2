"""What a visit's team holds beside its members: organisations a source names, pre-reading, calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel


class TeamOrganisation(TimeStampedModel):
    """An organisation a source records on a visit's team, where it names no people: counted, never invented."""

    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="team_organisations")
    organisation = models.ForeignKey("authorities.Organisation", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=300)
    # How many people the source counts from this organisation together with the others it names in the same words
    # (Perth and Kinross: "Five representatives from both Education Scotland and ADES"): one count for them all,
    # never split between them, for the source does not split it.
    people_together = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint("visit", "organisation", name="team_organisation_once_per_visit")]

    def __str__(self):
        return f"{self.organisation} on the team of {self.visit}"


def _document_path(document, filename):  # reviews.models re-exports it, where the migrations find it
    return f"visits/{document.visit_id}/{secrets.token_hex(8)}/{filename}"


class VisitDocument(TimeStampedModel):
    """Pre-reading for a visit's team; never public."""

    visit = models.ForeignKey("reviews.Visit", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_document_path, max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class CalendarFeed(TimeStampedModel):
    """A person's private calendar subscription address; the token is the only key."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    def __str__(self):
        return f"Calendar of {self.person}"

    def get_absolute_url(self):
        return reverse("reviews:calendar-feed", kwargs={"token": self.token})
