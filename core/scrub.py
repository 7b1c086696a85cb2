"""What no log line, error report or error tracker may carry: a link's secret, a query string, or an email address.

Some of the portal's addresses are their own key: whoever holds one can act without signing in. They are listed
once here, in SECRET_LINKS, and every place the portal or gunicorn writes a path down (gunicorn's access line, the
JSON request line, error reports, Sentry) writes their secret part `[link]`: `/places/[link]/`. A test walks the
URL patterns and fails when a pattern whose converter looks like a secret is not covered here.

Survey links (`/s/<key>/`, `/v/<key>/`) are more than a secret: a personal link's key names one invitation, so its
request is tied to no one at all (no person, no address, no front-server id); `is_survey_link` says which they are.
A place or sign-off link may name the person who opened it, since it is not an answer kept anonymous.

Query strings are dropped (a search can hold a name), and email addresses in messages are written `[email]`.
"""

import re

SEGMENT = r"[^/?#\s\"']+"
SECRET = "[link]"

# Each: a path prefix, then the secret part (the regular expression's one group), written SECRET wherever it appears.
SECRET_LINKS = (
    re.compile(rf"/s/({SEGMENT})"),  # a personal survey link (surveys)
    re.compile(rf"/v/({SEGMENT})"),  # a stakeholder round's open link (surveys)
    re.compile(rf"/places/({SEGMENT})"),  # a team member's signed place link (reviews)
    re.compile(rf"/calendar/({SEGMENT}?)(?=\.ics)"),  # a person's calendar feed (reviews)
    re.compile(rf"/follow-ups/calendar/({SEGMENT})"),  # a follow-up's calendar entry (reports)
    re.compile(rf"/sign-off/({SEGMENT})"),  # a report's sign-off link (reports)
    re.compile(rf"/accounts/reset/(?!done/)({SEGMENT}/{SEGMENT})"),  # a password-set link (authorities)
)
SURVEY_LINK = re.compile(r"/(s|v)/[^/?\s\"']+")
QUERY = re.compile(r"\?[^\s\"']*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def is_survey_link(path: str) -> bool:
    """Whether a path is a survey link's page, whose request must never be tied to a person or an address."""
    return bool(SURVEY_LINK.match(path or ""))


def _secret_written(match: re.Match) -> str:
    whole, start = match.group(0), match.start()
    return whole[: match.start(1) - start] + SECRET + whole[match.end(1) - start :]


def without_keys(value: str) -> str:
    """The value with every link's secret written `[link]`."""
    if not value:
        return value
    for pattern in SECRET_LINKS:
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
