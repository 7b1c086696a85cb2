"""Starting a cycle of the Quads: the Quads programme of a school year, where its Quads' meetings are scheduled."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core import cycles
from core.cycles import normalise
from reviews.choices import ProgrammeKind
from reviews.models import Programme
from reviews.services import programmes

CYCLE_DESCRIPTION = (
    "The Quads' cycle of {cycle}: the authorities of each Quad complete a self-evaluation, then meet to compare, "
    "challenge and support each other."
)


def cycle_programme(cycle: str) -> Programme | None:
    """The Quads programme of a cycle, where its meetings are scheduled; None before the cycle is started."""
    return Programme.objects.filter(kind=ProgrammeKind.QUADS, school_years=normalise(cycle)).first()


def next_cycle() -> str:
    """The cycle to start next: the one after the latest started, and never one already over (it may be beyond
    the cycles that can be started: the page then offers none)."""
    started = Programme.objects.filter(kind=ProgrammeKind.QUADS).values_list("school_years", flat=True)
    latest = cycles.latest(started)
    return max(cycles.following(latest), cycles.current_cycle()) if latest else cycles.current_cycle()


@transaction.atomic
def start_cycle(*, cycle: str, name: str, by) -> Programme:
    """A cycle of the Quads is a Quads programme for that school year, made with its one phase, from August to July
    (reviews' programmes make it for every Quads programme)."""
    try:
        cycle = cycles.validate_in_reach(cycle)
    except ValidationError as refused:
        raise ValidationError({"cycle": refused.messages}) from refused
    if started := cycle_programme(cycle):
        raise ValidationError(f"The {cycle} cycle is started already, as {started.name}.")
    return programmes.create_programme(
        name=name,
        kind=ProgrammeKind.QUADS,
        school_years=cycle,
        description=CYCLE_DESCRIPTION.format(cycle=cycle),
        follow_up_months=[],
        by=by,
    )
