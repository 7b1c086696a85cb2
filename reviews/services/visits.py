"""Scheduling a visit, changing it, and moving it through its statuses (confirmed, completed, cancelled)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Authority, Person
from core.history import recorded_by

from .. import audit_trail, notifications
from ..choices import DatePrecision, VisitStatus
from ..models import CalendarFeed, Phase, Programme, Theme, Visit


def _validated(visit: Visit) -> Visit:
    visit.full_clean(exclude=["hosts"])
    return visit


def _create_with_hosts(visit: Visit, hosts, by: Person | None) -> Visit:
    """Save a new visit and its hosts as one entry in its history, not one for the row and one for the hosts."""
    visit.skip_history_when_saving = True
    try:
        visit.save()
        visit.hosts.set(hosts)
    finally:
        del visit.skip_history_when_saving
    recorded_by(visit, by).save(update_fields=["updated_at"])
    return visit


@audit_trail.visit_scheduled
@transaction.atomic
def schedule_visit(
    *,
    programme: Programme,
    phase: Phase,
    hosts: Iterable[Authority],
    theme: Theme,
    starts_on: datetime.date,
    ends_on: datetime.date,
    key_question: str = "",
    focus_areas: list[str] | None = None,
    venue: str = "",
    notes: str = "",
    meeting_of: str = "",
    by: Person,
) -> Visit:
    """Add a proposed visit with exact dates; a Quad's meeting is a visit hosted by its four authorities."""
    visit = _validated(
        Visit(
            programme=programme,
            meeting_of=meeting_of,
            phase=phase,
            theme=theme,
            starts_on=starts_on,
            ends_on=ends_on,
            key_question=key_question,
            focus_areas=focus_areas or [],
            venue=venue,
            notes=notes,
        )
    )
    return _create_with_hosts(visit, hosts, by)


VISIT_FIELDS = ("phase", "theme", "starts_on", "ends_on", "key_question", "focus_areas", "venue", "notes")


@audit_trail.visit_changed
@transaction.atomic
def update_visit(*, visit: Visit, hosts: Iterable[Authority], by: Person, **changes) -> Visit:
    """Change a visit; a change of dates raises its calendar sequence and tells the team."""
    unknown = set(changes) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"update_visit cannot change {', '.join(sorted(unknown))}")
    rescheduled = visit.has_exact_dates and (
        changes.get("starts_on", visit.starts_on) != visit.starts_on
        or changes.get("ends_on", visit.ends_on) != visit.ends_on
    )
    for name, value in changes.items():
        setattr(visit, name, value)
    if "starts_on" in changes and not visit.has_exact_dates:
        visit.date_precision = DatePrecision.DAY
        rescheduled = True
    if rescheduled:
        visit.sequence += 1
    recorded_by(_validated(visit), by).save()
    if set(hosts) != set(visit.hosts.all()):
        visit.hosts.set(hosts)
    if rescheduled:
        people = [membership.person for membership in visit.team.select_related("person")]
        notifications.visit_rescheduled(visit, people)
    return visit


def _set_status(visit: Visit, status: VisitStatus, by: Person, *, allowed_from, reason: str = "") -> Visit:
    if visit.status not in allowed_from:
        raise ValidationError(f"A {visit.get_status_display().lower()} visit cannot be marked {status.label.lower()}.")
    visit.status = status
    visit.cancellation_reason = reason
    visit.sequence += 1
    recorded_by(_validated(visit), by).save(update_fields=["status", "cancellation_reason", "sequence", "updated_at"])
    return visit


@audit_trail.visit_confirmed
@transaction.atomic
def confirm_visit(*, visit: Visit, by: Person) -> Visit:
    if visit.is_finished:
        raise ValidationError("This visit's dates have passed: mark it as completed, or cancel it.")
    return _set_status(visit, VisitStatus.CONFIRMED, by, allowed_from=(VisitStatus.PROPOSED,))


@audit_trail.visit_completed
@transaction.atomic
def complete_visit(*, visit: Visit, by: Person) -> Visit:
    """Confirmed, or still proposed once its dates have passed (it took place without being confirmed here)."""
    allowed = (VisitStatus.CONFIRMED, VisitStatus.PROPOSED) if visit.is_finished else (VisitStatus.CONFIRMED,)
    return _set_status(visit, VisitStatus.COMPLETED, by, allowed_from=allowed)


@audit_trail.visit_cancelled
@transaction.atomic
def cancel_visit(*, visit: Visit, reason: str, by: Person) -> Visit:
    """Cancel with a reason, kept on the record; the team is told."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the visit is cancelled."})
    visit = _set_status(
        visit,
        VisitStatus.CANCELLED,
        by,
        allowed_from=(VisitStatus.PROPOSED, VisitStatus.CONFIRMED),
        reason=reason.strip(),
    )
    people = [membership.person for membership in visit.team.select_related("person")]
    notifications.visit_cancelled(visit, people)
    return visit


def calendar_feed_for(*, person: Person) -> CalendarFeed:
    """The person's private calendar address, made the first time they ask for it."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed
