"""A visit's evidence log, confidential to its team: the focus groups held and the written views received. Whoever
may not open the log, or read an entry, gets 404 (reviews.rules), so nobody learns it or the entry exists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import by_rule
from core.forms import add_errors

from ..evidence import evidence_log, readable_entries
from ..evidence_forms import FocusGroupForm, WrittenViewForm
from ..models import FocusGroup, WrittenView
from ..services import evidence
from .visits import visible_visit

KINDS = {
    "focus-group": (FocusGroup, FocusGroupForm, evidence.record_focus_group, "focus group"),
    "written-view": (WrittenView, WrittenViewForm, evidence.record_written_view, "written view"),
}


def _log_visit(request, pk, permission: str = "reviews.view_evidence_log"):
    visit = visible_visit(request, pk)
    if not by_rule(request.user, permission, visit):
        raise Http404
    return visit


def log_url(visit) -> str:
    return reverse("reviews:evidence-log", kwargs={"pk": visit.pk})


def evidence_log_page(request, pk):
    visit = _log_visit(request, pk)
    return render(
        request,
        "reviews/evidence_log.html",
        {
            "visit": visit,
            "log": evidence_log(request.user, visit),
            "can_record": by_rule(request.user, "reviews.record_evidence", visit),
        },
    )


def _entry(request, pk, kind: str, entry_pk: int):
    """An entry this person may change, or 404: one they may not read is not there for them."""
    visit = _log_visit(request, pk)
    model = KINDS[kind][0]
    entry = get_object_or_404(readable_entries(model, request.user, visit), pk=entry_pk)
    if not entry.can_change:
        raise Http404
    return visit, entry


def _form_page(request, visit, kind: str, form, entry=None):
    return render(
        request,
        "reviews/evidence_form.html",
        {"visit": visit, "form": form, "entry": entry, "what": KINDS[kind][3], "cancel_url": log_url(visit)},
    )


@require_http_methods(["GET", "POST"])
def entry_add(request, pk, kind: str):
    visit = _log_visit(request, pk, "reviews.record_evidence")
    _model, form_class, record, what = KINDS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                record(visit=visit, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"The {what} is recorded in the evidence log. Only its readers can see it.")
                return once.finish(request, log_url(visit))
        once.release(request)
    return _form_page(request, visit, kind, form)


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk, kind: str, entry_pk: int):
    visit, entry = _entry(request, pk, kind, entry_pk)
    form_class, what = KINDS[kind][1], KINDS[kind][3]
    form = form_class(request.POST or None, initial=form_class.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        try:
            evidence.change_entry(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The {what} is saved.")
            return redirect(log_url(visit))
    return _form_page(request, visit, kind, form, entry)


@require_http_methods(["GET", "POST"])
def entry_remove(request, pk, kind: str, entry_pk: int):
    visit, entry = _entry(request, pk, kind, entry_pk)
    what = KINDS[kind][3]
    if request.method == "POST":
        evidence.remove_entry(entry=entry, by=request.user)
        messages.success(request, f"The {what} is removed from the evidence log.")
        return redirect(log_url(visit))
    return render(
        request,
        "reviews/confirm_remove.html",
        {"visit": visit, "thing": f"this {what} from the evidence log", "cancel_url": log_url(visit)},
    )
