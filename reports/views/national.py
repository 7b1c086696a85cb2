"""National figures beside an authority's own: the public page per authority, the CSV import for ADES, and a
report's impact measures naming the national measure they are."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from authorities.models import Authority
from core import once
from core.access import require
from reviews.models import Visit

from .. import selectors
from ..choices import EDITABLE
from ..national_forms import ImpactNationalForm, NationalFiguresForm
from ..services import national


def authority_figures(request, slug):
    authority = get_object_or_404(Authority, slug=slug)
    measures = selectors.figures_for(authority)
    return render(request, "reports/national_figures.html", {"authority": authority, "measures": measures})


@require_http_methods(["GET", "POST"])
def figures_import(request):
    """All or nothing: every bad line is named and nothing is stored until the whole file is right."""
    require(request, "reports.approve")
    form = NationalFiguresForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                figures = national.read(form.cleaned_data["file"].read(), kind=form.cleaned_data["kind"])
            except national.ImportProblems as error:
                problems = error.problems
            except ValidationError as unreadable:  # not a CSV that can be read: said next to the file
                form.add_error("file", unreadable)
            else:
                data = form.cleaned_data
                saved = national.save(figures=figures, kind=data["kind"], source=data["source"], by=request.user)
                messages.success(request, f"{saved} figure{'s' if saved != 1 else ''} imported, each with its source.")
                return once.finish(request, request.path)
        once.release(request)
    return render(request, "reports/national_import.html", {"form": form, "problems": problems})


@require_http_methods(["GET", "POST"])
def impact_national(request, visit_pk):
    """The host names the national measure behind each of the draft's impact measures."""
    visit = get_object_or_404(Visit, pk=visit_pk)
    report = getattr(visit, "report", None)
    if report is None or not request.user.has_perm("reports.write_draft", report):
        raise Http404
    if report.status not in EDITABLE:
        messages.error(request, f"The report is {report.get_status_display().lower()}: it cannot be edited now.")
        return redirect("reports:report-draft", visit_pk=visit_pk)
    measures = list(report.impact_measures.all())
    form = ImpactNationalForm(request.POST or None, measures=measures)
    if request.method == "POST" and form.is_valid():
        named = national.link_impact(report=report, links=form.links(), by=request.user)
        messages.success(request, _saved(named, len(measures)))
        return redirect("reports:report-draft", visit_pk=visit_pk)
    return render(
        request,
        "reports/impact_national.html",
        {"form": form, "visit": visit, "measures": measures, "held": bool(form.national)},
    )


def _saved(named: int, total: int) -> str:
    if total == 1:
        return f"Saved: the impact measure {'names a' if named else 'names no'} national measure."
    return f"Saved: {named} of the {total} impact measures {'names' if named == 1 else 'name'} a national measure."
