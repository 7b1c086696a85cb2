"""Who runs a command that changes or reads personal data: `--by <email>`, an active officer of the portal who may do
it by the rule the pages use (the permission the command names, checked with `has_perm`), recorded as who acted in
the audit log. Without it the log says the command was run from the command line, naming nobody."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

BY_HELP = "the email address of the officer doing this, recorded in the audit log as who did it"


def acting_person(email: str | None, *, permission: str):
    """The active, not erased, person with this email address, who has `permission` (as the pages require it); None
    when no address is given."""
    if email is None:
        return None
    person = (
        get_user_model().objects.filter(email__iexact=email.strip(), is_active=True, erased_at__isnull=True).first()
    )
    if person is None:
        raise CommandError(f"--by {email.strip()!r} is not the email address of an active person. Nothing was done.")
    if not person.has_perm(permission):
        raise CommandError(
            f"--by {email.strip()!r} is not someone who may do this from the portal's pages (an ADES officer). "
            "Nothing was done."
        )
    return person
