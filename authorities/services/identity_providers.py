"""Writes to the organisations' own sign-ins (OpenID Connect identity providers): ADES officers add, change and turn
them off in the portal's pages; the release step adds or updates the first from the environment."""

from django.db import transaction

from .. import audit_trail
from ..models import IdentityProvider, Organisation, Person

FIELDS = ("organisation", "name", "slug", "issuer", "client_id", "email_domains", "vouches_for_domain_emails")


@audit_trail.identity_provider_saved
@transaction.atomic
def save_identity_provider(
    *,
    provider: IdentityProvider | None = None,
    organisation: Organisation,
    name: str,
    slug: str,
    issuer: str,
    client_id: str,
    email_domains: str,
    vouches_for_domain_emails: bool,
    by: Person | None,
    via: str = "",
) -> IdentityProvider | None:
    """Add or change a provider, checked (a single tenant's issuer, domains no other provider covers); returns None
    when nothing changed, so nothing is recorded."""
    saved = provider or IdentityProvider()
    values = {
        "organisation": organisation,
        "name": name.strip(),
        "slug": slug.strip(),
        "issuer": issuer.strip().rstrip("/"),
        "client_id": client_id.strip(),
        "email_domains": email_domains,
        "vouches_for_domain_emails": vouches_for_domain_emails,
    }
    for field, value in values.items():
        setattr(saved, field, value)
    saved.full_clean()  # also writes the domains back lower-case, comma-separated
    if provider is not None and not _changed(provider.pk, saved):
        return None
    saved._history_user = by
    saved.save()
    return saved


def _changed(pk: int, provider: IdentityProvider) -> bool:
    stored = IdentityProvider.objects.get(pk=pk)
    return any(getattr(stored, field) != getattr(provider, field) for field in FIELDS)


@audit_trail.identity_provider_deactivated
@transaction.atomic
def deactivate_identity_provider(*, provider: IdentityProvider, by: Person) -> IdentityProvider:
    """Turn a provider off: its button goes and its sign-ins are refused; the accounts linked through it stay."""
    provider.is_active = False
    provider._history_user = by
    provider.save(update_fields=["is_active", "updated_at"])
    return provider
