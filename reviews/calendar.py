"""Calendar (.ics) files for visits, with stable UIDs and a SEQUENCE that rises on every reschedule."""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .choices import SessionMode, VisitStatus
from .models import DaySession, Visit

STATUS = {
    VisitStatus.PROPOSED: "TENTATIVE",
    VisitStatus.CONFIRMED: "CONFIRMED",
    VisitStatus.COMPLETED: "CONFIRMED",
    VisitStatus.CANCELLED: "CANCELLED",
}


PRODID = "-//ADES//Collaborative Improvement Portal//EN"


def event_uid(kind: str, pk) -> str:
    """An event's UID, stable for the thing it is about ("visit-12@portal.host"), so a calendar updates it in place."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'ci-portal'}"


def _event(visit: Visit):
    hosts = visit.host_names
    event = Event()
    event.add("uid", event_uid("visit", visit.pk))
    event.add("sequence", visit.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", visit.updated_at)
    event.add("summary", f"{visit.kind_label}: {hosts} – {visit.theme}")
    event.add("dtstart", visit.starts_on)
    event.add("dtend", visit.ends_on + datetime.timedelta(days=1))  # all-day events end the day after
    event.add("status", STATUS[VisitStatus(visit.status)])
    if visit.venue:
        event.add("location", visit.venue)
    description = [f"Theme: {visit.theme}"]
    if visit.key_question:
        description.append(f"Key question: {visit.key_question}")
    description.append(f"{settings.SITE_URL}{visit.get_absolute_url()}")
    event.add("description", "\n".join(description))
    event.add("url", f"{settings.SITE_URL}{visit.get_absolute_url()}")
    return event


def _session_event(visit: Visit, session: DaySession):
    """An online or hybrid session of the day plan, timed, with its meeting link: only in a team member's calendar."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    day = visit.starts_on + datetime.timedelta(days=session.day - 1)
    starts = datetime.datetime.combine(day, session.starts_at, tzinfo=zone)
    ends = datetime.datetime.combine(day, session.ends_at, tzinfo=zone) if session.ends_at else None
    event = Event()
    event.add("uid", event_uid("session", session.pk))
    event.add("sequence", visit.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", session.updated_at)
    event.add("summary", f"{session.title} ({session.get_mode_display().lower()}) – {visit.host_names}")
    event.add("dtstart", starts)
    event.add("dtend", ends or starts + datetime.timedelta(hours=1))
    event.add("status", STATUS[VisitStatus(visit.status)])
    where = "Online" if session.mode == SessionMode.ONLINE else ", ".join(filter(None, [session.where, "and online"]))
    event.add("location", f"{where}: {session.meeting_link}")
    event.add("url", session.meeting_link)
    lines = [f"Join online: {session.meeting_link}", "The link is for the team only: do not pass it on."]
    lines.append(f"Day plan: {settings.SITE_URL}{reverse('reviews:day-plan', kwargs={'pk': visit.pk})}")
    event.add("description", "\n".join(lines))
    return event


def _events(visit: Visit, *, with_links: bool):
    yield _event(visit)
    if with_links:
        for session in visit.day_sessions.all():
            if session.meeting_link:
                yield _session_event(visit, session)


def _calendar(events, *, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar


def calendar_file(events, *, name: str = "") -> bytes:
    """The portal's one iCalendar wrapper: its PRODID and version around the events, named when a feed has a name."""
    return _calendar(events, name=name).to_ical()


def calendar_for(visits, *, name: str, with_links=lambda visit: False) -> bytes:
    """An iCalendar file of the visits that have exact dates; visits known only by month have no event. Where
    `with_links(visit)` (the calendar is a team member's), a visit's online and hybrid sessions come too, each with
    its meeting link (and the VTIMEZONE of their local times)."""
    events = [e for visit in visits if visit.has_exact_dates for e in _events(visit, with_links=with_links(visit))]
    calendar = _calendar(events, name=name)
    calendar.add_missing_timezones()
    return calendar.to_ical()
