"""The portal's URLs plus the yardsticks the benchmarks divide by: a bare view, and floor pages that print a list
page's rows in the portal's layout with one plain query and no logic."""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count
from django.http import HttpResponse
from django.template import Template
from django.urls import include, path

FLOOR = Template(
    """{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block heading %}Floor{% endblock %}
{% block content %}<table class="ds_table"><tbody>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table>{% endblock %}"""
)


def bare(request):
    return HttpResponse("ok")


def _floor(request, rows):
    return HttpResponse(FLOOR.render(_context(request, rows)))


def _context(request, rows):
    from django.template import RequestContext

    return RequestContext(request, {"rows": rows})


def floor_programme(request, slug):
    """A row per visit: phase, hosts, dates, theme, status, team size; as many rows again for the month timeline."""
    from reviews.models import Visit

    rows = list(
        Visit.objects.filter(programme__slug=slug)
        .annotate(host_names=StringAgg("hosts__name", ", ", distinct=True), team_size=Count("team", distinct=True))
        .values_list("phase__number", "host_names", "starts_on", "ends_on", "theme__name", "status", "team_size")
        .order_by("starts_on")
    )
    return _floor(request, rows + [(row[2], row[1]) for row in rows])


def floor_network(request, slug):
    """The 32 authorities' coverage rows and the 32 x 32 matrix of who reviewed whom, counted by the database."""
    from reviews.models import TeamMembership

    pairs = list(
        TeamMembership.objects.filter(visit__programme__slug=slug, person__organisation__authority__isnull=False)
        .values_list("person__organisation__authority__name", "visit__hosts__name")
        .annotate(n=Count("pk"))
        .order_by("person__organisation__authority__name", "visit__hosts__name")
    )
    return _floor(request, pairs)


def floor_archive(request):
    from reports.models import ReportVersion

    rows = ReportVersion.objects.order_by("-published_at").values_list(
        "content__title", "content__key_question", "content__theme", "published_at", "number"
    )[:20]
    return _floor(request, list(rows))


def floor_quads(request):
    from quads.models import Quad

    rows = Quad.objects.annotate(names=StringAgg("members__name", ", ")).values_list("name", "cycle", "names")
    return _floor(request, list(rows))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/floor/programme/<slug:slug>/", floor_programme),
    path("bench/floor/network/<slug:slug>/", floor_network),
    path("bench/floor/archive/", floor_archive),
    path("bench/floor/quads/", floor_quads),
    path("", include("ci_portal.urls")),
]
