"""Pages of a higher app that a lower app's page links to, by a key defined here, so that the lower app never names
the higher one: the higher app registers the URL name for each key from its hooks, and the lower app asks for the
URL by key (`url`, or the template tag `{% destination KEY ... %}` from core/templatetags/destinations.py)."""

from django.urls import reverse

PERSON = "person"  # one person's page: what is held about them (takes pk)
PEOPLE = "people"  # the list of people
AUDIT_LOG = "audit-log"  # the audit log, filtered by the query the caller adds
MESSAGE_EDIT = "message-edit"  # the wording of one kind of email (takes key)
OUTBOX = "outbox"  # emails waiting or refused by the mail server
RUNNING = "running"  # the page that leads to the pages for running the portal
KEYS = (PERSON, PEOPLE, AUDIT_LOG, MESSAGE_EDIT, OUTBOX, RUNNING)

_url_names: dict[str, str] = {}


def register(key: str, url_name: str) -> None:
    if key not in KEYS:
        raise ValueError(f"{key!r} is not a destination core knows: add it to core.destinations.KEYS")
    _url_names[key] = url_name


def url(key: str, /, *args, **kwargs) -> str:
    """The URL of the page registered for the key ("" when no installed app supplies it)."""
    if key not in KEYS:
        raise ValueError(f"{key!r} is not a destination core knows")
    url_name = _url_names.get(key)
    return reverse(url_name, args=args or None, kwargs=kwargs or None) if url_name else ""
