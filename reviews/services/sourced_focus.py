"""A visit's key question and focus areas filled from a published source (the final report's case studies) where the
visit has none of its own: the one way a higher app's reference data changes a visit."""

from django.db import transaction

from authorities.models import Person

from .. import audit_trail
from ..models import Visit


@audit_trail.focus_filled
@transaction.atomic
def fill_missing_focus(
    *, visit: Visit, key_question: str, focus_areas: list[str], source: str, by: Person | None = None
) -> bool:
    """Give the visit the source's key question and focus areas where it has none; what it has stays. The visit records
    the source and exactly which parts it gave (`focus_source_gave`), shown beside its focus; a visit already filled
    from another source takes nothing from this one, so no part is credited to the wrong source. `by` is None when
    the portal loads its reference data. Returns whether the visit's focus changed."""
    if visit.focus_source and visit.focus_source != source:
        return False
    gave = [part for part in visit.focus_source_gave.split(" and ") if part]
    before = len(gave)
    if key_question and not visit.key_question:
        visit.key_question = key_question
        gave.append("key question")
    if focus_areas and not visit.focus_areas:
        visit.focus_areas = focus_areas
        gave.append("focus areas")
    if len(gave) == before:
        return False
    visit.focus_source = source
    visit.focus_source_gave = " and ".join(part for part in ("key question", "focus areas") if part in gave)
    visit.save(update_fields=["key_question", "focus_areas", "focus_source", "focus_source_gave", "updated_at"])
    return True
