"""A person's own details that teams are built from: their specialisms, and the links they declare to authorities."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .models import Authority, DeclaredLink, Specialism


class SpecialismsForm(forms.Form):
    specialisms = forms.ModelMultipleChoiceField(
        queryset=Specialism.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The portal suggests you for visits whose theme or focus areas need them.",
    )


class LinkForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Authority.objects.order_by("name"), error_messages={"required": "Choose the authority."}
    )
    kind = forms.ChoiceField(
        label="Your link", choices=DeclaredLink.Kind.choices, error_messages={"required": "Choose your link to it."}
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_details(request):
    person = request.user
    specialisms = SpecialismsForm(
        request.POST if "save_specialisms" in request.POST else None,
        initial={"specialisms": list(person.specialisms.all())},
    )
    link = LinkForm(request.POST if "add_link" in request.POST else None, prefix="link")
    if specialisms.is_bound and specialisms.is_valid():
        person.specialisms.set(specialisms.cleaned_data["specialisms"])
        messages.success(request, "Your specialisms are saved.")
        return redirect("accounts:my-details")
    if link.is_bound and link.is_valid():
        DeclaredLink.objects.update_or_create(
            person=person, authority=link.cleaned_data["authority"], defaults={"kind": link.cleaned_data["kind"]}
        )
        messages.success(request, f"Your link to {link.cleaned_data['authority']} is declared.")
        return redirect("accounts:my-details")
    context = {"specialisms": specialisms, "link": link, "links": person.declared_links.select_related("authority")}
    return render(request, "authorities/my_details.html", context)


@login_required
@require_POST
def remove_link(request, pk):
    declared = get_object_or_404(DeclaredLink, pk=pk, person=request.user)
    declared.delete()
    messages.success(request, f"Your link to {declared.authority} is removed.")
    return redirect("accounts:my-details")
