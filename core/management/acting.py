"""Who runs a command that changes or reads personal data: `--by <email>`, an active officer of the portal, recorded
as who acted in the audit log. Without it the log says the command was run from the command line, naming nobody."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

BY_HELP = "the email address of the officer doing this, recorded in the audit log as who did it"


def acting_person(email: str | None):
    """The active, not erased, person with this email address; None when no address is given."""
    if email is None:
        return None
    person = (
        get_user_model().objects.filter(email__iexact=email.strip(), is_active=True, erased_at__isnull=True).first()
    )
    if person is None:
        raise CommandError(f"--by {email.strip()!r} is not the email address of an active person. Nothing was done.")
    return person
