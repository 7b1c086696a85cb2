"""After the visit: actions made from a report's next steps, follow-up sessions, and reminders to owners."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from authorities.models import Person
from core.mail import queue_email
from reviews.models import Visit

from .. import audit_trail
from ..choices import OPEN_ACTION_STATUSES, ActionStatus, FindingKind, FollowUpStatus
from ..emails import ACTION_REMINDER
from ..models import Action, ActionReminder, Finding, FollowUp, Progress

# Owners are reminded a week and a day before an action is due.
REMINDER_DAYS_BEFORE_DUE = (7, 1)


@audit_trail.actions_made
@transaction.atomic
def make_actions(*, visit: Visit, by: Person | None) -> int:
    """An action for each of the visit's next steps that has none; returns how many were made. Safe to repeat."""
    steps = Finding.objects.filter(visit=visit, kind=FindingKind.NEXT_STEP, action__isnull=True)
    made = 0
    for finding in steps.select_for_update(of=("self",)):
        _, created = Action.objects.get_or_create(finding=finding)
        made += created
    return made


@audit_trail.action_updated
@transaction.atomic
def update_action(
    *,
    action: Action,
    owner: Person | None,
    due_on: datetime.date | None,
    status: str,
    dropped_reason: str = "",
    by: Person,
) -> Action:
    action.owner, action.due_on, action.status = owner, due_on, ActionStatus(status)
    action.dropped_reason = dropped_reason.strip() if action.status == ActionStatus.DROPPED else ""
    action.full_clean(exclude=["finding"])
    action.save()
    return action


@dataclass(frozen=True)
class ProgressNote:
    action: Action
    status: str
    note: str
    evidence: str = ""
    next_step: str = ""


@audit_trail.follow_up_recorded
@transaction.atomic
def record_follow_up(
    *,
    visit: Visit,
    held_on: datetime.date,
    attendees: Iterable[Person],
    notes: str,
    progress: Sequence[ProgressNote],
    by: Person,
    planned: FollowUp | None = None,
) -> FollowUp:
    """A follow-up session with its progress per action; each action takes the status the session agreed.

    A session that was planned (proposed or confirmed) becomes the record; otherwise a new one is made."""
    follow_up = _held_session(visit=visit, planned=planned, held_on=held_on, notes=notes, by=by)
    follow_up.attendees.set(attendees)
    for item in progress:
        action = item.action
        if item.status == ActionStatus.DROPPED and not item.note.strip():
            raise ValidationError("Give the reason the action is dropped.")
        Progress.objects.create(
            follow_up=follow_up,
            action=action,
            status=item.status,
            note=item.note.strip(),
            evidence=item.evidence.strip(),
            next_step=item.next_step.strip(),
        )
        if action.status != item.status:
            action.status = item.status
            action.dropped_reason = item.note.strip() if item.status == ActionStatus.DROPPED else ""
            action.save(update_fields=["status", "dropped_reason", "updated_at"])
    return follow_up


def _held_session(*, visit: Visit, planned: FollowUp | None, held_on: datetime.date, notes: str, by: Person):
    if planned is None:
        return FollowUp.objects.create(
            visit=visit, status=FollowUpStatus.HELD, held_on=held_on, notes=notes.strip(), recorded_by=by
        )
    follow_up = FollowUp.objects.select_for_update().get(pk=planned.pk, visit=visit)
    if follow_up.status == FollowUpStatus.HELD:
        raise ValidationError("This follow-up session is recorded already.")
    follow_up.status, follow_up.held_on, follow_up.notes, follow_up.recorded_by = (
        FollowUpStatus.HELD,
        held_on,
        notes.strip(),
        by,
    )
    follow_up.save()
    return follow_up


def due_for_reminder(today: datetime.date):
    days = [today + datetime.timedelta(days=before) for before in REMINDER_DAYS_BEFORE_DUE]
    return (
        Action.objects.filter(status__in=OPEN_ACTION_STATUSES, owner__isnull=False, owner__is_active=True)
        .filter(due_on__in=days)
        .exclude(reminders__sent_on=today)
        .select_related("owner", "finding__visit__theme")
        .prefetch_related("finding__visit__hosts")
    )


def send_action_reminders(*, today: datetime.date | None = None) -> int:
    """Email each owner whose action falls due in a week or a day; at most once a day. Returns how many."""
    today = today or timezone.localdate()
    sent = 0
    for action in due_for_reminder(today):
        try:
            with transaction.atomic():
                ActionReminder.objects.create(action=action, sent_on=today)
        except IntegrityError:  # reminded already today
            continue
        body = render_to_string(
            "reports/email/action_reminder.txt",
            {"action": action, "visit": action.finding.visit, "site_url": settings.SITE_URL, "today": today},
        )
        queue_email(
            to=action.owner.email,
            subject=f"Action due on {action.due_on:%-d %B %Y}",
            body=body,
            kind=ACTION_REMINDER,
            person=action.owner,
            about=[action.finding.visit],
        )
        sent += 1
    return sent
