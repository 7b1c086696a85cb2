"""What an organisation's OpenID Connect sign-in must be: checks of its issuer, its email domains, and of the ways of
signing in its ID token says were used (`amr`, RFC 8176)."""

from urllib.parse import urlsplit

from django.core.validators import RegexValidator

SHARED_ISSUER_PATHS = {"common", "organizations", "consumers"}
SINGLE_TENANT_ONLY = (
    "Use the issuer of your organisation's own tenant, e.g. https://login.microsoftonline.com/<tenant ID>/v2.0: "
    "an issuer shared by every organisation (/common, /organizations, /consumers) would let anyone's account in."
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
    if SHARED_ISSUER_PATHS & {part.lower() for part in issuer.path.split("/")}:
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
