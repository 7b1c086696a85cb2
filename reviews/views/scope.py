"""A visit's scope below authority level: the establishments or cluster it focuses on, listed, added and removed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once

from ..forms import FocusEstablishmentForm
from ..models import Visit
from ..services import scope
from .visits import visible_visit


def _editable(request, pk) -> Visit:
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.edit_visit_scope", visit):
        raise Http404
    return visit


@require_http_methods(["GET", "POST"])
def scope_edit(request, pk):
    visit = _editable(request, pk)
    form = FocusEstablishmentForm(request.POST or None, visit=visit)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                place = scope.add_focus(visit=visit, **form.cleaned_data, by=request.user)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, f"{place.label} is added. Add another, or go back to the visit.")
                return once.finish(request, reverse("reviews:visit-scope", kwargs={"pk": visit.pk}))
        once.release(request)
    places = list(visit.focus_establishments.select_related("host"))
    return render(request, "reviews/visit_scope.html", {"visit": visit, "form": form, "places": places})


@require_http_methods(["GET", "POST"])
def scope_remove(request, pk, focus_pk):
    visit = _editable(request, pk)
    place = get_object_or_404(visit.focus_establishments, pk=focus_pk)
    if request.method == "POST":
        scope.remove_focus(place=place, by=request.user)
        messages.success(request, f"{place.label} is removed from the visit.")
        return redirect("reviews:visit-scope", pk=visit.pk)
    back = reverse("reviews:visit-scope", kwargs={"pk": visit.pk})
    context = {"visit": visit, "thing": f"“{place.label}” from the visit", "cancel_url": back}
    return render(request, "reviews/confirm_remove.html", context)
