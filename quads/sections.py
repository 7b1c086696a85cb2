"""What quads adds to the pages of apps below it (core.sections)."""

from django.utils import timezone

from reviews.choices import VisitStatus

from .selectors import quads_of


def visit_quad(request, visit) -> dict | None:
    """On a Quad's meeting: which Quad, for those who may see it; from the meeting's (last) day on, a link to record
    what it agreed."""
    link = getattr(visit, "quad_meeting", None)
    if link is None or not request.user.has_perm("quads.see_quad", link.quad):
        return None
    held = (
        visit.has_exact_dates
        and visit.status != VisitStatus.CANCELLED
        and (visit.ends_on or visit.starts_on) <= timezone.localdate()
    )
    can_record = held and request.user.has_perm("quads.write_quad_agreements", link.quad)
    return {"quad": link.quad, "can_record": can_record}


def authority_quads(request, authority) -> dict | None:
    if not request.user.has_perm("quads.view_quads_of_authority", authority):
        return None
    return {"quads": list(quads_of(authority))}


def reference_frameworks(request, _) -> dict:
    """A line on the index of reference records (authorities), which only ADES officers open."""
    return {}
