"""A visit's day plan: sessions per day, started from the standard three days (one for a meeting) or copied from an
earlier visit's plan, then edited by the host or ADES. Participants asked for examples of how other authorities
structured their days, so a host may let the public archive show its plan."""

import datetime

from django.db import transaction
from django.forms import BaseInlineFormSet

from core import freshness
from core.history import recorded_by
from core.text import remove_direction_controls

from .. import audit_trail
from ..models import DaySession, Visit
from ..selectors import standard_for


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


@audit_trail.day_plan_started
@transaction.atomic
def start_from_standard(*, visit: Visit, by) -> int:
    """The standard three days (one for a meeting), when the visit has no plan yet; returns how many sessions were
    added."""
    if visit.day_sessions.exists():
        return 0
    standard = standard_for(visit)
    DaySession.objects.bulk_create(
        remove_direction_controls(
            DaySession(visit=visit, day=day, starts_at=_time(start), ends_at=_time(end), title=title)
        )
        for day, start, end, title in standard
    )
    freshness.changed()  # bulk writes send no signals
    return len(standard)


@audit_trail.day_plan_copied
@transaction.atomic
def copy_from(*, visit: Visit, earlier: Visit, by) -> int:
    """An earlier visit's sessions (times, titles, who and where), when this visit has no plan yet."""
    if visit.day_sessions.exists() or earlier.pk == visit.pk:
        return 0
    sessions = [
        DaySession(
            visit=visit, day=s.day, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title, who=s.who, where=s.where
        )
        for s in earlier.day_sessions.all()
    ]
    DaySession.objects.bulk_create(map(remove_direction_controls, sessions))  # text saved before it was kept plain
    freshness.changed()  # bulk writes send no signals
    return len(sessions)


@audit_trail.day_plan_saved
@transaction.atomic
def save_day_plan(*, visit: Visit, sessions: BaseInlineFormSet, public: bool, by) -> Visit:
    """The plan as edited: `sessions`, the visit's validated formset of sessions (each added, changed or removed),
    and whether the public archive shows the plan."""
    if sessions.instance != visit or not sessions.is_valid():
        raise ValueError("save_day_plan takes the visit's own sessions, validated.")
    sessions.save()
    visit.day_plan_public = public
    recorded_by(visit, by).save()
    return visit
