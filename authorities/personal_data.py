"""The person's own record: exported in full but for the password, and emptied of name and email on erasure."""

import uuid
from collections.abc import Iterator

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from core.personal_data import Section, simple

from .models import DeclaredLink, IdentityProvider, Person, RegionalRole, Specialism

FIELDS = ["email", "full_name", "organisation__name", "role", "is_active", "date_joined", "last_login"]


def _record(person) -> list[dict]:
    return list(Person._base_manager.filter(pk=person.pk).values(*FIELDS))


def _empty(person) -> int:
    """The record stays for the places others rely on (team places, invitations, documents), with nothing of them."""
    person.full_name = f"A member from {person.organisation.name} (removed)"
    person.email = f"removed-{uuid.uuid4().hex}@removed.invalid"
    person.set_unusable_password()
    person.is_active = False
    person.last_login = None
    person.erased_at = timezone.now()
    person.erasure_proposed_at = None
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    return 1


def sections() -> Iterator[Section]:
    """What the app holds about a person (registered from its hooks.py)."""
    yield from [
        Section(
            name="Their record",
            model=Person,
            field="",
            rows=_record,
            on_erasure="Emptied: no name, no email, no password; it can no longer sign in. It stays as "
            "“A member from <organisation> (removed)” wherever others rely on it.",
            erase=_empty,
            activity=("date_joined", "last_login"),
        ),
        simple(
            "Links they declared to authorities",
            DeclaredLink,
            "person",
            {"authority": "authority__name", "link": "kind"},
            "Deleted.",
            erase=lambda person: DeclaredLink.objects.filter(person=person).delete()[0],
        ),
        simple(
            "Regional roles",
            RegionalRole,
            "person",
            {"role": "kind", "collaborative": "collaborative__name", "authority": "authority__name"},
            "Deleted: ADES records who holds the role now.",
            erase=lambda person: RegionalRole.objects.filter(person=person).delete()[0],
        ),
    ]
    yield from _sign_in_sections()
    yield from _history_sections()


def _sign_in_sections() -> Iterator[Section]:
    """What the sign-in holds: addresses, second factors and linked organisation accounts, never their secrets."""
    yield from [
        simple(
            "Email addresses known to the sign-in",
            EmailAddress,
            "user",
            {"email": "email", "verified": "verified", "primary": "primary"},
            "Deleted.",
            erase=lambda person: EmailAddress.objects.filter(user=person).delete()[0],
        ),
        simple(
            "Second factors (authenticator apps, passkeys and recovery codes), without their secrets",
            Authenticator,
            "user",
            {"kind": "type", "added": "created_at", "last used": "last_used_at"},
            "Deleted: the authenticator app, passkeys and recovery codes no longer open the account.",
            erase=lambda person: Authenticator.objects.filter(user=person).delete()[0],
        ),
        simple(
            "Organisation accounts linked for signing in, without their tokens",
            SocialAccount,
            "user",
            {
                "organisation's provider": "provider",
                "account id at the provider": "uid",
                "linked": "date_joined",
                "last signed in": "last_login",
                # The ID token's claims and the provider's user information: no token itself, as
                # SOCIALACCOUNT_STORE_TOKENS is False and allauth keeps the token's decoded claims only.
                "what the provider sent": "extra_data",
            },
            "Deleted, with any tokens kept for them: the organisation account no longer signs in here.",
            erase=lambda person: SocialAccount.objects.filter(user=person).delete()[0],
        ),
    ]


def _history_sections() -> Iterator[Section]:
    yield from [
        simple(
            "Earlier regional roles",
            RegionalRole.history.model,
            "person",
            {"when": "history_date", "change": "history_type", "role": "kind"},
            "Deleted with the roles.",
            erase=lambda person: RegionalRole.history.model.objects.filter(person=person).delete()[0],
        ),
        simple(
            "Changes they made to regional roles",
            RegionalRole.history.model,
            "history_user",
            {"when": "history_date", "change": "history_type", "role": "kind"},
            "Kept as the record of who changed what, with the person's record in place of their name.",
        ),
        simple(
            "Changes they made to specialisms",
            Specialism.history.model,
            "history_user",
            {"when": "history_date", "change": "history_type", "specialism": "name"},
            "Kept as the record of who changed what, with the person's record in place of their name.",
        ),
        simple(
            "Changes they made to organisation sign-ins",
            IdentityProvider.history.model,
            "history_user",
            {"when": "history_date", "change": "history_type", "organisation sign-in": "name"},
            "Kept as the record of who changed what, with the person's record in place of their name.",
        ),
    ]
