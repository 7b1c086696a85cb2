"""What quads adds to the pages of apps below it (core.sections)."""

from .selectors import quads_of


def visit_quad(request, visit) -> dict | None:
    """On a Quad's meeting: which Quad, for those who may see it."""
    link = getattr(visit, "quad_meeting", None)
    if link is None or not request.user.has_perm("quads.see_quad", link.quad):
        return None
    return {"quad": link.quad}


def authority_quads(request, authority) -> dict | None:
    if not request.user.has_perm("quads.view_quads_of_authority", authority):
        return None
    return {"quads": list(quads_of(authority))}


def reference_frameworks(request, _) -> dict:
    """A line on the index of reference records (authorities), which only ADES officers open."""
    return {}
