"""Emails to team members about their visits."""

from django.conf import settings
from django.template.loader import render_to_string

from core.mail import queue_email


def _send(*, template: str, subject: str, visit, people, extra=None) -> None:
    for person in people:
        body = render_to_string(
            f"reviews/email/{template}.txt",
            {"visit": visit, "person": person, "site_url": settings.SITE_URL, **(extra or {})},
        )
        queue_email(to=person.email, subject=subject, body=body)


def team_member_added(visit, person) -> None:
    from .places import link_for

    _send(
        template="added",
        subject=f"You are on the team for a {_what(visit)}: {_title(visit)}",
        visit=visit,
        people=[person],
        extra={"place_url": link_for(visit.team.get(person=person))},
    )


def visit_rescheduled(visit, people) -> None:
    _send(
        template="rescheduled",
        subject=f"{_what(visit, first=True)} rescheduled: {_title(visit)}",
        visit=visit,
        people=people,
    )


def visit_cancelled(visit, people) -> None:
    _send(
        template="cancelled",
        subject=f"{_what(visit, first=True)} cancelled: {_title(visit)}",
        visit=visit,
        people=people,
    )


def _what(visit, *, first: bool = False) -> str:
    """A visit, or a Quad's meeting, as the subject line names it."""
    if visit.meeting_of:
        return visit.kind_label
    return "Visit" if first else "visit"


def _title(visit) -> str:
    hosts = ", ".join(host.name for host in visit.hosts.all())
    return f"{hosts}, {visit.when}"
