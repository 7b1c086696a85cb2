"""National measures and single figures kept by hand by ADES officers (services.national_records), beside the import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require
from core.forms import add_errors

from ..models import MeasureFigure, NationalMeasure
from ..national_forms import FigureForm, MeasureForm
from ..services import national_records

PERMISSION = "reports.approve"  # the ADES officers who import national figures


def measure_list(request):
    require(request, PERMISSION)
    measures = NationalMeasure.objects.annotate(figure_count=Count("figures")).order_by("kind", "name", "group")
    return render(request, "reports/national_measure_list.html", {"measures": list(measures)})


def measure_detail(request, pk):
    require(request, PERMISSION)
    measure = get_object_or_404(NationalMeasure, pk=pk)
    figures = measure.figures.select_related("authority").order_by("authority__name", "family_group", "year")
    return render(request, "reports/national_measure_detail.html", {"measure": measure, "figures": list(figures)})


def _saved_or_form(request, form, save, *, template: str, context: dict, done: str, back: str):
    """POST: save through `save(cleaned_data)` and go `back`, or show the form with each problem beside its field."""
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                saved = save(form)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, done)
                return once.finish(request, back or reverse("reports:national-measure", kwargs={"pk": saved.pk}))
        once.release(request)
    return render(request, template, {"form": form, **context})


@require_http_methods(["GET", "POST"])
def measure_edit(request, pk=None):
    require(request, PERMISSION)
    measure = get_object_or_404(NationalMeasure, pk=pk) if pk else None
    initial = {f: getattr(measure, f) for f in ("kind", "name", "stage", "organiser", "group")} if measure else {}
    return _saved_or_form(
        request,
        MeasureForm(request.POST or None, initial=initial),
        lambda form: national_records.save_measure(measure=measure, by=request.user, **form.cleaned_data),
        template="reports/national_measure_form.html",
        context={"measure": measure},
        done="The national measure is saved.",
        back="",
    )


@require_http_methods(["GET", "POST"])
def figure_edit(request, pk=None, measure_pk=None):
    require(request, PERMISSION)
    figure = get_object_or_404(MeasureFigure.objects.select_related("measure"), pk=pk) if pk else None
    measure = figure.measure if figure else get_object_or_404(NationalMeasure, pk=measure_pk)
    initial = FigureForm.initial_for(figure) if figure else {}
    return _saved_or_form(
        request,
        FigureForm(request.POST or None, initial=initial),
        lambda form: national_records.save_figure(
            figure=figure, measure=measure, by=request.user, **form.figure_data()
        ),
        template="reports/national_figure_form.html",
        context={"measure": measure, "figure": figure},
        done="The figure is saved, with its source.",
        back=reverse("reports:national-measure", kwargs={"pk": measure.pk}),
    )


@require_http_methods(["GET", "POST"])
def figure_delete(request, pk):
    require(request, PERMISSION)
    figure = get_object_or_404(MeasureFigure.objects.select_related("measure", "authority"), pk=pk)
    if request.method == "POST":
        national_records.delete_figure(figure=figure, by=request.user)
        messages.success(request, f"The figure for {figure.year} is deleted.")
        return redirect("reports:national-measure", pk=figure.measure_id)
    return render(request, "reports/national_figure_delete.html", {"figure": figure})
