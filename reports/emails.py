"""The emails reports sends: each kind's label, the portal's own subject and body, and the placeholders an ADES
officer's wording may use (core.messages; registered from hooks.py)."""

from core import messages

# Reminders that an action is due (services' actions): its wording is the action's own, so only its kind and label.
ACTION_REMINDER = "action_reminder"
ACTION_REMINDER_LABEL = "Reminder that an action is due"

# External sign-off (services' sign_off): a team member from outside the hosts is asked to confirm the report.
SIGN_OFF_REQUEST = messages.Kind(
    key="report_sign_off",
    label="Asked to confirm a report (external team members)",
    subject="Does the report of the visit to {hosts} reflect what the team found?",
    body="""Hello {name},

{hosts} have submitted the report of the visit on {when} for approval. As a member of the team from outside the
host authority, please read its strengths and areas for improvement and either confirm that they reflect what the
team found, or comment. ADES reads every answer before approving the report; the published report says only how
many external members confirmed it.

Your link (no sign-in needed; it works until the report is decided):
{link}
""",
    placeholders={
        "name": "the team member's full name",
        "hosts": "the host authorities",
        "when": "the visit's dates",
        "link": "their own link to the report's findings",
    },
)

# Follow-up sessions (follow_ups): the team is invited to each, and reminded a week before.
FOLLOW_UP_PLACEHOLDERS = {
    "name": "the team member's full name",
    "hosts": "the host authorities",
    "visit_when": "the visit's dates",
    "date": "the follow-up's date",
    "calendar_link": "the follow-up's calendar file",
    "actions_link": "the visit's actions and follow-ups page",
}
FOLLOW_UP_INVITATION = messages.Kind(
    key="follow_up_invitation",
    label="Follow-up session: invitation (or its new date)",
    subject="Follow-up session for the visit to {hosts}: {date}",
    body="""Hello {name},

You were on the team for the visit to {hosts} ({visit_when}). The host has set a follow-up session to track
progress on the visit's actions:

Date: {date}

Add it to your calendar: {calendar_link}
The actions and their progress: {actions_link}
""",
    placeholders=FOLLOW_UP_PLACEHOLDERS,
)
FOLLOW_UP_REMINDER = messages.Kind(
    key="follow_up_reminder",
    label="Follow-up session: reminder a week before",
    subject="Reminder: follow-up session for the visit to {hosts} on {date}",
    body="""Hello {name},

A reminder that the follow-up session for the visit to {hosts} ({visit_when}) is on {date}.

Add it to your calendar: {calendar_link}
The actions and their progress: {actions_link}
""",
    placeholders=FOLLOW_UP_PLACEHOLDERS,
)
KINDS = (FOLLOW_UP_INVITATION, FOLLOW_UP_REMINDER, SIGN_OFF_REQUEST)
