"""What reports ask of the signed-in person on the home page (core.todo)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from core.todo import Line, capped

from . import selectors
from .choices import EDITABLE, OPEN_ACTION_STATUSES, FollowUpStatus, ReportStatus, SignOffAnswer
from .models import Action, FollowUp, Report, SignOff
from .sign_off_links import link_for

SOON = datetime.timedelta(days=14)


def _visit_label(visit) -> str:
    return f"{visit.host_names}, {visit.when}"


def _reports(**lookup):
    return Report.objects.filter(**lookup).select_related("visit").prefetch_related("visit__hosts")


def _open_actions(**lookup):
    found = Action.objects.filter(status__in=OPEN_ACTION_STATUSES, **lookup).select_related("finding__visit")
    return found.prefetch_related("finding__visit__hosts").order_by("due_on", "pk")


def _report_lines(reports, text: str) -> list[Line]:
    return [
        Line(f"{text}: {_visit_label(r.visit)}", reverse("reports:report-draft", kwargs={"visit_pk": r.visit_id}))
        for r in reports
    ]


def for_approvers(request) -> list[Line]:
    if not request.user.has_perm("reports.approve"):
        return []
    today, dashboard = timezone.localdate(), reverse("reports:dashboard")
    waiting = _report_lines(_reports(status=ReportStatus.SUBMITTED), "Report awaiting approval")
    overdue = [
        Line(
            f"Action overdue since {a.due_on:%-d %B %Y}: {_visit_label(a.finding.visit)}",
            reverse("reports:actions-of-visit", kwargs={"pk": a.finding.visit_id}),
        )
        for a in _open_actions(due_on__lt=today)
    ]
    late = [
        Line(
            f"Follow-up overdue since {f.planned_on:%-d %B %Y}: {_visit_label(f.visit)}",
            reverse("reports:actions-of-visit", kwargs={"pk": f.visit_id}),
        )
        for f in selectors.overdue_follow_ups(today)
        .select_related("visit")
        .prefetch_related("visit__hosts")
        .order_by("planned_on")
    ]
    return (
        capped(waiting, more="reports awaiting approval", url=dashboard)
        + capped(overdue, more="overdue actions", url=dashboard)
        + capped(late, more="overdue follow-ups", url=dashboard)
    )


def for_authority_officers(request) -> list[Line]:
    authority = getattr(request.user.organisation, "authority", None)
    if authority is None or request.user.has_perm("reports.approve"):
        return []
    if not request.user.has_perm("reviews.view_all_visits_of_authority", authority):
        return []
    today = timezone.localdate()
    dashboard = reverse("reports:dashboard-authority", kwargs={"slug": authority.slug})
    drafts = _report_lines(_reports(status__in=EDITABLE, visit__hosts=authority), "Your authority's draft report")
    due = [
        Line(
            f"Action {'overdue since' if a.due_on < today else 'due on'} {a.due_on:%-d %B %Y}: {a.finding.text[:80]}",
            dashboard,
        )
        for a in _open_actions(due_on__lte=today + SOON, finding__visit__hosts=authority)
    ]
    proposed = [
        Line(
            f"Confirm or move the follow-up proposed for {f.planned_on:%-d %B %Y}: {_visit_label(f.visit)}",
            reverse("reports:follow-up-schedule", kwargs={"pk": f.pk}),
        )
        for f in FollowUp.objects.filter(status=FollowUpStatus.PROPOSED, visit__hosts=authority)
        .select_related("visit")
        .prefetch_related("visit__hosts")
        .order_by("planned_on", "pk")
    ]
    return drafts + capped(due, more="actions due", url=dashboard) + capped(proposed, more="follow-ups", url=dashboard)


def for_external_members(request) -> list[Line]:
    """Reports the person is asked to confirm, as a team member from outside the host authorities."""
    waiting = (
        SignOff.objects.filter(
            person=request.user, answer=SignOffAnswer.AWAITING, report__status=ReportStatus.SUBMITTED
        )
        .select_related("report__visit")
        .prefetch_related("report__visit__hosts")
        .order_by("report__visit__starts_on", "pk")
    )
    return [
        Line(
            f"Confirm the report of the visit to {_visit_label(s.report.visit)} reflects what the team found",
            link_for(s),
        )
        for s in waiting
    ]
