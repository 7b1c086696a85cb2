"""The induction pack, for everyone signed in; its versions, for ADES officers to write."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once

from .. import selectors
from ..models import InductionPack
from ..services import induction


class PackForm(forms.ModelForm):
    class Meta:
        model = InductionPack
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30})}
        error_messages = {
            "title": {"required": "Enter the pack's title."},
            "body": {"required": "Enter the pack's text."},
        }


@login_required
@require_http_methods(["GET", "POST"])
def induction_pack(request):
    pack = selectors.current_induction_pack()
    if pack is None:
        raise Http404("There is no induction pack yet.")
    if request.method == "POST":
        if induction.mark_read(person=request.user, pack=pack):
            messages.success(request, "Thank you: the pack is marked as read.")
        return redirect("reviews:induction")
    return render(
        request,
        "reviews/induction.html",
        {
            "pack": pack,
            "read": selectors.has_read(request.user, pack),
            "can_edit": request.user.has_perm("reviews.write_induction_pack"),
        },
    )


@require_http_methods(["GET", "POST"])
def induction_edit(request):
    if not request.user.has_perm("reviews.write_induction_pack"):
        raise Http404
    pack = selectors.current_induction_pack()
    form = PackForm(request.POST or None, initial={"title": pack.title, "body": pack.body} if pack else None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            saved = induction.save_version(by=request.user, **form.cleaned_data)
            messages.success(request, f"Version {saved.number} is saved and shown to every team member.")
            return once.finish(request, "/induction/")
        once.release(request)
    versions = InductionPack.objects.select_related("created_by")[:20]
    return render(
        request,
        "reviews/induction_edit.html",
        {
            "form": form,
            "versions": versions,
            "cancel_url": reverse("reviews:induction"),
        },
    )
