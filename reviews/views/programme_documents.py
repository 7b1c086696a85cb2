"""A programme's own published documents: ADES officers add, change and remove them; everyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require
from core.forms import add_errors

from ..models import Programme, ProgrammeDocument
from ..programme_forms import ProgrammeDocumentForm
from ..services import programme_documents

PLAN = "reviews.plan_programme"


def _document(request, slug, programme_document_pk) -> ProgrammeDocument:
    require(request, PLAN)
    return get_object_or_404(
        ProgrammeDocument.objects.select_related("programme"), programme__slug=slug, pk=programme_document_pk
    )


def _back(programme: Programme) -> str:
    return f"{programme.get_absolute_url()}#programme-documents"


@require_http_methods(["GET", "POST"])
def document_add(request, slug):
    require(request, PLAN)
    programme = get_object_or_404(Programme, slug=slug)
    form = ProgrammeDocumentForm(request.POST or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                document = programme_documents.add_programme_document(
                    programme=programme, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"“{document.title}” is added. The programme page and the archive list it.")
                return once.finish(request, _back(programme))
        once.release(request)
    return render(request, "reviews/programme_document_form.html", {"form": form, "programme": programme})


@require_http_methods(["GET", "POST"])
def document_edit(request, slug, programme_document_pk):
    document = _document(request, slug, programme_document_pk)
    form = ProgrammeDocumentForm(request.POST or None, initial=ProgrammeDocumentForm.initial_for(document))
    if request.method == "POST" and form.is_valid():
        try:
            programme_documents.change_programme_document(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"“{document.title}” is saved.")
            return redirect(_back(document.programme))
    context = {"form": form, "programme": document.programme, "document": document}
    return render(request, "reviews/programme_document_form.html", context)


@require_http_methods(["GET", "POST"])
def document_remove(request, slug, programme_document_pk):
    """A confirmation first: the programme page and the archive stop listing the document."""
    document = _document(request, slug, programme_document_pk)
    if request.method == "POST":
        programme_documents.remove_programme_document(document=document, by=request.user)
        messages.success(request, f"“{document.title}” is removed from {document.programme.name}'s documents.")
        return redirect(_back(document.programme))
    return render(request, "reviews/programme_document_remove.html", {"document": document})
