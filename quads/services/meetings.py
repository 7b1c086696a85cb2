"""A Quad's meetings: each is a visit in its cycle's Quads programme, hosted by the Quad's four authorities and
scheduled through reviews' services, in one transaction with the link that makes it the Quad's."""

from django.db import transaction

from reviews.services import visits

from .. import audit_trail
from ..models import Quad, QuadMeeting


@audit_trail.meeting_linked
@transaction.atomic
def link_meeting(*, quad: Quad, visit, by) -> QuadMeeting:
    """Record that a visit just scheduled is this Quad's meeting."""
    return QuadMeeting.objects.create(quad=quad, visit=visit)


def meeting_name(quad: Quad) -> str:
    return f"Quad {quad.name}"


@transaction.atomic
def schedule_meeting(*, quad: Quad, programme, hosts, by, **changes):
    """Schedule the Quad's meeting as a proposed visit of `programme` and link it to the Quad, all or nothing."""
    visit = visits.schedule_visit(programme=programme, hosts=hosts, meeting_of=meeting_name(quad), by=by, **changes)
    link_meeting(quad=quad, visit=visit, by=by)
    return visit
