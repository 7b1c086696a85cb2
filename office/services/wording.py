"""ADES officers' wording of the portal's emails (core.messages): saved when its placeholders check, or put back to
the portal's own; each recorded in the audit log."""

from core import messages
from core.audit import audited
from core.models import MessageTemplate


def _label(values) -> str:
    return messages.kind(values["key"]).label


@audited("message.saved", lambda v: f"Saved new wording for the email “{_label(v)}”")
def save_wording(*, key: str, subject: str, body: str, by) -> None:
    """An officer's wording for this kind of message, checked (ValidationError per field) and saved."""
    messages.check(key, subject=subject, body=body)
    MessageTemplate.objects.update_or_create(key=key, defaults={"subject": subject, "body": body, "updated_by": by})


@audited(
    "message.reset", lambda v: f"Put the email “{_label(v)}” back to the portal's own wording" if v["result"] else ""
)
def reset_wording(*, key: str, by) -> bool:
    """Back to the portal's own wording; False when it had no other."""
    return MessageTemplate.objects.filter(key=key).delete()[0] > 0
