"""Quads: saving Quads (one at a time, or a suggested split an officer accepted) and what their meetings agreed;
the warnings and the suggested split are read in quads.selectors.

Which authorities form each Quad is agreed by ADES and the authorities and is not published, so the portal
never invents a Quad: it suggests, and stores only what an officer accepts.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Authority
from core.cycles import normalise

from .. import audit_trail
from ..models import IndicatorAgreement, Quad
from ..selectors import has_meetings


@audit_trail.quad_saved
@transaction.atomic
def save_quad(*, quad: Quad | None = None, name: str, cycle: str, members: Sequence[Authority], by) -> Quad:
    """A Quad's name, cycle and four members; once it has a meeting not cancelled, its cycle and members stay."""
    if quad is not None and quad.pk:
        _check_settled(Quad.objects.select_for_update().get(pk=quad.pk), cycle=normalise(cycle), members=members)
    quad = quad or Quad()
    quad.name, quad.cycle = name.strip(), normalise(cycle)
    quad.full_clean(exclude=["members"])
    quad.save()
    quad.members.set(members)
    return quad


def _check_settled(stored: Quad, *, cycle: str, members: Sequence[Authority]) -> None:
    """Refuse changing the cycle or the members of a Quad whose meetings (hosted by its four, in its cycle's
    programme) are scheduled."""
    changed = []
    if cycle != stored.cycle:
        changed.append("cycle")
    if {member.pk for member in members} != set(stored.members.values_list("pk", flat=True)):
        changed.append("members")
    if not changed or not has_meetings(stored):
        return
    settled = (
        f"Quad {stored.name} has meetings scheduled: its cycle and members stay as they are. "
        "Cancel the meetings first to change them."
    )
    errors = dict.fromkeys(changed, settled)
    raise ValidationError(errors)


@transaction.atomic
def accept_suggestion(*, cycle: str, quads: Sequence[tuple[str, Sequence[Authority]]], by) -> list[Quad]:
    """Store the Quads an officer accepted, all or none (each recorded as made)."""
    return [save_quad(name=name, cycle=cycle, members=members, by=by) for name, members in quads]


@audit_trail.agreements_saved
@transaction.atomic
def save_agreements(
    *, quad: Quad, challenges: str, support: str, per_indicator: dict[int, tuple[str, str]] | None = None, by
) -> Quad:
    """The meeting's agreed challenges and support, overall and per quality indicator (an indicator with neither
    is not kept)."""
    quad.challenges, quad.support = challenges.strip(), support.strip()
    quad.save(update_fields=["challenges", "support", "updated_at"])
    for indicator_id, (on_challenges, on_support) in (per_indicator or {}).items():
        if on_challenges.strip() or on_support.strip():
            IndicatorAgreement.objects.update_or_create(
                quad=quad,
                indicator_id=indicator_id,
                defaults={"challenges": on_challenges.strip(), "support": on_support.strip()},
            )
        else:
            IndicatorAgreement.objects.filter(quad=quad, indicator_id=indicator_id).delete()
    return quad
