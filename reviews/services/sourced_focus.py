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
    """Give the visit the source's key question and focus areas where it has none; what it has stays, and the visit
    records the source it was filled from, shown beside its focus. `by` is None when the portal loads its reference
    data. Returns whether the visit's focus changed."""
    if not ((key_question and not visit.key_question) or (focus_areas and not visit.focus_areas)):
        return False
    visit.key_question = visit.key_question or key_question
    visit.focus_areas = visit.focus_areas or focus_areas
    visit.focus_source = source
    visit.save(update_fields=["key_question", "focus_areas", "focus_source", "updated_at"])
    return True
