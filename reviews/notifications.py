"""Emails to team members about their visits, in the wording ADES officers keep (core.messages)."""

from django.conf import settings
from django.urls import reverse

from core import messages
from core.mail import queue_email

VISIT_PLACEHOLDERS = {
    "name": "the team member's full name",
    "event": "“Collaborative Improvement visit”, or “meeting of” and the group's name",
    "what": "“visit”, or the group's name and “meeting”, as subject lines say it",
    "What": "the same as {what}, with a capital letter",
    "hosts": "the host authorities",
    "when": "the visit's dates",
    "theme": "the visit's theme",
    "key_question": "the key question, or “not recorded yet”",
    "visit_link": "the visit's page",
    "calendar_link": "the visit's calendar file",
}
ADDED = messages.Kind(
    key="team_added",
    label="Added to a team (asks them to confirm their place)",
    subject="You are on the team for a {what}: {hosts}, {when}",
    body="""Hello {name},

You have been added to the team for a {event}.

Hosts: {hosts}
When: {when}
Theme: {theme}
Key question: {key_question}

Please confirm or decline your place (no sign-in needed; the link works until the visit ends):
{place_link}

The visit's page has the team, the key question and the pre-reading:
{visit_link}

Add it to your calendar: {calendar_link}
""",
    placeholders={**VISIT_PLACEHOLDERS, "place_link": "their own link to confirm or decline their place"},
)
RESCHEDULED = messages.Kind(
    key="visit_rescheduled",
    label="A visit rescheduled",
    subject="{What} rescheduled: {hosts}, {when}",
    body="""Hello {name},

A visit you are on has new dates.

Hosts: {hosts}
New dates: {when}
Theme: {theme}

{visit_link}

Calendar programs that subscribe to your visits update by themselves; or download the event again:
{calendar_link}
""",
    placeholders=VISIT_PLACEHOLDERS,
)
CANCELLED = messages.Kind(
    key="visit_cancelled",
    label="A visit cancelled",
    subject="{What} cancelled: {hosts}, {when}",
    body="""Hello {name},

A visit you were on has been cancelled.

Hosts: {hosts}
Dates: {when}
Theme: {theme}
Reason: {reason}

To remove it from your calendar, open this file: {calendar_link}
""",
    placeholders={**VISIT_PLACEHOLDERS, "reason": "why it was cancelled"},
)
PLACE_REQUEST = messages.Kind(
    key="place_request",
    label="Confirmation request (to those who have not answered)",
    subject="Please confirm your place: {hosts}, {when}",
    body="""Hello {name},

You are on the team for a {event} and we have not yet heard whether you can take part.

Hosts: {hosts}
When: {when}

Please confirm or decline your place (no sign-in needed; the link works until the visit ends):
{place_link}
""",
    placeholders=ADDED.placeholders,
)
messages.register(ADDED, PLACE_REQUEST, RESCHEDULED, CANCELLED)


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
    from .services.places import link_for

    place_link = settings.SITE_URL + link_for(visit.team.get(person=person))
    _send(ADDED, visit, [person], place_link=place_link)


def place_request(visit, membership) -> tuple[str, str]:
    """The confirmation request for one member, as (subject, body): previewed before any is sent."""
    from .services.places import link_for

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
