"""What reviews adds to the pages of apps below it (core.sections)."""

from core import links

from .selectors import visits_hosted_by


def authority_visits(request, authority) -> dict:
    sees_all_visits = request.user.has_perm("reviews.view_all_visits_of_authority", authority)
    return {
        "visits": links.attach(
            links.LinkKind.PUBLISHED_REPORT, visits_hosted_by(authority, public=not sees_all_visits), "report_link"
        ),
        "sees_all_visits": sees_all_visits,
    }


def reference_themes(request, _) -> dict:
    """A line on the index of reference records (authorities), which only ADES officers open."""
    return {}


def reference_inspections(request, _) -> dict:
    """A line on the index of reference records: Education Scotland's national thematic inspections."""
    return {}
