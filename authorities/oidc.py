"""What an organisation's OpenID Connect sign-in must be: checks of its issuer, its email domains, and of the ways of
signing in its ID token says were used (`amr`, RFC 8176)."""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

SHARED_ISSUER_PATHS = {"common", "organizations", "consumers"}
# Microsoft's tenant of personal accounts (outlook.com, hotmail.com): anyone can make an account in it.
PERSONAL_ACCOUNTS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"
# Email services anyone can sign up to: no organisation owns their addresses, so no provider may cover them.
WEBMAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "mail.com",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "talktalk.net",
}
SINGLE_TENANT_ONLY = (
    "Use the issuer of your organisation's own tenant, e.g. https://login.microsoftonline.com/<tenant ID>/v2.0: "
    "an issuer shared by every organisation (/common, /organizations, /consumers) or Microsoft's tenant of personal "
    "accounts would let anyone's account in."
)
DOMAIN = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    "Write each email domain as it follows the @, e.g. westlothian.gov.uk.",
)

# RFC 8176's methods by factor: something you have, and something you know or are. "mfa" is the provider saying
# more than one factor was used (Entra ID sends it once its multi-factor authentication is satisfied).
POSSESSION = {"hwk", "swk", "otp", "sms", "tel", "sc", "fido"}
KNOWLEDGE_OR_INHERENCE = {"pwd", "pin", "kba", "fpt", "face", "iris", "retina", "vbm", "bio"}


def issuer_error(url: str) -> str:
    """Why this issuer may not be used ("" when it may): one tenant's, over HTTPS (plain HTTP on this machine only)."""
    issuer = urlsplit(url)
    parts = {unquote(part).lower() for part in issuer.path.split("/")}  # %63ommon is /common
    if parts & (SHARED_ISSUER_PATHS | {PERSONAL_ACCOUNTS_TENANT}):
        return SINGLE_TENANT_ONLY
    if issuer.scheme != "https" and issuer.hostname not in ("localhost", "127.0.0.1"):
        return "The issuer's address starts with https://."
    return ""


def email_domains_from(text: str) -> list[str]:
    """The email domains in `text` (commas, spaces or lines between them), lower-case, each once, each checked."""
    parts = text.replace("\n", ",").replace(" ", ",").split(",")
    domains = [domain for domain in dict.fromkeys(part.strip().lstrip("@").lower() for part in parts) if domain]
    for domain in domains:
        DOMAIN(domain)
        if domain in WEBMAIL_DOMAINS:
            raise ValidationError(
                f"{domain} is an email service anyone can sign up to: an organisation's sign-in covers only the "
                "domains the organisation owns, e.g. westlothian.gov.uk."
            )
    return domains


def is_multi_factor(amr) -> bool:
    """Whether the methods an ID token lists (`amr`) make a second factor: "mfa", or a possession factor together
    with a knowledge or inherence one (a security key and its PIN, an app's code and a password)."""
    methods = {str(method).lower() for method in amr} if isinstance(amr, list | tuple) else set()
    return "mfa" in methods or bool(methods & POSSESSION and methods & KNOWLEDGE_OR_INHERENCE)


def origin(url: str) -> str:
    """scheme://host[:port] of a URL: where the browser is sent to sign in (the issuer's origin, as Entra ID's)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
