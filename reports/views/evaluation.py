"""A programme's evaluation report: ADES officers read the draft (built live from the data), write its key messages
and recommendations, publish it (confirming) and withdraw it; the public reads the published versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from authorities.reauthentication import sensitive
from reviews.models import Programme

from .. import published
from ..evaluation_content import build
from ..evaluation_forms import EvaluationTextForm, EvaluationWithdrawForm
from ..models import EvaluationReport, EvaluationVersion
from ..services import evaluation as service


def _programme(request, slug) -> Programme:
    """The programme, for an ADES officer; 404 for anyone else (the draft is not public)."""
    programme = get_object_or_404(Programme, slug=slug)
    if not request.user.has_perm("reports.edit_evaluation"):
        raise Http404
    return programme


def _versions(programme) -> list[EvaluationVersion]:
    return list(EvaluationVersion.objects.filter(evaluation__programme=programme).select_related("published_by"))


def evaluation_draft(request, slug):
    """The report as it would be published now, generated from the data, with its versions."""
    programme = _programme(request, slug)
    versions = _versions(programme)
    return render(
        request,
        "reports/evaluation_draft.html",
        {
            "programme": programme,
            "doc": build(programme),
            "versions": versions,
            "can_withdraw": any(v.withdrawn_at is None for v in versions),
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation_edit(request, slug):
    programme = _programme(request, slug)
    evaluation = EvaluationReport.objects.filter(programme=programme).first()
    initial = (
        {"key_messages": evaluation.key_messages, "recommendations": evaluation.recommendations} if evaluation else {}
    )
    form = EvaluationTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service.save_text(programme=programme, by=request.user, **form.cleaned_data)
        messages.success(
            request, "The key messages and recommendations are saved. Publish the report when it is ready."
        )
        return redirect("reports:evaluation-draft", slug=slug)
    return render(request, "reports/evaluation_edit.html", {"programme": programme, "form": form})


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, slug: _programme(request, slug))
def evaluation_publish(request, slug):
    """A confirmation page; sending it freezes the report as a new version, whose PDF the worker renders."""
    programme = _programme(request, slug)
    if request.method == "POST":
        try:
            version = service.publish(programme=programme, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Version {version.number} is published. Its PDF is being prepared; it appears here shortly."
            )
        return redirect("reports:evaluation-draft", slug=slug)
    latest = next(iter(_versions(programme)), None)
    return render(request, "reports/evaluation_publish.html", {"programme": programme, "latest": latest})


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, slug: _programme(request, slug))
def evaluation_withdraw(request, slug):
    programme = _programme(request, slug)
    form = EvaluationWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.withdraw(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "The evaluation report is withdrawn; its files are no longer served.")
            return redirect("reports:evaluation-draft", slug=slug)
    return render(request, "reports/evaluation_withdraw.html", {"programme": programme, "form": form})


def evaluation_public(request, slug):
    """The latest published version (its PDF, or that it is being prepared), and the earlier ones."""
    programme = get_object_or_404(Programme, slug=slug)
    every = list(_versions(programme))
    versions = [v for v in every if v.withdrawn_at is None]
    if not versions:
        raise Http404  # nothing published: the draft is for ADES officers
    current, earlier = versions[0], [v for v in versions[1:] if v.pdf]
    withdrawn = [v for v in every if v.withdrawn_at and v.number > current.number]  # later ones, saying why
    context = {"programme": programme, "current": current, "doc": current.content, "earlier": earlier}
    return render(request, "reports/evaluation_detail.html", {**context, "withdrawn": withdrawn})


def evaluation_download(request, slug, number):
    """A version's lasting address: it sends the browser to the file itself, named by its content."""
    version = get_object_or_404(
        EvaluationVersion, evaluation__programme__slug=slug, number=number, withdrawn_at__isnull=True
    )
    if not version.pdf:
        raise Http404
    return redirect(published.url_for(version))
