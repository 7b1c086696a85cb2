"""After the visit: the host authority turns next steps into actions, records follow-ups; dashboards follow them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from authorities.models import Authority, Person
from core import once
from core.access import require
from core.forms import add_errors
from reviews.models import Visit

from .. import follow_up_links, selectors
from ..choices import FindingKind, FollowUpStatus
from ..forms import ActionForm, FollowUpForm, ScheduleFollowUpForm
from ..models import Action, Finding, FollowUp, Progress
from ..services import follow_ups
from ..services.actions import ProgressNote, make_actions, record_follow_up, update_action


def _visit(request, pk) -> Visit:
    visit = get_object_or_404(Visit.objects.select_related("theme", "programme"), pk=pk)
    require(request, "reports.track_actions", visit)
    return visit


def _people_of(visit: Visit):
    """Who may own an action or attend a follow-up: the host authorities' people and the visit's team."""
    return (
        Person.objects.filter(is_active=True)
        .filter(Q(organisation__authority__in=visit.hosts.all()) | Q(team_memberships__visit=visit))
        .select_related("organisation")
        .distinct()
        .order_by("full_name")
    )


def visit_actions(request, pk):
    visit = _visit(request, pk)
    steps = list(
        Finding.objects.filter(visit=visit, kind=FindingKind.NEXT_STEP)
        .select_related("action__owner")
        .order_by("position")
    )
    follow_ups = list(
        visit.follow_ups.prefetch_related(
            "attendees", Prefetch("progress", queryset=Progress.objects.select_related("action__finding"))
        )
    )
    return render(
        request,
        "reports/visit_actions.html",
        {
            "visit": visit,
            "steps": steps,
            "unmade": sum(1 for step in steps if not hasattr(step, "action")),
            "follow_ups": follow_ups,
            "today": timezone.localdate(),
        },
    )


@require_POST
def actions_make(request, pk):
    visit = _visit(request, pk)
    made = make_actions(visit=visit, by=request.user)
    if made:
        messages.success(
            request,
            f"{made} action{'s' if made > 1 else ''} made from the next steps. Give each an owner and a due date.",
        )
    elif visit.findings.filter(kind=FindingKind.NEXT_STEP).exists():
        messages.info(request, "Every next step has its action already.")
    else:
        messages.info(request, "This visit has no next steps in a report to make actions from.")
    return redirect("reports:actions-of-visit", pk=visit.pk)


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("finding__visit", "owner"), pk=pk)
    visit = action.finding.visit
    require(request, "reports.track_actions", visit)
    initial = {
        "owner": action.owner,
        "due_on": action.due_on,
        "status": action.status,
        "dropped_reason": action.dropped_reason,
    }
    form = ActionForm(request.POST or None, initial=initial, people=_people_of(visit))
    if request.method == "POST" and form.is_valid():
        update_action(action=action, **form.cleaned_data, by=request.user)
        messages.success(request, "The action is saved.")
        return redirect("reports:actions-of-visit", pk=visit.pk)
    return render(request, "reports/action_form.html", {"form": form, "action": action, "visit": visit})


@require_http_methods(["GET", "POST"])
def follow_up_create(request, pk):
    """Record a session that was not planned in the portal."""
    return _record_session(request, _visit(request, pk))


@require_http_methods(["GET", "POST"])
def follow_up_record(request, pk):
    """Record a planned (proposed or confirmed) session once it has been held."""
    planned = _follow_up(request, pk)
    if planned.status == FollowUpStatus.HELD:
        messages.info(request, "This follow-up session is recorded already.")
        return redirect("reports:actions-of-visit", pk=planned.visit_id)
    return _record_session(request, planned.visit, planned=planned)


def _follow_up(request, pk) -> FollowUp:
    follow_up = get_object_or_404(FollowUp.objects.select_related("visit__theme", "visit__programme"), pk=pk)
    require(request, "reports.track_actions", follow_up.visit)
    return follow_up


def _record_session(request, visit: Visit, planned: FollowUp | None = None):
    actions = list(Action.objects.filter(finding__visit=visit).select_related("finding").order_by("finding__position"))
    initial = {"held_on": planned.planned_on} if planned else None
    form = FollowUpForm(request.POST or None, initial=initial, people=_people_of(visit), actions=actions)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            data = form.cleaned_data
            try:
                follow_up = record_follow_up(
                    visit=visit,
                    held_on=data["held_on"],
                    attendees=data["attendees"],
                    notes=data["notes"],
                    progress=[ProgressNote(*item) for item in form.progress()],
                    by=request.user,
                    planned=planned,
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                messages.success(request, "The follow-up session is recorded.")
                url = reverse("reports:actions-of-visit", kwargs={"pk": visit.pk})
                return once.finish(request, f"{url}#follow-up-{follow_up.pk}")
        once.release(request)
    return render(request, "reports/follow_up_form.html", {"form": form, "visit": visit, "planned": planned})


@require_http_methods(["GET", "POST"])
def follow_up_schedule(request, pk):
    """The host confirms a proposed follow-up's date, or moves it; the team is invited with a calendar file."""
    follow_up = _follow_up(request, pk)
    if follow_up.status == FollowUpStatus.HELD:
        messages.info(request, "This follow-up session is recorded already.")
        return redirect("reports:actions-of-visit", pk=follow_up.visit_id)
    form = ScheduleFollowUpForm(request.POST or None, initial={"planned_on": follow_up.planned_on})
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                invited = follow_ups.schedule(
                    follow_up=follow_up, planned_on=form.cleaned_data["planned_on"], by=request.user
                )
            except ValidationError as problem:
                add_errors(form, problem)
            else:
                done = f"The follow-up is on {form.cleaned_data['planned_on']:%-d %B %Y}"
                messages.success(request, f"{done}; {invited} team member{'s' if invited != 1 else ''} invited.")
                return once.finish(request, reverse("reports:actions-of-visit", kwargs={"pk": follow_up.visit_id}))
        once.release(request)
    team = selectors.team_count(follow_up.visit)
    context = {"form": form, "follow_up": follow_up, "visit": follow_up.visit, "team": team}
    return render(request, "reports/follow_up_schedule.html", context)


def follow_up_calendar(request, token):
    """A follow-up's calendar file; the signed link in the team's emails is the key."""
    follow_up = follow_up_links.follow_up_for_calendar(token)
    if follow_up is None:
        raise Http404
    response = HttpResponse(follow_ups.calendar_file(follow_up), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ci-follow-up-{follow_up.pk}.ics"'
    return response


def dashboard(request):
    """ADES officers: every authority. An authority's officers go to their own authority's dashboard."""
    user = request.user
    if user.has_perm("reports.view_all_dashboards"):
        today = timezone.localdate()
        rows = list(selectors.dashboard_overview(today))
        return render(
            request,
            "reports/dashboard_overview.html",
            {
                "rows": rows,
                "today": today,
                "totals": {
                    "open": sum(row.open_actions for row in rows),
                    "overdue": sum(row.overdue_actions for row in rows),
                    "done": sum(row.done_actions for row in rows),
                },
            },
        )
    require(request, "reports.view_own_dashboard")
    authority = user.organisation.authority
    return redirect("reports:dashboard-authority", slug=authority.slug)


def dashboard_authority(request, slug):
    authority = get_object_or_404(Authority, slug=slug)
    require(request, "reports.view_authority_dashboard", authority)
    today = timezone.localdate()
    actions = list(selectors.actions_of_authority(authority))
    open_actions = [action for action in actions if action.is_open]
    return render(
        request,
        "reports/dashboard_authority.html",
        {
            "authority": authority,
            "today": today,
            "open_actions": open_actions,
            "overdue": sum(1 for action in open_actions if action.is_overdue(today)),
            "closed_actions": [action for action in actions if not action.is_open],
            "follow_ups": list(selectors.follow_ups_of_authority(authority)[:20]),
            "impact": list(selectors.impact_of_authority(authority)),
            "can_see_all": request.user.has_perm("reports.view_all_dashboards"),
        },
    )
