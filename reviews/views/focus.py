"""The host proposes the visit's focus; an ADES officer agrees it or returns it with a comment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import add_errors

from .. import selectors
from ..forms import FocusForm, ReturnFocusForm
from ..services import focus
from .visits import visible_visit


def _refused_when_over(request, visit):
    """Back to the visit, saying why, when it is over: its focus is settled."""
    if visit.is_finished:
        messages.error(request, "The visit is over: its focus can no longer be proposed or agreed.")
        return redirect(visit)
    return None


@require_http_methods(["GET", "POST"])
def focus_propose(request, pk):
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.propose_focus", visit):
        raise Http404
    if refused := _refused_when_over(request, visit):
        return refused
    state = selectors.focus_state(visit)
    start = state.latest if state.latest is not None else visit
    initial = {"key_question": start.key_question, "focus_areas": "\n".join(start.focus_areas)}
    form = FocusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            focus.propose_focus(visit=visit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your proposal is sent: an ADES officer will agree it or return it to you.")
            return redirect(visit)
    return render(request, "reviews/focus_propose.html", {"form": form, "visit": visit, "state": state})


@require_http_methods(["GET", "POST"])
def focus_decide(request, pk):
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.decide_focus", visit):
        raise Http404
    if refused := _refused_when_over(request, visit):
        return refused
    proposal = selectors.waiting_proposal(visit)
    if proposal is None:
        messages.info(request, "There is no proposed focus waiting for a decision.")
        return redirect(visit)
    decision = request.POST.get("decision")
    form = ReturnFocusForm(request.POST if decision == "return" else None)
    if request.method == "POST":
        try:
            if decision == "agree":
                focus.agree_focus(proposal=proposal, by=request.user)
                messages.success(request, "The focus is agreed: it is now the visit's key question and focus areas.")
                return redirect(visit)
            if decision == "return" and form.is_valid():
                focus.return_focus(proposal=proposal, comment=form.cleaned_data["comment"], by=request.user)
                messages.success(request, "The focus is returned to the host with your comment.")
                return redirect(visit)
        except ValidationError as error:  # decided meanwhile by another officer, or the visit is over
            messages.error(request, " ".join(error.messages))
            return redirect(visit)
    return render(request, "reviews/focus_decide.html", {"form": form, "visit": visit, "proposal": proposal})
