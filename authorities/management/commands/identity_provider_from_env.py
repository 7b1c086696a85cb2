from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from authorities.models import IdentityProvider, Organisation
from authorities.services.identity_providers import save_identity_provider

VARIABLES = {
    "slug": "CI_PORTAL_OIDC_SLUG",
    "name": "CI_PORTAL_OIDC_NAME",
    "organisation": "CI_PORTAL_OIDC_ORGANISATION",
    "issuer": "CI_PORTAL_OIDC_ISSUER",
    "client_id": "CI_PORTAL_OIDC_CLIENT_ID",
    "email_domains": "CI_PORTAL_OIDC_DOMAINS",
}


class Command(BaseCommand):
    help = (
        "Add or update the organisation sign-in named by the CI_PORTAL_OIDC_* variables (run by the release step), so "
        "a fresh install has one before any ADES officer can sign in. The environment's values replace an officer's "
        "changes to it, but for their turning it off and its trust of its domains' addresses (trusted when added)."
    )

    def handle(self, *args, **options):
        wanted = dict(settings.FIRST_IDENTITY_PROVIDER)
        if not wanted["slug"]:
            self.stdout.write("No organisation sign-in in the environment (CI_PORTAL_OIDC_SLUG is not set).")
            return
        if missing := [VARIABLES[key] for key, value in wanted.items() if not value]:
            raise CommandError(f"Set {', '.join(missing)} too, or unset CI_PORTAL_OIDC_SLUG.")
        organisation = Organisation.objects.filter(name=wanted.pop("organisation")).first()
        if organisation is None:
            raise CommandError("CI_PORTAL_OIDC_ORGANISATION is not the exact name of an organisation of the portal.")
        provider = IdentityProvider.objects.filter(slug=wanted["slug"]).first()
        vouches = provider.vouches_for_domain_emails if provider else True
        try:
            saved = save_identity_provider(
                provider=provider,
                organisation=organisation,
                vouches_for_domain_emails=vouches,
                by=None,
                via="manage.py identity_provider_from_env",
                **wanted,
            )
        except ValidationError as error:
            raise CommandError(f"The organisation sign-in was not saved: {' '.join(error.messages)}") from error
        current = saved or provider
        outcome = "unchanged" if saved is None else ("updated" if provider else "added")
        ready = "ready" if current.is_ready else f"not ready: set {current.secret_variable}"
        self.stdout.write(f"Organisation sign-in {current.name} ({current.slug}): {outcome}, {ready}.")
