"""An ADES officer resets another person's second factor (a lost phone or security key): their authenticator app,
passkeys and recovery codes are deleted, and they are signed out everywhere. An ADES officer or superuser sets one
up again at their next sign-in; anyone else may, from Sign-in and security. Only a superuser resets a superuser's."""

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction

from core.personal_records import end_sessions

from .. import audit_trail
from ..models import Person
from ..reauthentication import has_portal_second_factor

KIND_NAMES = {
    Authenticator.Type.TOTP: "an authenticator app",
    Authenticator.Type.WEBAUTHN: "passkeys or security keys",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}


def second_factor_kinds(person: Person) -> list[str]:
    """What the person has, in plain words, in a fixed order (never the secrets)."""
    held = set(Authenticator.objects.filter(user=person).values_list("type", flat=True))
    return [name for kind, name in KIND_NAMES.items() if kind in held]


@audit_trail.second_factor_reset
@transaction.atomic
def reset_second_factor(*, person: Person, by: Person) -> list[str]:
    """Delete every authenticator of the person; only by someone else who has a second factor of their own.
    Returns what was removed, in plain words."""
    if by.pk == person.pk:
        raise ValidationError(
            "You cannot reset your own second factor. Use a recovery code, or ask another ADES officer."
        )
    if not has_portal_second_factor(by):
        raise ValidationError(
            "Only an officer with a second factor of their own can reset someone else's. "
            "Add an authenticator app or a passkey to your account first."
        )
    if person.is_superuser and not by.is_superuser:
        raise ValidationError("Only a superuser can reset a superuser's second factor. Ask one of them.")
    Person.objects.select_for_update().get(pk=person.pk)  # one reset at a time for the person
    removed = second_factor_kinds(person)
    if not removed:
        raise ValidationError(f"{person.full_name} has no second factor to reset.")
    Authenticator.objects.filter(user=person).delete()
    end_sessions(person)  # whoever holds a session of theirs (perhaps why it is reset) must sign in again
    return removed
