"""Calendar (.ics) files for visits, with stable UIDs and a SEQUENCE that rises on every reschedule."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .choices import VisitStatus
from .models import Visit

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


def calendar_file(events, *, name: str = "") -> bytes:
    """The portal's one iCalendar wrapper: its PRODID and version around the events, named when a feed has a name."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_for(visits, *, name: str) -> bytes:
    """An iCalendar file of the visits that have exact dates; visits known only by month have no event."""
    return calendar_file([_event(visit) for visit in visits if visit.has_exact_dates], name=name)
