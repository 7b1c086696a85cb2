"""What no log line, error report or error tracker may carry: a link's secret, a query string, or an email address.

Some of the portal's addresses are their own key: whoever holds one can act without signing in. The app that owns
one registers it from its AppConfig.ready (`register_secret_link`), and every place the portal or gunicorn writes a
path down (gunicorn's access line, the JSON request line, error reports, Sentry) writes its secret part `[link]`:
`/<path>/[link]/`. A test walks the URL patterns and fails when a pattern whose converter looks like a secret is not
registered.

Survey links are more than a secret: a personal link's key names one invitation, so its request is tied to no one at
all (no person, no address, no front-server id); their app registers them `anonymous=True`, and `is_survey_link`
says which they are. Other links may name the person who opened them, since they are not answers kept anonymous.

Query strings are dropped (a search can hold a name), and email addresses in messages are written `[email]`.
"""

import re

SEGMENT = r"[^/?#\s\"']+"  # one part of a path, for the patterns apps register
SECRET = "[link]"
QUERY = re.compile(r"\?[^\s\"']*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

_secret_links: list[re.Pattern] = []
_anonymous: list[re.Pattern] = []


def register_secret_link(pattern: str, *, anonymous: bool = False) -> None:
    """A link that is its own key: `pattern` matches its path from the start (`rf"/invites/({SEGMENT})"`), its one
    group the secret, written `[link]` wherever the link appears. `anonymous` for a survey link, whose request is
    tied to no person and no address (`is_survey_link`)."""
    compiled = re.compile(pattern)
    if all(known.pattern != pattern for known in _secret_links):
        _secret_links.append(compiled)
    if anonymous and all(known.pattern != pattern for known in _anonymous):
        _anonymous.append(compiled)


def is_survey_link(path: str) -> bool:
    """Whether a path is a survey link's page, whose request must never be tied to a person or an address."""
    return any(pattern.match(path or "") for pattern in _anonymous)


def _secret_written(match: re.Match) -> str:
    whole, start = match.group(0), match.start()
    return whole[: match.start(1) - start] + SECRET + whole[match.end(1) - start :]


def without_keys(value: str) -> str:
    """The value with every link's secret written `[link]`."""
    if not value:
        return value
    for pattern in _secret_links:
        value = pattern.sub(_secret_written, value)
    return value


def without_query(value: str) -> str:
    """The value with every query string (`?` up to a space or quote) left out."""
    return QUERY.sub("", value) if value else value


def without_personal_data(value: str) -> str:
    return EMAIL.sub("[email]", without_keys(value)) if value else value


def scrubbed(value):
    """The same value with every string in it (in dicts, lists and tuples too) passed through
    `without_personal_data`; keys of dicts are left as they are."""
    if isinstance(value, str):
        return without_personal_data(value)
    if isinstance(value, dict):
        return {key: scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrubbed(item) for item in value)
    return value
