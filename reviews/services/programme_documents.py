"""A programme's own published documents: ADES officers add, change and remove the links to where they are listed."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person

from .. import audit_trail
from ..models import Programme, ProgrammeDocument


def _filled(document: ProgrammeDocument, *, title: str, period: str, published_by: str, listed_on: str):
    document.title, document.period = " ".join(title.split()), " ".join(period.split())
    document.published_by, document.listed_on = " ".join(published_by.split()), listed_on.strip()
    others = ProgrammeDocument.objects.filter(programme=document.programme, title__iexact=document.title)
    if others.exclude(pk=document.pk).exists():
        raise ValidationError({"title": f"{document.programme} already lists a document called {document.title}."})
    document.full_clean()
    document.save()
    return document


@audit_trail.programme_document_added
@transaction.atomic
def add_programme_document(
    *, programme: Programme, title: str, period: str, published_by: str, listed_on: str, by: Person
) -> ProgrammeDocument:
    """A document the programme published, linked where its publisher lists it; it comes after the others."""
    last = programme.documents.order_by("-position").values_list("position", flat=True).first()
    document = ProgrammeDocument(programme=programme, position=0 if last is None else last + 1)
    return _filled(document, title=title, period=period, published_by=published_by, listed_on=listed_on)


@audit_trail.programme_document_changed
@transaction.atomic
def change_programme_document(
    *, document: ProgrammeDocument, title: str, period: str, published_by: str, listed_on: str, by: Person
) -> ProgrammeDocument:
    return _filled(document, title=title, period=period, published_by=published_by, listed_on=listed_on)


@audit_trail.programme_document_removed
@transaction.atomic
def remove_programme_document(*, document: ProgrammeDocument, by: Person) -> None:
    document.delete()
