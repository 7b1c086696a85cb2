"""What the authorities services record in the audit log (core.audit)."""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from core.audit import audited

from .models import IdentityProvider
from .second_factor import next_step


def _names(specialisms) -> str:
    return ", ".join(specialism.name for specialism in specialisms) or "none"


def _trust(provider) -> str:
    trusted = provider.vouches_for_domain_emails
    return "trusting its domains' addresses" if trusted else "trusting only addresses it marks verified"


def _identity_provider_before(provider) -> dict | None:
    """A provider as stored before a change, and how many accounts are linked through it."""
    if provider is None:
        return None
    fields = [*IDENTITY_PROVIDER_FIELDS, "slug", "vouches_for_domain_emails"]
    stored = IdentityProvider.objects.filter(pk=provider.pk).values(*fields).get()
    return {**stored, "links": SocialAccount.objects.filter(provider=stored["slug"]).count()}


IDENTITY_PROVIDER_FIELDS = {
    "name": "name",
    "organisation__name": "organisation",
    "issuer": "issuer",
    "client_id": "client ID",
    "email_domains": "email domains",
}


def _identity_provider_saved(values) -> str:
    saved, before = values["result"], values["before"]
    what = f"the organisation sign-in {saved.name} ({saved.slug})"
    if before is None:
        return f"Added {what}: issuer {saved.issuer}, for {saved.email_domains}, {_trust(saved)}"
    now = {"name": saved.name, "organisation__name": saved.organisation.name, "issuer": saved.issuer}
    now |= {"client_id": saved.client_id, "email_domains": saved.email_domains}
    changes = [
        f"{label} from {before[field]} to {now[field]}"
        for field, label in IDENTITY_PROVIDER_FIELDS.items()
        if before[field] != now[field]
    ]
    if before["vouches_for_domain_emails"] != saved.vouches_for_domain_emails:
        changes.append(f"now {_trust(saved)}")
    sentence = f"Changed {what}: {'; '.join(changes)}"
    if before["issuer"] != saved.issuer:
        links = before["links"]
        removed = f"{links} linked account{'' if links == 1 else 's'}"
        sentence += f". Removed its {removed}: they link again at their next sign-in"
    return sentence


def _role(values) -> str:
    area = values["collaborative"] or values["authority"]
    label = values["kind"].label
    if values["person"] is None:
        return f"Recorded that nobody holds the role of {label} for {area}"
    return f"Recorded {values['person'].full_name} as {label} for {area}"


password_link_sent = audited(
    "person.password_link.sent",
    lambda v: f"Sent {v['person'].full_name} a link to set their password" if v["result"] else "",
    label="Password link sent",
    about=["person"],
)
specialism_saved = audited(
    "specialism.saved", "Saved the specialism {result}", label="Specialism saved", about=["result"]
)
specialism_deleted = audited(
    "specialism.deleted", "Deleted the specialism {specialism.name}", label="Specialism deleted"
)
specialisms_set = audited(
    "person.specialisms.set",
    lambda v: f"Recorded the specialisms of {v['person'].full_name}: {_names(v['result'])}",
    label="Specialisms recorded",
    about=["person"],
)
regional_role_set = audited(
    "regional_role.set",
    _role,
    label="Regional role recorded",
    about=lambda v: [v["person"], v["authority"]],
)
link_declared = audited(
    "person.link.declared",
    lambda v: f"{v['person'].full_name} declared a link: {v['result']}",
    label="Link to an authority declared",
    about=lambda v: [v["person"], v["authority"]],
)
link_removed = audited(
    "person.link.removed",
    "{link.person.full_name} removed their declared link to {link.authority}",
    label="Declared link removed",
    about=lambda v: [v["link"].person, v["link"].authority],
)
second_factor_reset = audited(
    "person.second_factor.reset",
    lambda v: (
        f"{v['by'].full_name} reset the second factor of {v['person'].full_name} "
        f"({' and '.join(v['result'])} removed): {next_step(v['person'])}"
    ),
    label="Second factor reset",
    about=["person"],
)
identity_provider_saved = audited(
    "identity_provider.saved",
    lambda v: _identity_provider_saved(v) if v["result"] is not None else "",
    label="Organisation sign-in saved",
    about=lambda v: [v["result"], v["result"].organisation],
    before=lambda v: _identity_provider_before(v["provider"]),
)
identity_provider_deactivated = audited(
    "identity_provider.deactivated",
    "Turned off the organisation sign-in {provider.name}",
    label="Organisation sign-in turned off",
    about=lambda v: [v["provider"], v["provider"].organisation],
)
organisation_account_linked = audited(
    "person.organisation_account.linked",
    "{by.full_name} linked their {provider.name} account",
    label="Organisation account linked",
    about=["by", "provider"],
)
AUTHENTICATOR_NAMES = {
    Authenticator.Type.TOTP: "an authenticator app",
    Authenticator.Type.WEBAUTHN: "a passkey",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}
authenticator_changed = audited(
    "person.authenticator.changed",
    lambda v: f"{v['by'].full_name} {'added' if v['added'] else 'removed'} {AUTHENTICATOR_NAMES[v['kind']]}",
    label="Second factor added or removed",
    about=["by"],
)
