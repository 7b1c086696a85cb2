"""Quads: warnings about a Quad's make-up, a suggested split of the family groups, saving Quads and what their
meetings agreed.

Which authorities form each Quad is agreed by ADES and the authorities and is not published, so the portal
never invents a Quad: it suggests, and stores only what an officer accepts.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from authorities.models import Authority
from core.cycles import normalise
from reviews.choices import VisitStatus

from .. import audit_trail
from ..models import IndicatorAgreement, Quad


@dataclass(frozen=True)
class QuadWarning:
    code: str
    message: str


def quad_warnings(members: Sequence[Authority], cycle: str, *, others: Iterable[tuple[str, Sequence]]) -> list:
    """What an officer should check about four authorities; nothing is refused.

    ``others`` are the rest of the cycle's Quads (and any suggested beside this one), as (label, members).
    """
    warnings = []
    if len({member.people_family for member in members}) > 1:
        by_family = ", ".join(f"{member.name} ({member.people_family})" for member in members)
        warnings.append(
            QuadWarning("mixed_families", f"The four are not all in one family group (children's set): {by_family}.")
        )
    names = {member.name for member in members}
    places: dict[str, list[str]] = defaultdict(list)
    for label, other_members in others:
        for member in other_members:
            if member.name in names:
                places[member.name].append(label)
    for name in sorted(places):
        warnings.append(
            QuadWarning("in_two_quads", f"{name} is also in {' and '.join(places[name])} of {normalise(cycle)}.")
        )
    return warnings


def quads_of_cycle(cycle: str):
    return Quad.objects.filter(cycle=normalise(cycle)).prefetch_related(
        Prefetch("members", queryset=Authority.objects.order_by("name"))
    )


def others_in_cycle(cycle: str, *, exclude: Quad | None = None) -> list[tuple[str, list[Authority]]]:
    quads = quads_of_cycle(cycle).exclude(pk=getattr(exclude, "pk", None))
    return [(f"Quad {quad.name}", list(quad.members.all())) for quad in quads]


def warnings_of(quad: Quad, cycle_quads: Sequence[Quad]) -> list[QuadWarning]:
    """A stored Quad's warnings, given the cycle's Quads already loaded with their members."""
    others = [(f"Quad {other.name}", list(other.members.all())) for other in cycle_quads if other.pk != quad.pk]
    return quad_warnings(list(quad.members.all()), quad.cycle, others=others)


@dataclass
class SuggestedQuad:
    family: int
    name: str
    members: list[Authority]


def suggest_split(cycle: str) -> tuple[list[SuggestedQuad], list[Authority]]:
    """Each family group split into Quads of four, from the authorities not yet in a Quad of the cycle.

    Authorities of one regional improvement collaborative are kept together where the numbers allow, so
    neighbours who already work together meet more easily. Returns the suggested Quads and whoever is left over
    (a family group whose free members do not divide into fours).
    """
    taken = Quad.objects.filter(cycle=normalise(cycle)).values("members")
    free = Authority.objects.exclude(pk__in=taken).select_related("collaborative")
    families: dict[int, list[Authority]] = defaultdict(list)
    for authority in free:
        families[authority.people_family].append(authority)
    suggestions, left_over = [], []
    for family in sorted(families):
        ordered = sorted(families[family], key=lambda a: (a.collaborative.name, a.name))
        whole = len(ordered) - len(ordered) % Quad.QUAD_SIZE
        for number, start in enumerate(range(0, whole, Quad.QUAD_SIZE), start=1):
            group = sorted(ordered[start : start + Quad.QUAD_SIZE], key=lambda a: a.name)
            suggestions.append(SuggestedQuad(family, f"Family group {family}, Quad {_letter(number)}", group))
        left_over.extend(ordered[whole:])
    return suggestions, sorted(left_over, key=lambda a: a.name)


def _letter(number: int) -> str:
    return "ABCDEFGH"[number - 1]


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


def has_meetings(quad: Quad) -> bool:
    """Whether the Quad has a meeting that is not cancelled."""
    return quad.meeting_links.exclude(visit__status=VisitStatus.CANCELLED).exists()


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
