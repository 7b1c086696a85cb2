"""National figures beside an authority's own: the public page per authority, and the CSV import for ADES."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from authorities.models import Authority
from core import once
from core.access import require

from .. import national
from ..forms import NationalFiguresForm


def authority_figures(request, slug):
    authority = get_object_or_404(Authority, slug=slug)
    measures = national.figures_for(authority)
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
                figures = national.read(form.cleaned_data["file"].read())
            except national.ImportProblems as error:
                problems = error.problems
            else:
                saved = national.save(figures, kind=form.cleaned_data["kind"], source=form.cleaned_data["source"])
                messages.success(request, f"{saved} figure{'s' if saved != 1 else ''} imported, each with its source.")
                return once.finish(request, request.path)
        once.release(request)
    return render(request, "reports/national_import.html", {"form": form, "problems": problems})
