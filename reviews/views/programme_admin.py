"""Planning pages for ADES officers: a programme's details and its phases. Everyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import once
from core.access import require
from core.forms import add_errors

from ..models import Phase, Programme
from ..programme_forms import PhaseForm, ProgrammeForm
from ..services import programmes

PLAN = "reviews.plan_programme"


def _programme(request, slug) -> Programme:
    require(request, PLAN)
    return get_object_or_404(Programme, slug=slug)


def _phase(request, slug, phase_pk) -> Phase:
    programme = _programme(request, slug)
    return get_object_or_404(programme.phases.select_related("programme"), pk=phase_pk)


@require_http_methods(["GET", "POST"])
def programme_create(request):
    require(request, PLAN)
    form = ProgrammeForm(request.POST or None, initial={"follow_up_months": "6, 12"})
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                programme = programmes.create_programme(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"{programme.name} is created. Now add its phases.")
                return once.finish(request, programme.get_absolute_url())
        once.release(request)
    return render(request, "reviews/programme_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def programme_edit(request, slug):
    programme = _programme(request, slug)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            programmes.update_programme(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{programme.name} is saved.")
            return redirect(programme)
    return render(request, "reviews/programme_form.html", {"form": form, "programme": programme})


def phase_list(request, slug):
    programme = _programme(request, slug)
    phases = list(programme.phases.order_by("number"))
    return render(request, "reviews/phase_list.html", {"programme": programme, "phases": phases})


@require_http_methods(["GET", "POST"])
def phase_create(request, slug):
    programme = _programme(request, slug)
    form = PhaseForm(request.POST or None, initial={"name": f"Phase {programme.phases.count() + 1}"})
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                phase = programmes.add_phase(programme=programme, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"{phase.name} is added to {programme.name}.")
                return once.finish(request, _phases_url(programme))
        once.release(request)
    return render(request, "reviews/phase_form.html", {"form": form, "programme": programme})


def _phases_url(programme) -> str:
    return reverse("reviews:phase-list", kwargs={"slug": programme.slug})


@require_http_methods(["GET", "POST"])
def phase_edit(request, slug, phase_pk):
    phase = _phase(request, slug, phase_pk)
    initial = {"name": phase.name, "starts_on": phase.starts_on, "ends_on": phase.ends_on}
    form = PhaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programmes.update_phase(phase=phase, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{phase.name} is saved.")
            return redirect(_phases_url(phase.programme))
    return render(request, "reviews/phase_form.html", {"form": form, "programme": phase.programme, "phase": phase})


@require_POST
def phase_move(request, slug, phase_pk, direction):
    phase = _phase(request, slug, phase_pk)
    if direction not in (programmes.UP, programmes.DOWN):
        return redirect(_phases_url(phase.programme))
    try:
        programmes.move_phase(phase=phase, direction=direction, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{phase.name} is now number {phase.number}.")
    return redirect(_phases_url(phase.programme))


@require_http_methods(["GET", "POST"])
def phase_remove(request, slug, phase_pk):
    """A confirmation first; a phase with visits is refused, on this page and again by the service."""
    phase = _phase(request, slug, phase_pk)
    visits = phase.visits.count()
    if request.method == "POST" and not visits:
        try:
            programmes.remove_phase(phase=phase, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{phase.name} is removed from {phase.programme.name}.")
        return redirect(_phases_url(phase.programme))
    return render(
        request, "reviews/phase_remove.html", {"phase": phase, "programme": phase.programme, "visits": visits}
    )
