"""A visit's day plan: sessions per day, started from the standard three days (one for a meeting) or copied from an
earlier visit's plan, then edited by the host or ADES. Participants asked for examples of how other authorities
structured their days, so a host may let the public archive show its plan."""

import datetime

from django.db import transaction
from django.forms import BaseInlineFormSet

from core import freshness
from core.history import recorded_by

from .. import audit_trail
from ..choices import VisitStatus
from ..models import DaySession, Visit

# The standard three days: a frame to edit, not a record of any visit.
STANDARD = [
    (1, "09:00", "10:00", "Welcome, introductions and the host's context for the key question"),
    (1, "10:15", "12:30", "Sessions on the first focus area"),
    (1, "13:30", "16:00", "Sessions on the next focus areas"),
    (1, "16:00", "16:45", "Team reflection on the day"),
    (2, "09:00", "12:30", "Sessions with schools, staff, partners and learners"),
    (2, "13:30", "15:30", "Further sessions on the focus areas"),
    (2, "15:45", "16:45", "Team reflection: emerging strengths and areas for improvement"),
    (3, "09:00", "11:30", "The team agrees strengths, areas for improvement and next steps"),
    (3, "11:45", "12:45", "Feedback to the host authority"),
]


# A group's meeting (a Quad's) is one day: its standard frame.
STANDARD_MEETING = [
    (1, "09:30", "10:00", "Welcome and introductions"),
    (1, "10:00", "12:30", "Each authority's self-evaluation: comparing and challenging"),
    (1, "13:30", "15:30", "Agreeing the challenges and the support"),
    (1, "15:30", "16:00", "Next steps and the date to meet again"),
]


def standard_for(visit: Visit) -> list:
    """The frame a plan starts from: one day for a group's meeting, three for a visit."""
    return STANDARD_MEETING if visit.meeting_of else STANDARD


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


@audit_trail.day_plan_started
@transaction.atomic
def start_from_standard(visit: Visit, *, by) -> int:
    """The standard three days (one for a meeting), when the visit has no plan yet; returns how many sessions were
    added."""
    if visit.day_sessions.exists():
        return 0
    standard = standard_for(visit)
    DaySession.objects.bulk_create(
        DaySession(visit=visit, day=day, starts_at=_time(start), ends_at=_time(end), title=title)
        for day, start, end, title in standard
    )
    freshness.changed()  # bulk writes send no signals
    return len(standard)


@audit_trail.day_plan_copied
@transaction.atomic
def copy_from(visit: Visit, earlier: Visit, *, by) -> int:
    """An earlier visit's sessions (times, titles, who and where), when this visit has no plan yet."""
    if visit.day_sessions.exists() or earlier.pk == visit.pk:
        return 0
    sessions = [
        DaySession(
            visit=visit, day=s.day, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title, who=s.who, where=s.where
        )
        for s in earlier.day_sessions.all()
    ]
    DaySession.objects.bulk_create(sessions)
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


def plans_to_copy(visit: Visit):
    """Earlier visits with a plan, newest first, to copy from: their hosts and theme say which is which."""
    return (
        Visit.objects.filter(day_sessions__isnull=False)
        .exclude(pk=visit.pk)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("theme")
        .prefetch_related("hosts")
        .distinct()
        .order_by("-starts_on")
    )
