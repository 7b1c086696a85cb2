"""Starting a cycle of the Quads: the Quads programme of a school year, where its Quads' meetings are scheduled."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core import cycles
from reviews.choices import ProgrammeKind
from reviews.models import Programme
from reviews.services import programmes

from ..selectors import cycle_programme

CYCLE_DESCRIPTION = (
    "The Quads' cycle of {cycle}: the authorities of each Quad complete a self-evaluation, then meet to compare, "
    "challenge and support each other."
)


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
