"""A visit's scope below authority level: the establishments or cluster it focuses on, listed, added and removed."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from authorities.models import Authority

from ..choices import FocusKind
from ..models import Visit
from ..models.scope import SEED_CODE
from ..services import scope
from .visits import visible_visit


class FocusForm(forms.Form):
    kind = forms.ChoiceField(
        label="What it is",
        choices=FocusKind.choices,
        initial=FocusKind.ESTABLISHMENT,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an establishment or a cluster."},
    )
    name = forms.CharField(
        max_length=200,
        help_text="The school or establishment's name, or the cluster's, as the authority writes it.",
        error_messages={"required": "Enter the name of the establishment or cluster."},
    )
    seed_code = forms.CharField(
        label="SEED code",
        required=False,
        max_length=12,
        validators=[SEED_CODE],
        help_text="A Scottish school's 7-digit SEED code, if you have it. A cluster has none.",
    )
    host = forms.ModelChoiceField(
        label="Host authority",
        queryset=Authority.objects.none(),
        required=False,
        empty_label="Choose the host authority",
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = visit.hosts.all()
        if len(hosts) > 1:
            self.fields["host"].queryset = Authority.objects.filter(pk__in=[h.pk for h in hosts]).order_by("name")
            self.fields["host"].required = True
            self.fields["host"].error_messages["required"] = "Choose which host authority it belongs to."
        else:
            del self.fields["host"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == FocusKind.CLUSTER and cleaned.get("seed_code"):
            self.add_error("seed_code", "A cluster has no SEED code: leave it empty, or choose an establishment.")
        return cleaned


def _editable(request, pk) -> Visit:
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.edit_visit_scope", visit):
        raise Http404
    return visit


@require_http_methods(["GET", "POST"])
def scope_edit(request, pk):
    visit = _editable(request, pk)
    form = FocusForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            place = scope.add_focus(visit=visit, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"{place.label} is added. Add another, or go back to the visit.")
            return redirect("reviews:visit-scope", pk=visit.pk)
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
