"""The Quads guidance, for everyone signed in; its versions, for ADES officers to write and read back."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require

from ..models import QuadsGuidance
from ..selectors import current_guidance
from ..services import guidance


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = QuadsGuidance
        fields = ["title", "body"]
        labels = {"body": "Text"}
        widgets = {"body": forms.Textarea(attrs={"rows": 30})}
        error_messages = {
            "title": {"required": "Enter the guidance's title."},
            "body": {"required": "Enter the guidance's text."},
        }


@login_required
def guidance_page(request):
    require(request, "quads.read_guidance")
    shown = current_guidance()
    if shown is None:
        raise Http404("There is no Quads guidance yet.")
    can_edit = request.user.has_perm("quads.write_guidance")
    return render(request, "quads/guidance.html", {"guidance": shown, "can_edit": can_edit, "is_current": True})


def guidance_version(request, number):
    """An earlier (or the current) version, as it was, for ADES officers."""
    require(request, "quads.write_guidance")
    version = get_object_or_404(QuadsGuidance.objects.select_related("created_by"), number=number)
    current = current_guidance()
    context = {"guidance": version, "can_edit": False, "is_current": version.pk == current.pk}
    return render(request, "quads/guidance.html", context)


@require_http_methods(["GET", "POST"])
def guidance_edit(request):
    require(request, "quads.write_guidance")
    shown = current_guidance()
    form = GuidanceForm(request.POST or None, initial={"title": shown.title, "body": shown.body} if shown else None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                saved = guidance.save_version(by=request.user, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                saved_words = f"Version {saved.number} of the Quads guidance is saved and shown to everyone."
                messages.success(request, saved_words)
                return once.finish(request, reverse("quads:guidance"))
        once.release(request)
    versions = QuadsGuidance.objects.select_related("created_by")[:20]
    return render(
        request,
        "quads/guidance_edit.html",
        {
            "form": form,
            "versions": versions,
            "versions_linked": True,  # ADES officers open earlier versions of the guidance
            "cancel_url": reverse("quads:guidance"),
        },
    )
