"""Emails to team members about their visits, in the wording ADES officers keep (core.messages; the kinds are in
emails.py)."""

from django.conf import settings
from django.urls import reverse

from core import messages
from core.mail import queue_email

from .emails import ADDED, CANCELLED, PLACE_REQUEST, RESCHEDULED
from .place_links import link_for


def values(visit, person, **extra) -> dict:
    event = f"meeting of {visit.meeting_of}" if visit.meeting_of else "Collaborative Improvement visit"
    what = visit.kind_label if visit.meeting_of else "visit"
    return {
        "name": person.full_name,
        "event": event,
        "what": what,
        "What": what[0].upper() + what[1:],
        "hosts": visit.host_names,
        "when": visit.when,
        "theme": visit.theme.name,
        "key_question": visit.key_question or "not recorded yet",
        "visit_link": settings.SITE_URL + visit.get_absolute_url(),
        "calendar_link": settings.SITE_URL + reverse("reviews:visit-calendar", kwargs={"pk": visit.pk}),
        **extra,
    }


def _send(kind: messages.Kind, visit, people, **extra) -> None:
    for person in people:
        subject, body = messages.render(kind.key, values(visit, person, **extra))
        queue_email(to=person.email, subject=subject, body=body, kind=kind.key, person=person, about=[visit])


def team_member_added(visit, person) -> None:
    place_link = settings.SITE_URL + link_for(visit.team.get(person=person))
    _send(ADDED, visit, [person], place_link=place_link)


def place_request(visit, membership) -> tuple[str, str]:
    """The confirmation request for one member, as (subject, body): previewed before any is sent."""
    return messages.render(
        PLACE_REQUEST.key, values(visit, membership.person, place_link=settings.SITE_URL + link_for(membership))
    )


def request_places(visit, memberships) -> int:
    for membership in memberships:
        subject, body = place_request(visit, membership)
        queue_email(
            to=membership.person.email,
            subject=subject,
            body=body,
            kind=PLACE_REQUEST.key,
            person=membership.person,
            about=[visit],
        )
    return len(memberships)


def visit_rescheduled(visit, people) -> None:
    _send(RESCHEDULED, visit, people)


def visit_cancelled(visit, people) -> None:
    _send(CANCELLED, visit, people, reason=visit.cancellation_reason)
