"""Recording Education Scotland's national thematic inspections (by hand or from a spreadsheet, all or nothing), and
the window within which scheduling warns of one."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person
from core.audit import audited, counted
from core.history import recorded_by

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


@audited(
    "inspection.recorded",
    "Recorded the national thematic inspection {result}",
    label="Inspection recorded",
    about=["result"],
)
@transaction.atomic
def record_inspection(*, authorities, by: Person, **fields) -> NationalInspection:
    """A new inspection from its fields (FIELDS) and the authorities inspected or sampled."""
    return _saved(NationalInspection(**{name: fields[name] for name in FIELDS if name in fields}), authorities, by)


@audited(
    "inspection.changed",
    "Changed the national thematic inspection {result}",
    label="Inspection changed",
    about=["result"],
)
@transaction.atomic
def update_inspection(*, inspection: NationalInspection, authorities, by: Person, **fields) -> NationalInspection:
    for name in FIELDS:
        if name in fields:
            setattr(inspection, name, fields[name])
    return _saved(inspection, authorities, by)


@audited(
    "inspection.deleted",
    "Deleted the national thematic inspection {inspection.title} ({inspection.when})",
    label="Inspection deleted",
)
@transaction.atomic
def delete_inspection(*, inspection: NationalInspection, by: Person) -> None:
    recorded_by(inspection, by).delete()


@dataclass
class InspectionsImported:
    created: list[NationalInspection]
    already_there: list[InspectionRow]


def _import_summary(values) -> str:
    created = values["result"].created
    return f"Imported {counted(len(created), 'national thematic inspection')}" if created else ""


@audited("inspections.imported", _import_summary, label="Inspections imported", about=lambda v: v["result"].created)
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


@audited(
    "inspection.window_changed",
    "Set the national thematic inspections' warning window to {months} months",
    label="Inspection window changed",
)
@transaction.atomic
def set_inspection_window(*, months: int, by: Person) -> InspectionWindow:
    window, _ = InspectionWindow.objects.get_or_create(pk=1)
    window.months = months
    window.full_clean()
    window.save()
    return window
