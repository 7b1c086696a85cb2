"""A programme's own published documents (its interim and progress reports, its guidance), held as links to where
their publisher lists them: the portal holds no copy of the file."""

from django.core.validators import URLValidator
from django.db import models

from core.models import TimeStampedModel


class HttpsURLField(models.URLField):
    """An address checked by its own validators only: without the URL field's general check beside them, an address
    that is not https gets one message, not two."""

    default_validators = []


class ProgrammeDocument(TimeStampedModel):
    """A document a programme published, as its publisher lists it; the link goes to the listing page."""

    programme = models.ForeignKey("reviews.Programme", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    period = models.CharField(
        "period it covers or date", max_length=100, blank=True, help_text="For example June 2021 – June 2022."
    )
    published_by = models.CharField("publisher", max_length=150)
    listed_on = HttpsURLField(
        "where it is listed",
        max_length=500,
        validators=[URLValidator(schemes=["https"], message="Enter the full address of the page, starting https://.")],
        help_text="The https address of the page that lists the document, for example the publisher's page.",
    )
    listed_size = models.CharField("size the page gives", max_length=30, blank=True)
    # The listing it comes from when loaded with the portal's reference data; empty for one an officer added.
    source = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "pk"]
        constraints = [
            models.UniqueConstraint("programme", "title", name="programme_document_title_once_per_programme")
        ]

    def __str__(self):
        return self.title
