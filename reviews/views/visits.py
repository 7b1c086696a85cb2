from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import links, once, sent
from core.access import by_rule
from core.sections import Page, sections_for

from .. import selectors
from ..choices import VisitStage
from ..composition import composition_of
from ..forms import CancelVisitForm, MeetingForm, VisitForm
from ..models import Programme
from ..services import visits
from ..warnings import visit_warnings


def visible_visit(request, pk):
    """The visit if this person may see it; otherwise 404, so nobody learns it exists."""
    visit = get_object_or_404(selectors.visit_detail_queryset(), pk=pk)
    if not request.user.has_perm("reviews.view_visit", visit):
        raise Http404
    return visit


def managed_visit(request, pk):
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.manage_visit", visit):
        raise Http404
    return visit


def _induction_context(visit, user) -> dict:
    """Who has read the pack now shown, who is on their first visit, and whether the viewer still has it to read."""
    pack = selectors.current_induction_pack()
    team = [member.person_id for member in visit.team.all()]
    readers = selectors.readers_of(pack, team)
    return {
        "induction": pack,
        "induction_readers": readers,
        "first_timers": selectors.first_timers(visit),
        "induction_to_read": visit.stage == VisitStage.BEFORE
        and pack is not None
        and user.pk in team
        and user.pk not in readers,
    }


def _stage_context(visit, user) -> dict:
    """What the page offers at the visit's stage: once it is over, no focus to propose and no places to ask for."""
    open_ = not visit.is_finished
    state = selectors.focus_state(visit)
    return {
        "focus": state,
        # A group's meeting has no focus to choose; a visit over with none proposed has nothing to say of it.
        "show_focus": not visit.meeting_of and bool(state.latest or state.origin or open_),
        "can_propose_focus": open_ and user.has_perm("reviews.propose_focus", visit),
        "can_decide_focus": open_ and user.has_perm("reviews.decide_focus", visit),
        "can_ask_places": open_ and user.has_perm("reviews.manage_visit", visit),
    }


VISIT_EMAILS = 25  # the latest, on the visit's page


def _emails(visit, user) -> dict | None:
    """Messages sent about the visit, for ADES officers (who see every message sent)."""
    if not user.has_perm("core.manage_outbox"):
        return None
    emails = sent.records(visit.emails.all())
    return {"count": emails.count(), "recent": sent.labelled(list(emails[:VISIT_EMAILS]))}


def visit_detail(request, pk):
    visit = visible_visit(request, pk)
    user = request.user
    return render(
        request,
        "reviews/visit_detail.html",
        {
            "visit": visit,
            "can_manage": user.has_perm("reviews.manage_visit", visit),
            "can_add_document": user.has_perm("reviews.add_visit_document", visit),
            "can_edit_scope": user.has_perm("reviews.edit_visit_scope", visit),
            "can_read_documents": user.has_perm("reviews.view_visit_documents", visit),
            "can_read_evidence": by_rule(user, "reviews.view_evidence_log", visit),
            "survey_link": links.resolve(links.LinkKind.SURVEY_TEAMS, [visit]).get(visit.pk),
            "sections": sections_for(Page.VISIT, request, visit),
            "link_sections": sections_for(Page.VISIT_LINKS, request, visit),  # what higher apps add: the report
            "warnings": visit_warnings(visit),
            "places": Counter(member.place for member in visit.team.all()),
            "composition": composition_of(visit.hosts.all(), visit.team.all()),
            **_induction_context(visit, user),
            **_stage_context(visit, user),
            "history": selectors.visit_history(visit) if user.has_perm("reviews.manage_visit", visit) else None,
            "emails": _emails(visit, user),
        },
    )


def visit_changes(cleaned: dict) -> dict:
    """A visit form's cleaned data as the scheduling services take it (without `hosts`, which they take apart)."""
    changes = {name: cleaned[name] for name in visits.VISIT_FIELDS}
    if changes["starts_on"] is None:  # a visit known by month, left so
        del changes["starts_on"], changes["ends_on"]
    return changes


def saved(request, visit, message: str) -> None:
    """Say it is saved, and point at the warnings, so they are seen at the moment of saving."""
    count = len(visit_warnings(selectors.visit_detail_queryset().get(pk=visit.pk)))
    if count:
        message += f" Check the {count} warning{'s' if count > 1 else ''} below."
    messages.success(request, message)


@require_http_methods(["GET", "POST"])
def visit_create(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    if not request.user.has_perm("reviews.plan_programme"):
        raise Http404
    form = VisitForm(request.POST or None, programme=programme)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            data = form.cleaned_data
            visit = visits.schedule_visit(
                programme=programme, hosts=data["hosts"], by=request.user, **visit_changes(data)
            )
            saved(request, visit, "The visit is scheduled as proposed. Now build its team.")
            return once.finish(request, visit.get_absolute_url())
        once.release(request)
    return schedule_page(request, form, programme)


def schedule_page(request, form, programme, *, meeting_of: str = "", hosts=()):
    """The scheduling form, for a visit or for a group's meeting (`meeting_of`, with its `hosts`)."""
    return render(
        request,
        "reviews/visit_form.html",
        {"form": form, "programme": programme, "meeting_of": meeting_of, "hosts": list(hosts)},
    )


@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    visit = managed_visit(request, pk)
    hosts = list(visit.hosts.all())
    meeting = {"hosts": hosts} if visit.meeting_of else {}  # a group's meeting keeps its hosts and its own form
    form_class = MeetingForm if meeting else VisitForm
    form = form_class(
        request.POST or None,
        programme=visit.programme,
        initial=form_class.initial_for(visit),
        known_by_month="" if visit.has_exact_dates else visit.when,
        **meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        visits.update_visit(visit=visit, hosts=data["hosts"], by=request.user, **visit_changes(data))
        saved(request, visit, "The meeting is saved." if meeting else "The visit is saved.")
        return redirect(visit)
    context = {"form": form, "programme": visit.programme, "visit": visit, "meeting_of": visit.meeting_of}
    return render(request, "reviews/visit_form.html", {**context, "hosts": hosts})


@require_POST
def visit_status(request, pk, action):
    visit = managed_visit(request, pk)
    change = {"confirm": visits.confirm_visit, "complete": visits.complete_visit}.get(action)
    if change is None:
        raise Http404
    try:
        change(visit=visit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The visit is {visit.get_status_display().lower()}.")
    return redirect(visit)


@require_http_methods(["GET", "POST"])
def visit_cancel(request, pk):
    visit = managed_visit(request, pk)
    form = CancelVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visits.cancel_visit(visit=visit, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "The visit is cancelled and the team has been told.")
            return redirect(visit)
    return render(request, "reviews/visit_cancel.html", {"form": form, "visit": visit})
