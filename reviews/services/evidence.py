"""A visit's evidence log, confidential to its team: recording, changing and removing its focus groups and written
views. Who may read or change an entry is reviews.rules' to say; the views ask it before calling these."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person

from .. import audit_trail
from ..choices import FocusGroupKind
from ..models import FocusGroup, Visit, WrittenView

FOCUS_GROUP_FIELDS = ("group", "description", "participants", "host_staff_present", "held_on", "note", "readers")
WRITTEN_VIEW_FIELDS = ("from_whom", "received_on", "summary", "readers")
FIELDS = {FocusGroup: FOCUS_GROUP_FIELDS, WrittenView: WRITTEN_VIEW_FIELDS}


def _checked(entry) -> None:
    """Every field as the model allows, with each problem named next to its field; nothing is saved otherwise."""
    if isinstance(entry, FocusGroup):
        entry.description = entry.description.strip()
        if entry.group == FocusGroupKind.OTHER and not entry.description:
            raise ValidationError({"description": "Say who the group was, for example “youth workers”."})
        if entry.participants is not None and entry.participants < 1:
            raise ValidationError({"participants": "Enter how many took part, 1 or more, or leave it empty."})
    entry.full_clean(exclude=["visit", "recorded_by"])


def _fill(entry, fields: dict):
    allowed = FIELDS[type(entry)]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Not a field of the log: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    _checked(entry)
    entry.save()
    return entry


@audit_trail.evidence_recorded
@transaction.atomic
def record_focus_group(*, visit: Visit, by: Person, **fields) -> FocusGroup:
    """A focus group the team held: which group, how many took part, whether host authority staff were in the room."""
    return _fill(FocusGroup(visit=visit, recorded_by=by), fields)


@audit_trail.evidence_recorded
@transaction.atomic
def record_written_view(*, visit: Visit, by: Person, **fields) -> WrittenView:
    """A view received in writing ("HMI views were requested in writing"), from an organisation or role."""
    return _fill(WrittenView(visit=visit, recorded_by=by), fields)


@audit_trail.evidence_changed
@transaction.atomic
def change_entry(*, entry: FocusGroup | WrittenView, by: Person, **fields) -> FocusGroup | WrittenView:
    """Change an entry; on a problem, raises ValidationError and the entry stays as it was."""
    saved = type(entry).objects.select_for_update().get(pk=entry.pk)
    return _fill(saved, fields)


@audit_trail.evidence_removed
@transaction.atomic
def remove_entry(*, entry: FocusGroup | WrittenView, by: Person) -> None:
    entry.delete()
