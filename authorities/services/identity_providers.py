"""Writes to the organisations' own sign-ins (OpenID Connect identity providers): ADES officers add, change and turn
them off in the portal's pages; the release step adds or updates the first from the environment. A person's first
sign-in through one links their organisation account to them."""

from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import audit_trail
from ..models import IdentityProvider, Organisation, Person

FIELDS = ("organisation", "name", "slug", "issuer", "client_id", "email_domains", "vouches_for_domain_emails")
SLUG_FIXED = (
    "The short name cannot be changed once saved: it is in the address registered with the provider. Turn this "
    "sign-in off and add a new one instead."
)


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
    """Add or change a provider, checked (a single tenant's issuer, domains no other provider covers, the short name
    kept); returns None when nothing changed, so nothing is recorded. A new issuer could present the account ids of
    the old one's people, so changing it removes the accounts linked through the provider: they link again at their
    next sign-in."""
    stored = IdentityProvider.objects.select_for_update().get(pk=provider.pk) if provider is not None else None
    if stored is not None and slug.strip() != stored.slug:
        raise ValidationError({"slug": SLUG_FIXED})
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
    if stored is not None and not any(getattr(stored, field) != getattr(saved, field) for field in FIELDS):
        return None
    if stored is not None and stored.issuer != saved.issuer:
        SocialAccount.objects.filter(provider=stored.slug).delete()
    saved._history_user = by
    saved.save()
    return saved


@audit_trail.identity_provider_deactivated
@transaction.atomic
def deactivate_identity_provider(*, provider: IdentityProvider, by: Person) -> IdentityProvider:
    """Turn a provider off: its button goes and its sign-ins are refused; the accounts linked through it stay."""
    provider.is_active = False
    provider._history_user = by
    provider.save(update_fields=["is_active", "updated_at"])
    return provider


@audit_trail.organisation_account_linked
@transaction.atomic
def link_organisation_account(*, request, sociallogin, provider: IdentityProvider, by: Person) -> SocialAccount:
    """A person's (`by`) first sign-in through their organisation's provider links that account to them (allauth's
    `connect`), so their next sign-ins find them by the provider's account id."""
    sociallogin.connect(request, by)
    return sociallogin.account
