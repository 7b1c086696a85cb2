"""The Quads guidance: brief and supportive, as the CI guidance was found to be (CI programme final report, 2025).
ADES officers maintain it; each save is a new version, never edited, and the newest is the one shown."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .. import audit_trail
from ..models import QuadsGuidance
from ..selectors import current_guidance

FIRST_GUIDANCE = Path(__file__).resolve().parents[1] / "data" / "quads_guidance.txt"


@audit_trail.guidance_saved
@transaction.atomic
def save_version(*, title: str, body: str, by) -> QuadsGuidance:
    """A new version; refused when it says exactly what the shown one does, so a version always changes something."""
    latest = QuadsGuidance.objects.select_for_update().aggregate(n=Max("number"))["n"] or 0
    shown = current_guidance()
    if shown is not None and (shown.title, shown.body) == (title.strip(), body.strip()):
        raise ValidationError("Nothing has changed: change the title or the guidance before saving a new version.")
    return QuadsGuidance.objects.create(number=latest + 1, title=title.strip(), body=body.strip(), created_by=by)


def load_first_guidance() -> QuadsGuidance:
    """The starting guidance (reference data), unless ADES has written one already."""
    existing = current_guidance()
    if existing is not None:
        return existing
    title, _, body = FIRST_GUIDANCE.read_text(encoding="utf-8").partition("\n\n")
    return save_version(title=title.strip(), body=body, by=None)
