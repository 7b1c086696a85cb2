"""Calendar (.ics) files for visits, with stable UIDs and a SEQUENCE that rises on every reschedule."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from .choices import VisitStatus
from .models import Visit

STATUS = {
    VisitStatus.PROPOSED: "TENTATIVE",
    VisitStatus.CONFIRMED: "CONFIRMED",
    VisitStatus.COMPLETED: "CONFIRMED",
    VisitStatus.CANCELLED: "CANCELLED",
}


def _uid(visit: Visit) -> str:
    return f"visit-{visit.pk}@{urlsplit(settings.SITE_URL).hostname or 'ci-portal'}"


def _event(visit: Visit):
    from icalendar import Event

    hosts = ", ".join(host.name for host in visit.hosts.all())
    event = Event()
    event.add("uid", _uid(visit))
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


def calendar_for(visits, *, name: str) -> bytes:
    """An iCalendar file of the visits that have exact dates; visits known only by month have no event."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//ADES//Collaborative Improvement Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for visit in visits:
        if visit.has_exact_dates:
            calendar.add_component(_event(visit))
    return calendar.to_ical()
