"""ADES officers keep national measures and single figures by hand, beside the CSV import (reports.services.national): a
measure's name and kind, and one figure at a time, always with the publication it comes from."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Authority, Person
from core import cycles, freshness
from core.history import recorded_by

from .. import audit_trail, measure_fields
from ..models import MeasureFigure, NationalMeasure


@audit_trail.measure_saved
@transaction.atomic
def save_measure(
    *,
    measure: NationalMeasure | None = None,
    kind: str,
    name: str,
    stage: str = "",
    organiser: str = "",
    group: str = "",
    by: Person,
) -> NationalMeasure:
    """Create or edit a national measure; two measures never share kind, name, stage, organiser and group (names and
    groups compared without regard to case or spacing). Only ACEL measures have a stage and organiser, from the list."""
    stage, organiser, problems = measure_fields.checked(kind, stage, organiser)
    if problems:
        raise ValidationError(problems)
    measure = measure or NationalMeasure()
    measure.kind, measure.name = kind, " ".join(name.split())
    measure.stage, measure.organiser = stage, organiser
    measure.group = " ".join(group.split()) or "All pupils"
    fields = {f: getattr(measure, f) for f in ("kind", "name", "stage", "organiser", "group")}
    held = measure_fields.held_already(**fields, but=measure)
    if held is not None:
        raise ValidationError({"name": f"This measure is held already, as “{held}”: edit that one."})
    measure.full_clean()
    recorded_by(measure, by).save()
    freshness.changed()
    return measure


@audit_trail.figure_saved
@transaction.atomic
def save_figure(
    *,
    figure: MeasureFigure | None = None,
    measure: NationalMeasure,
    authority: Authority | None,
    family_group: int | None,
    year: str,
    value: Decimal,
    source: str,
    by: Person,
) -> MeasureFigure:
    """Add or correct one figure of a measure: an authority's, or a family group's median, for one year."""
    year = cycles.normalise(year)
    if not cycles.is_consecutive(year):
        raise ValidationError({"year": "Write the year like 2023-24."})
    if not source.strip():
        raise ValidationError({"source": "Name the publication the figure comes from."})
    figure = figure or MeasureFigure(measure=measure)
    figure.authority, figure.family_group = authority, family_group
    figure.year, figure.value, figure.source = year, value, source.strip()
    place = {"authority": authority} if authority else {"family_group": family_group}
    held = MeasureFigure.objects.filter(measure=measure, year=year, **place).exclude(pk=figure.pk)
    if held.exists():
        whose = authority.name if authority else f"family group {family_group}'s median"
        raise ValidationError({"year": f"A figure for {whose} in {year} is held already: edit that one."})
    figure.full_clean()
    recorded_by(figure, by).save()
    freshness.changed()
    return figure


@audit_trail.figure_deleted
@transaction.atomic
def delete_figure(*, figure: MeasureFigure, by: Person) -> None:
    recorded_by(figure, by).delete()
    freshness.changed()
