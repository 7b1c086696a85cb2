"""The programme as a network, for officers; and the theme finder, for everyone (people only when signed in)."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from core import freshness
from core.access import require
from core.forms import search_words
from core.sections import Page, sections_for

from .. import network
from ..choices import PUBLIC_STATUSES, ProgrammeKind, VisitStatus
from ..models import Programme, Theme


def network_page(request):
    require(request, "reviews.view_network")
    chosen = request.GET.get("programme") or ""
    body = freshness.fragment("reviews/_network_body.html", lambda: _network_context(chosen), key=(chosen,))
    programme = Programme.objects.filter(slug=chosen).first() if chosen else None
    return render(request, "reviews/network.html", {"programme": programme, "body": body})


def _network_context(chosen: str) -> dict:
    programmes = list(Programme.objects.order_by("name"))
    programme = next((p for p in programmes if p.slug == chosen), None)
    recorded = network.reviewing(programme)
    flows = network.peer_flows(programme, recorded=recorded)
    rows = network.coverage(programme, recorded=recorded)
    reviews = programme is None or programme.kind != ProgrammeKind.QUADS
    return {
        "programmes": programmes,
        "programme": programme,
        "quad_meetings": network.quad_meetings(programme),
        "below_authority": network.below_authority_level(programme),
        "unscoped": network.unscoped_visits(programme),
        "reviews": reviews,
        "timeline": network.themes_over_time(programme),
        "coverage": rows,
        "not_hosted": [row.authority for row in rows if not row.has_hosted] if reviews else [],
        "not_reviewed": [row.authority for row in rows if not row.has_reviewed],
        "flows": flows,
        "unrecorded_teams": network.unrecorded_teams(programme),
        "matrix": network.flow_matrix(flows),
    }


def theme_finder(request):
    """Themes with how many visits took them; a search by words of the theme's name."""
    officer = request.user.has_perm("reviews.view_network")
    counted = ~Q(visits__status=VisitStatus.CANCELLED) if officer else Q(visits__status__in=PUBLIC_STATUSES)
    themes = Theme.objects.select_related("broader").annotate(
        visit_count=Count("visits", filter=counted, distinct=True)
    )
    query, error = request.GET.get("q", "")[:100], ""
    try:
        query = search_words(query)
    except ValidationError as refused:  # too short: say so beside the box, and list every theme as if unsearched
        error, query = refused.messages[0], ""
    for word in query.split():
        themes = themes.filter(Q(name__icontains=word) | Q(narrower__name__icontains=word)).distinct()
    themes = [theme for theme in themes.order_by("name") if theme.visit_count or query]
    return render(
        request,
        "reviews/theme_finder.html",
        {
            "themes": themes,
            "query": query,
            "typed": request.GET.get("q", "")[:100] if error else query,
            "error": error,
            "can_plan": request.user.has_perm("reviews.plan_programme"),
        },
    )


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("broader"), slug=slug)
    officer = request.user.has_perm("reviews.view_network")
    work = network.theme_work(theme, officer=officer, with_people=request.user.is_authenticated)
    return render(
        request,
        "reviews/theme_detail.html",
        {
            "theme": theme,
            "work": work,
            "sections": sections_for(Page.THEME, request, theme),
            "with_people": request.user.is_authenticated,
        },
    )
