"""The induction pack: what a CI visit is, the roles, the key terms, what is expected and how the survey and report
work. ADES officers maintain it; each save is a new version, so "read" always means the version now shown."""

from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max

from .. import audit_trail
from ..choices import VisitStatus
from ..models import InductionPack, InductionRead, TeamMembership, Visit

FIRST_PACK = Path(__file__).resolve().parents[1] / "data" / "induction_pack.txt"


def current() -> InductionPack | None:
    return InductionPack.objects.order_by("-number").first()


@audit_trail.induction_saved
@transaction.atomic
def save_version(*, title: str, body: str, by) -> InductionPack:
    latest = InductionPack.objects.select_for_update().aggregate(n=Max("number"))["n"] or 0
    return InductionPack.objects.create(number=latest + 1, title=title.strip(), body=body.strip(), created_by=by)


def load_first_pack() -> InductionPack:
    """The starting pack (reference data), unless ADES has written one already."""
    existing = current()
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


def has_read(person, pack: InductionPack | None) -> bool:
    return pack is not None and InductionRead.objects.filter(person=person, pack=pack).exists()


def readers_of(pack: InductionPack | None, people) -> set[int]:
    if pack is None:
        return set()
    return set(InductionRead.objects.filter(pack=pack, person__in=people).values_list("person_id", flat=True))


def first_timers(visit: Visit) -> set[int]:
    """Team members with no earlier visit (one that started before this one and was not cancelled)."""
    team = [m.person_id for m in visit.team.all()]
    earlier = (
        TeamMembership.objects.filter(person__in=team, visit__starts_on__lt=visit.starts_on)
        .exclude(visit__status=VisitStatus.CANCELLED)
        .values_list("person_id", flat=True)
    )
    return set(team) - set(earlier)
