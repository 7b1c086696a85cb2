"""Quads: ADES officers form them (by hand or from a suggested split); the Quad's officers compare and agree."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from authorities.models import Authority
from core import cycles, freshness, once
from core.access import require
from core.documents import pdf_response
from core.forms import add_errors
from reviews.choices import ProgrammeKind
from reviews.forms import MeetingForm
from reviews.models import Programme, Visit
from reviews.views.visits import saved, schedule_page, visit_changes

from .. import selectors
from ..forms import MEMBER_FIELDS, AgreementsForm, QuadEditForm, SuggestionFormSet
from ..meeting_forms import StartCycleForm
from ..models import Quad
from ..selectors import cycle_programme, has_met, next_cycle, quad_comparison
from ..services import meetings, quads
from ..services.cycles import start_cycle

NOT_MET = (
    "What the Quad agreed is recorded once one of its meetings has taken place: a confirmed meeting, from its day."
)


def _quad(request, pk, permission="quads.see_quad"):
    quad = get_object_or_404(
        Quad.objects.prefetch_related(Prefetch("members", queryset=Authority.objects.order_by("name"))), pk=pk
    )
    require(request, permission, quad)
    return quad


def quad_list(request):
    """A cycle's Quads with their warnings: every Quad for ADES officers, their own for an authority's officers."""
    require(request, "quads.list_quads")
    cycle = cycles.chosen(request.GET.get("cycle"))
    plans = request.user.has_perm("quads.plan_quads")
    body = freshness.fragment(
        "quads/_quad_list_body.html",
        lambda: _quad_list_context(request.user, cycle, plans),
        key=(cycle, "every Quad" if plans else request.user.pk),
    )
    return render(request, "quads/quad_list.html", {"cycle": cycle, "body": body})


def _quad_list_context(user, cycle: str, plans: bool) -> dict:
    cycle_quads = list(selectors.quads_of_cycle(cycle))
    shown = [quad for quad in cycle_quads if plans or user.has_perm("quads.see_quad", quad)]
    placed = {member.pk for quad in cycle_quads for member in quad.members.all()}
    started = cycle_programme(cycle)
    return {
        "cycle": cycle,
        "cycle_slug": cycles.to_slug(cycle),
        "cycles": cycles.options(Quad.objects.values_list("cycle", flat=True).distinct(), cycle),
        "rows": [(quad, selectors.warnings_of(quad, cycle_quads) if plans else []) for quad in shown],
        "can_plan": plans,
        "unplaced": Authority.objects.exclude(pk__in=placed).count() if plans else None,
        "cycle_programme": started,
        "to_start": _cycle_to_offer(cycle, started) if plans else None,
    }


def _cycle_to_offer(shown: str, started: Programme | None) -> tuple[str, str] | None:
    """(cycle, slug) to offer starting: the cycle shown if it is not started (`started`: its programme, read once by
    the page), otherwise the next; none beyond reach."""
    cycle = shown if started is None else next_cycle()
    try:
        cycle = cycles.validate_in_reach(cycle)
    except ValidationError:
        return None
    if started is None:
        return (cycle, cycles.to_slug(cycle))  # the cycle shown, not started
    return (cycle, cycles.to_slug(cycle)) if cycle_programme(cycle) is None else None


@require_http_methods(["GET", "POST"])
def quad_create(request):
    require(request, "quads.plan_quads")
    initial = {"cycle": cycles.chosen(request.GET.get("cycle"))}
    return _quad_form(request, None, QuadEditForm(request.POST or None, initial=initial))


@require_http_methods(["GET", "POST"])
def quad_edit(request, pk):
    quad = _quad(request, pk, "quads.plan_quads")
    initial = {"cycle": quad.cycle, **QuadEditForm.initial_for(quad.name, list(quad.members.all()))}
    return _quad_form(request, quad, QuadEditForm(request.POST or None, initial=initial, quad=quad))


def _quad_form(request, quad, form):
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid() and (saved := _save_quad(form, quad, by=request.user)):
            quad = saved
            warnings = selectors.warnings_of(quad, list(selectors.quads_of_cycle(quad.cycle)))
            message = f"Quad {quad.name} is saved."
            if warnings:
                message += f" Check the {len(warnings)} warning{'s' if len(warnings) > 1 else ''} below."
            messages.success(request, message)
            return once.finish(request, quad.get_absolute_url())
        once.release(request)
    return render(request, "quads/quad_form.html", {"form": form, "quad": quad})


def _save_quad(form, quad, *, by):
    """The Quad saved, or None with the service's refusal beside the fields (the members' beside the first
    authority changed)."""
    data = form.cleaned_data
    try:
        return quads.save_quad(quad=quad, name=data["name"], cycle=data["cycle"], members=data["members"], by=by)
    except ValidationError as refused:
        errors = refused.message_dict
        if members := errors.pop("members", None):
            changed = [name for name in MEMBER_FIELDS if form.initial.get(name) != data[name]]
            form.add_error((changed or list(MEMBER_FIELDS))[0], members)
        if errors:
            add_errors(form, ValidationError(errors))
        return None


@require_http_methods(["GET", "POST"])
def quad_suggest(request):
    """Each family group's free authorities split into Quads of four, to edit and accept; nothing stored before."""
    require(request, "quads.plan_quads")
    cycle = cycles.chosen(request.GET.get("cycle"))
    suggestions, left_over = selectors.suggest_split(cycle)
    initial = [
        {**QuadEditForm.initial_for(suggestion.name, suggestion.members), "include": True} for suggestion in suggestions
    ]
    formset = SuggestionFormSet(request.POST or None, initial=initial, prefix="quad", form_kwargs={"cycle": cycle})
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if formset.is_valid():
            accepted = [
                (form.cleaned_data["name"], form.cleaned_data["members"])
                for form in formset.forms
                if form.cleaned_data.get("include")
            ]
            created = quads.accept_suggestion(cycle=cycle, quads=accepted, by=request.user)
            messages.success(request, f"{len(created)} Quads of {cycle} are saved.")
            return once.finish(request, f"{reverse('quads:quad-list')}?cycle={cycles.to_slug(cycle)}")
        once.release(request)
    return _suggest_page(request, formset, suggestions, left_over, cycle)


def _suggest_page(request, formset, suggestions, left_over, cycle):
    """The suggested Quads, each with its warnings for the members it shows now and the reasons it was suggested."""
    others = selectors.others_in_cycle(cycle)
    reasons = [suggestion.reasons for suggestion in suggestions]
    suggested = [
        (form, selectors.quad_warnings(_members(form), cycle, others=others), reasons[i] if i < len(reasons) else [])
        for i, form in enumerate(formset.forms)
    ]
    context = {"formset": formset, "suggested": suggested, "left_over": left_over, "cycle": cycle}
    return render(request, "quads/quad_suggest.html", context | {"before": selectors.previous_cycle(cycle)})


def _members(form) -> list[Authority]:
    """The authorities a suggestion form shows now, submitted or as suggested."""
    if form.is_bound and hasattr(form, "cleaned_data"):
        return form.cleaned_data.get("members", [])
    return [form.initial[name] for name in ("member_1", "member_2", "member_3", "member_4") if form.initial.get(name)]


def quad_detail(request, pk):
    quad = _quad(request, pk)
    columns, rows = quad_comparison(quad)
    user = request.user
    can_plan = user.has_perm("quads.plan_quads")
    return render(
        request,
        "quads/quad_detail.html",
        {
            "quad": quad,
            "columns": columns,
            "rows": rows,
            "warnings": selectors.warnings_of(quad, list(selectors.quads_of_cycle(quad.cycle))) if can_plan else [],
            "can_plan": can_plan,
            "can_write": user.has_perm("quads.write_quad_agreements", quad),
            "has_met": has_met(quad),
            "indicator_agreements": list(quad.indicator_agreements.select_related("indicator")),
            "meetings": list(
                Visit.objects.filter(quad_meeting__quad=quad).select_related("theme").order_by("starts_on")
            ),
            "quads_programmes": list(
                Programme.objects.filter(kind=ProgrammeKind.QUADS, school_years__in=("", quad.cycle)).order_by("name")
            )
            if can_plan
            else [],
            "cycle_slug": cycles.to_slug(quad.cycle),
        },
    )


def quad_pdf(request, pk):
    quad = _quad(request, pk)
    columns, rows = quad_comparison(quad)
    filename = f"{slugify(f'quad {quad.name}')}-{cycles.to_slug(quad.cycle)}.pdf"
    return pdf_response(
        request, "quads/quad_document.html", {"quad": quad, "columns": columns, "rows": rows}, filename=filename
    )


@require_http_methods(["GET", "POST"])
def quad_agreements(request, pk):
    quad = _quad(request, pk, "quads.write_quad_agreements")
    if not has_met(quad):
        messages.error(request, NOT_MET)
        return redirect(quad.get_absolute_url())
    _, rows = quad_comparison(quad)
    initial = {"challenges": quad.challenges, "support": quad.support}
    for agreement in quad.indicator_agreements.all():
        initial |= {f"challenges_{agreement.indicator_id}": agreement.challenges}
        initial |= {f"support_{agreement.indicator_id}": agreement.support}
    form = AgreementsForm(request.POST or None, initial=initial, indicators=[row.indicator for row in rows])
    if request.method == "POST" and form.is_valid():
        quads.save_agreements(
            quad=quad,
            challenges=form.cleaned_data["challenges"],
            support=form.cleaned_data["support"],
            per_indicator=form.per_indicator(),
            by=request.user,
        )
        messages.success(request, "The agreed challenges and support are saved.")
        return redirect(quad.get_absolute_url())
    return render(request, "quads/quad_agreements.html", {"form": form, "quad": quad})


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk, slug):
    """Schedule the Quad's meeting in its cycle's Quads programme: a visit hosted by its four authorities."""
    quad = _quad(request, pk)
    programme = get_object_or_404(Programme, slug=slug, kind=ProgrammeKind.QUADS)
    require(request, "reviews.plan_programme")
    if programme.school_years not in ("", quad.cycle):
        raise Http404
    hosts = list(quad.members.order_by("name"))
    form = MeetingForm(request.POST or None, programme=programme, hosts=hosts)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            data = form.cleaned_data
            visit = meetings.schedule_meeting(
                quad=quad, programme=programme, hosts=data["hosts"], by=request.user, **visit_changes(data)
            )
            saved(request, visit, f"The {visit.meeting_of} meeting is scheduled as proposed. Now add who attends.")
            return once.finish(request, visit.get_absolute_url())
        once.release(request)
    return schedule_page(request, form, programme, meeting_of=meetings.meeting_name(quad), hosts=hosts)


@require_http_methods(["GET", "POST"])
def cycle_start(request):
    """Start a cycle of the Quads: its programme, with one phase, after the officer confirms it."""
    require(request, "quads.plan_quads")
    require(request, "reviews.plan_programme")
    cycle = cycles.chosen(request.GET.get("cycle")) if request.GET.get("cycle") else next_cycle()
    form = StartCycleForm(request.POST or None, initial={"cycle": cycle, "name": f"Quads {cycle}"})
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            cycle = form.cleaned_data["cycle"]
            if done := _cycle_started(request, form):
                return done
        if "cycle" in form.errors:  # empty or out of reach: the cycle of today is offered instead
            form, cycle = form.offering_today(), cycles.current_cycle()
        once.release(request)
    context = {
        "form": form,
        "cycle": cycle,
        "out_of_reach": _out_of_reach(cycle),
        "started": cycle_programme(cycle),
        "started_slug": cycles.to_slug(cycle),
    }
    return render(request, "quads/cycle_start.html", context)


def _out_of_reach(cycle: str) -> str:
    try:
        cycles.validate_in_reach(cycle)
    except ValidationError as refused:
        return refused.messages[0]
    return ""


def _cycle_started(request, form):
    try:
        programme = start_cycle(by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
    phase = programme.phases.get()
    messages.success(
        request,
        f"{programme.name} is started, running from {phase.starts_on:%-d %B %Y} to {phase.ends_on:%-d %B %Y}. "
        "Schedule each Quad's meeting from its page.",
    )
    return once.finish(request, f"{reverse('quads:quad-list')}?cycle={cycles.to_slug(programme.school_years)}")
