"""A person's own details that teams are built from: their specialisms, and the links they declare to authorities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import LinkForm, SpecialismsForm
from ..models import DeclaredLink, Person
from ..services import declared_links, records


@login_required
@require_http_methods(["GET", "POST"])
def my_details(request):
    person = Person.objects.get(pk=request.user.pk)  # the person itself, not the request's lazy stand-in, to record
    specialisms = SpecialismsForm(
        request.POST if "save_specialisms" in request.POST else None,
        initial={"specialisms": list(person.specialisms.all())},
    )
    link = LinkForm(request.POST if "add_link" in request.POST else None, prefix="link")
    if specialisms.is_bound and specialisms.is_valid():
        records.set_specialisms(person=person, specialisms=specialisms.cleaned_data["specialisms"], by=person)
        messages.success(request, "Your specialisms are saved.")
        return redirect("accounts:my-details")
    if link.is_bound and link.is_valid():
        declared_links.declare_link(
            person=person, authority=link.cleaned_data["authority"], kind=link.cleaned_data["kind"], by=person
        )
        messages.success(request, f"Your link to {link.cleaned_data['authority']} is declared.")
        return redirect("accounts:my-details")
    context = {"specialisms": specialisms, "link": link, "links": person.declared_links.select_related("authority")}
    return render(request, "authorities/my_details.html", context)


@login_required
@require_POST
def remove_link(request, pk):
    declared = get_object_or_404(DeclaredLink, pk=pk, person=request.user)
    declared_links.remove_link(link=declared, by=request.user)
    messages.success(request, f"Your link to {declared.authority} is removed.")
    return redirect("accounts:my-details")
