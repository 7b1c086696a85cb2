"""The induction pack: what a CI visit is, the roles, the key terms, what is expected and how the survey and report
work. ADES officers maintain it; each save is a new version, so "read" always means the version now shown."""

from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max

from .. import audit_trail
from ..models import InductionPack, InductionRead
from ..selectors import current_induction_pack

FIRST_PACK = Path(__file__).resolve().parents[1] / "data" / "induction_pack.txt"


@audit_trail.induction_saved
@transaction.atomic
def save_version(*, title: str, body: str, by) -> InductionPack:
    latest = InductionPack.objects.select_for_update().aggregate(n=Max("number"))["n"] or 0
    return InductionPack.objects.create(number=latest + 1, title=title.strip(), body=body.strip(), created_by=by)


def load_first_pack() -> InductionPack:
    """The starting pack (reference data), unless ADES has written one already."""
    existing = current_induction_pack()
    if existing is not None:
        return existing
    title, _, body = FIRST_PACK.read_text(encoding="utf-8").partition("\n\n")
    return save_version(title=title.strip(), body=body, by=None)


def mark_read(*, person, pack: InductionPack) -> bool:
    """True the first time; reading twice changes nothing."""
    try:
        with transaction.atomic():
            InductionRead.objects.create(person=person, pack=pack)
    except IntegrityError:
        return False
    return True
