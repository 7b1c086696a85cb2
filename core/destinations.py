"""Pages of a higher app that a lower app's page links to, by a key defined here, so that the lower app never names
the higher one: the higher app registers the URL name for each key from its hooks, and the lower app asks for the
URL by key (`url(Destination.X)`, or the template tag `{% destination 'x' ... %}` from
core/templatetags/destinations.py, which takes the member's value)."""

from enum import StrEnum

from django.urls import reverse


class Destination(StrEnum):
    """The higher apps' pages a lower app links to; a higher app registers the URL name of each."""

    PERSON = "person"  # one person's page: what is held about them (takes pk)
    PEOPLE = "people"  # the list of people
    AUDIT_LOG = "audit-log"  # the audit log, filtered by the query the caller adds
    MESSAGE_EDIT = "message-edit"  # the wording of one kind of email (takes key)
    OUTBOX = "outbox"  # emails waiting or refused by the mail server
    RUNNING = "running"  # the page that leads to the pages for running the portal


_url_names: dict[Destination, str] = {}


def _key(key) -> Destination:
    if not isinstance(key, Destination):
        raise TypeError(f"Destinations are keyed by core.destinations.Destination, not {key!r}.")
    return key


def of(value: str) -> Destination:
    """The destination a template names by its value (`{% destination 'outbox' %}`)."""
    try:
        return Destination(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a destination core knows: add it to core.destinations.Destination"
        ) from None


def register(key: Destination, url_name: str) -> None:
    _url_names[_key(key)] = url_name


def registered() -> set[Destination]:
    return set(_url_names)


def url(key: Destination, /, *args, **kwargs) -> str:
    """The URL of the page registered for the key ("" when no installed app supplies it)."""
    url_name = _url_names.get(_key(key))
    return reverse(url_name, args=args or None, kwargs=kwargs or None) if url_name else ""
