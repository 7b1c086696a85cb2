"""The reference records ADES officers keep in the portal: the index of them, the specialisms of the team pool and who
holds them, and the regional roles. Every view here is for ADES officers only (authorities.manage_reference)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import destinations, once
from core.access import require
from core.destinations import Destination
from core.forms import add_errors
from core.sections import Page, sections_for

from ..models import Authority, Collaborative, Person, RegionalRole, Specialism
from ..record_forms import PersonSpecialismsForm, RegionalRoleForm, SpecialismForm
from ..services import records

PERMISSION = "authorities.manage_reference"


def reference_index(request):
    """Links to every kind of reference record; the apps above add theirs (core.sections, page "reference")."""
    require(request, PERMISSION)
    return render(
        request, "authorities/reference_index.html", {"sections": sections_for(Page.REFERENCE, request, None)}
    )


def specialism_list(request):
    require(request, PERMISSION)
    specialisms = Specialism.objects.annotate(held_by=Count("people")).order_by("name")
    return render(request, "authorities/specialism_list.html", {"specialisms": list(specialisms)})


def _save_specialism(request, specialism, form):
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                saved = records.save_specialism(specialism=specialism, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"The specialism “{saved.name}” is saved.")
                return once.finish(request, reverse("authorities:specialism-list"))
        once.release(request)
    return render(request, "authorities/specialism_form.html", {"form": form, "specialism": specialism})


@require_http_methods(["GET", "POST"])
def specialism_create(request):
    require(request, PERMISSION)
    return _save_specialism(request, None, SpecialismForm(request.POST or None))


@require_http_methods(["GET", "POST"])
def specialism_edit(request, slug):
    require(request, PERMISSION)
    specialism = get_object_or_404(Specialism, slug=slug)
    initial = {"name": specialism.name, "keywords": specialism.keywords}
    return _save_specialism(request, specialism, SpecialismForm(request.POST or None, initial=initial))


@require_http_methods(["GET", "POST"])
def specialism_delete(request, slug):
    require(request, PERMISSION)
    specialism = get_object_or_404(Specialism, slug=slug)
    if request.method == "POST":
        held_by = records.delete_specialism(specialism=specialism, by=request.user)
        people = "nobody" if not held_by else f"{held_by} {'person' if held_by == 1 else 'people'}"
        messages.success(request, f"The specialism “{specialism.name}” is deleted; {people} held it.")
        return redirect("authorities:specialism-list")
    context = {"specialism": specialism, "held_by": specialism.people.count()}
    return render(request, "authorities/specialism_delete.html", context)


@require_http_methods(["GET", "POST"])
def person_specialisms(request, pk):
    require(request, PERMISSION)
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk, erased_at__isnull=True)
    form = PersonSpecialismsForm(request.POST or None, initial={"specialisms": list(person.specialisms.all())})
    if request.method == "POST" and form.is_valid():
        chosen = records.set_specialisms(person=person, specialisms=form.cleaned_data["specialisms"], by=request.user)
        names = ", ".join(s.name for s in chosen) or "none"
        messages.success(request, f"{person.full_name}'s specialisms are saved: {names}.")
        return redirect(destinations.url(Destination.PERSON, pk=person.pk))
    return render(request, "authorities/person_specialisms.html", {"person": person, "form": form})


def regional_roles(request):
    """Every collaborative with its Senior Regional Adviser, every authority with its link HMI."""
    require(request, PERMISSION)
    held = RegionalRole.objects.select_related("person__organisation")
    sras = Prefetch("regional_roles", queryset=held.filter(kind=RegionalRole.Kind.SRA), to_attr="sras")
    links = Prefetch("regional_roles", queryset=held.filter(kind=RegionalRole.Kind.LINK_HMI), to_attr="links")
    context = {
        "collaboratives": [(c, c.sras[0] if c.sras else None) for c in Collaborative.objects.prefetch_related(sras)],
        "authorities": [
            (a, a.links[0] if a.links else None)
            for a in Authority.objects.select_related("collaborative").prefetch_related(links)
        ],
    }
    return render(request, "authorities/regional_roles.html", context)


AREAS = {
    "collaboratives": (Collaborative, RegionalRole.Kind.SRA),
    "authorities": (Authority, RegionalRole.Kind.LINK_HMI),
}


@require_http_methods(["GET", "POST"])
def regional_role_edit(request, area, slug):
    require(request, PERMISSION)
    model, kind = AREAS[area]
    place = get_object_or_404(model, slug=slug)
    where = {"collaborative" if model is Collaborative else "authority": place}
    held = RegionalRole.objects.filter(kind=kind, **where).select_related("person").first()
    form = RegionalRoleForm(request.POST or None, kind=kind, initial={"person": held.person if held else None})
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            records.set_regional_role(kind=kind, person=person, by=request.user, **where)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_errors(form, error)
            else:  # a refusal about the person chosen goes beside that field
                form.add_error("person", error.messages)
        else:
            done = f"{person.full_name} is recorded as" if person else "Nobody is recorded now as"
            messages.success(request, f"{done} {kind.label} for {place.name}.")
            return redirect("authorities:regional-roles")
    context = {"form": form, "place": place, "kind": kind, "held": held}
    return render(request, "authorities/regional_role_form.html", context)
