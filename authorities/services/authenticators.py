"""A person adding or removing one of their second factors (allauth's own pages do it) is recorded in the audit log,
in plain words and never with a secret; hooks.py connects allauth's signals here."""

from allauth.mfa.models import Authenticator
from django.db import transaction

from .. import audit_trail
from ..models import Person


@audit_trail.authenticator_changed
@transaction.atomic
def record_authenticator_change(*, kind: str, added: bool, by: Person) -> str:
    """Only the record: allauth has already added or removed the authenticator of this `kind`."""
    return kind


def on_authenticator_added(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    # The person as a record, not the request's lazy user, for the log's "about".
    record_authenticator_change(kind=authenticator.type, added=True, by=Person.objects.get(pk=user.pk))


def on_authenticator_removed(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    record_authenticator_change(kind=authenticator.type, added=False, by=Person.objects.get(pk=user.pk))
