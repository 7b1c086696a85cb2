"""The emails reviews sends to team members about their visits: each kind's label, the portal's own subject and
body, and the placeholders an ADES officer's wording may use (core.messages; registered from hooks.py)."""

from core import messages

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
KINDS = (ADDED, PLACE_REQUEST, RESCHEDULED, CANCELLED)
