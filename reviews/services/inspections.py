"""Recording Education Scotland's national thematic inspections (by hand or from a spreadsheet, all or nothing), and
the window within which scheduling warns of one."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person
from core.history import recorded_by

from .. import audit_trail
from ..inspection_importing import InspectionRow
from ..models.inspections import InspectionScope, InspectionWindow, NationalInspection

FIELDS = (
    "title",
    "theme",
    "theme_name",
    "scope",
    "starts_on",
    "ends_on",
    "date_precision",
    "source_url",
    "source_note",
)


def _saved(inspection: NationalInspection, authorities, person) -> NationalInspection:
    """Checked and saved with its authorities, `person` named in its history (its callers record the audit entry)."""
    authorities = list(authorities)
    if inspection.scope == InspectionScope.AUTHORITY and len(authorities) != 1:
        raise ValidationError({"authorities": "An authority's inspection names exactly one authority."})
    inspection.full_clean()
    recorded_by(inspection, person).save()
    inspection.authorities.set(authorities)
    return inspection


@audit_trail.inspection_recorded
@transaction.atomic
def record_inspection(*, authorities, by: Person, **fields) -> NationalInspection:
    """A new inspection from its fields (FIELDS) and the authorities inspected or sampled."""
    return _saved(NationalInspection(**{name: fields[name] for name in FIELDS if name in fields}), authorities, by)


@audit_trail.inspection_changed
@transaction.atomic
def update_inspection(*, inspection: NationalInspection, authorities, by: Person, **fields) -> NationalInspection:
    for name in FIELDS:
        if name in fields:
            setattr(inspection, name, fields[name])
    return _saved(inspection, authorities, by)


@audit_trail.inspection_deleted
@transaction.atomic
def delete_inspection(*, inspection: NationalInspection, by: Person) -> None:
    recorded_by(inspection, by).delete()


@dataclass
class InspectionsImported:
    created: list[NationalInspection]
    already_there: list[InspectionRow]


@audit_trail.inspections_imported
@transaction.atomic
def import_inspections(*, rows: list[InspectionRow], by: Person) -> InspectionsImported:
    """Create the checked rows' inspections, all or none; one already recorded (same title and start) is left alone."""
    result = InspectionsImported(created=[], already_there=[])
    for row in rows:
        if NationalInspection.objects.filter(title__iexact=row.title, starts_on=row.starts_on).exists():
            result.already_there.append(row)
            continue
        result.created.append(_saved(NationalInspection(**row.fields()), row.authorities, by))
    return result


@audit_trail.inspection_window_changed
@transaction.atomic
def set_inspection_window(*, months: int, by: Person) -> InspectionWindow:
    window, _ = InspectionWindow.objects.get_or_create(pk=1)
    window.months = months
    window.full_clean()
    window.save()
    return window
