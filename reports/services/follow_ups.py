"""Follow-up that happens: when a visit's report is first published the portal proposes follow-up sessions (by
default about 6 and 12 months later, set per programme); the host confirms or moves each, which invites the whole
team with a calendar file; the team is reminded a week before; the session is then recorded with attendance and
progress on each action. A follow-up whose date has passed without being recorded is overdue.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Event

from core import messages
from core.mail import queue_email
from reviews import calendar as icalendar_files
from reviews.models import Visit

from .. import audit_trail
from ..choices import FollowUpStatus
from ..emails import FOLLOW_UP_INVITATION as INVITATION
from ..emails import FOLLOW_UP_REMINDER as REMINDER
from ..follow_up_links import calendar_link
from ..models import FollowUp
from ..selectors import follow_up_team

REMIND_DAYS_BEFORE = 7


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def propose(visit: Visit, *, published_on: datetime.date) -> list[FollowUp]:
    """Proposed follow-ups for a newly published report, unless the visit has follow-ups already."""
    if visit.follow_ups.exists():
        return []
    months = sorted({int(m) for m in visit.programme.follow_up_months if int(m) > 0})
    return FollowUp.objects.bulk_create(
        [
            FollowUp(visit=visit, status=FollowUpStatus.PROPOSED, planned_on=months_later(published_on, m))
            for m in months
        ]
    )


def _send(kind: messages.Kind, follow_up: FollowUp) -> int:
    visit = follow_up.visit
    people = follow_up_team(visit)
    for person in people:
        subject, body = messages.render(
            kind.key,
            {
                "name": person.full_name,
                "hosts": visit.host_names,
                "visit_when": visit.when,
                "date": f"{follow_up.planned_on:%A %-d %B %Y}",
                "calendar_link": settings.SITE_URL + calendar_link(follow_up),
                "actions_link": settings.SITE_URL + reverse("reports:actions-of-visit", kwargs={"pk": visit.pk}),
            },
        )
        queue_email(to=person.email, subject=subject, body=body, kind=kind.key, person=person, about=[visit])
    return len(people)


@audit_trail.follow_up_scheduled
@transaction.atomic
def schedule(*, follow_up: FollowUp, planned_on: datetime.date, by, today: datetime.date | None = None) -> int:
    """Confirm the follow-up on this date (the proposed one, or another) and invite the team; a confirmed follow-up
    moved to a new date invites them again. Returns how many were emailed (none if nothing changed)."""
    today = today or timezone.localdate()
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUpStatus.HELD:
        raise ValidationError("This follow-up has been held and recorded; it cannot be moved.")
    if planned_on < today:
        raise ValidationError({"planned_on": "Choose today or a later date: the session has not been held yet."})
    if follow_up.status == FollowUpStatus.CONFIRMED and follow_up.planned_on == planned_on:
        return 0
    if follow_up.status == FollowUpStatus.CONFIRMED:
        follow_up.sequence += 1
    follow_up.status, follow_up.planned_on, follow_up.reminded_on = FollowUpStatus.CONFIRMED, planned_on, None
    follow_up.save(update_fields=["status", "planned_on", "reminded_on", "sequence", "updated_at"])
    return _send(INVITATION, follow_up)


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the team of each confirmed follow-up a week ahead, once. Returns how many follow-ups."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(
        status=FollowUpStatus.CONFIRMED, planned_on=today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    ).filter(reminded_on__isnull=True)
    sent = 0
    for follow_up in due.select_related("visit"):
        with transaction.atomic():
            if not FollowUp.objects.filter(pk=follow_up.pk, reminded_on__isnull=True).update(reminded_on=today):
                continue  # another run reminded them
            _send(REMINDER, follow_up)
            sent += 1
    return sent


def calendar_file(follow_up: FollowUp) -> bytes:
    """An all-day event on the follow-up's date, with a stable UID and a SEQUENCE that rises when it moves."""
    visit = follow_up.visit
    event = Event()
    event.add("uid", icalendar_files.event_uid("follow-up", follow_up.pk))
    event.add("sequence", follow_up.sequence)
    event.add("dtstamp", timezone.now())
    event.add("summary", f"Follow-up session: visit to {visit.host_names}")
    event.add("dtstart", follow_up.planned_on)
    event.add("dtend", follow_up.planned_on + datetime.timedelta(days=1))
    event.add("status", "CONFIRMED" if follow_up.status == FollowUpStatus.CONFIRMED else "TENTATIVE")
    event.add("url", settings.SITE_URL + reverse("reports:actions-of-visit", kwargs={"pk": visit.pk}))
    return icalendar_files.calendar_file([event])
