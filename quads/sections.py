"""What quads adds to the pages of apps below it (core.sections)."""

from core import cycles, links

from .selectors import current_guidance, is_held, latest_quads_of, quads_of


def visit_quad(request, visit) -> dict | None:
    """On a Quad's meeting: which Quad, for those who may see it; from the meeting's (last) day on, a link to record
    what it agreed."""
    link = getattr(visit, "quad_meeting", None)
    if link is None or not request.user.has_perm("quads.see_quad", link.quad):
        return None
    can_record = is_held(visit) and request.user.has_perm("quads.write_quad_agreements", link.quad)
    return {"quad": link.quad, "can_record": can_record}


def programme_quads(request, programme) -> dict | None:
    """On a Quads cycle's programme, for ADES officers: the Quads page of its cycle, where meetings are scheduled."""
    if not programme.is_quads_cycle or not request.user.has_perm("quads.plan_quads"):
        return None
    cycle = programme.school_years or cycles.current_cycle()
    return {"cycle": cycle, "cycle_slug": cycles.to_slug(cycle)}


def authority_quads(request, authority) -> dict | None:
    if not request.user.has_perm("quads.view_quads_of_authority", authority):
        return None
    follow_up = links.resolve(links.LinkKind.AUTHORITY_FOLLOW_UP, [authority]).get(authority.pk)
    return {"quads": list(quads_of(authority)), "follow_up": follow_up}


def home_quads(request, _) -> dict | None:
    """On the home page's places to go, for ADES officers and authority officers: the Quads guidance (its version
    and date), and for a Quad member their authority's Quads of its latest cycle."""
    user = request.user
    if not (user.has_perm("quads.plan_quads") or user.has_perm("quads.list_quads")):
        return None
    authority = getattr(user.organisation, "authority", None) if user.has_perm("quads.list_quads") else None
    return {"guidance": current_guidance(), "quads": latest_quads_of(authority) if authority else []}


def reference_frameworks(request, _) -> dict:
    """A line on the index of reference records (authorities), which only ADES officers open."""
    return {}
