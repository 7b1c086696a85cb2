"""A subject access export: everything held about one person, recorded in the audit log as exported by whom. The
person's page (office.views.people) and `manage.py export_person` both call it."""

from core import personal_data
from core.audit import audited

from ..rules import MANAGE_PERSONAL_DATA

PERMISSION = MANAGE_PERSONAL_DATA


@audited(
    "personal_data.exported",
    lambda v: (
        f"Exported everything held about {v['person'].full_name} (a subject access export)"
        + (f", from {v['via']}" if v["via"] else "")
    ),
    about=["person"],
)
def export_person(*, person, by, via: str = "") -> dict:
    """Everything held about the person, section by section, recorded as exported by `by` (from the command `via`,
    if not from their page)."""
    return personal_data.export(person)
