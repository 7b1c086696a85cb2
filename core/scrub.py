"""What no log line, error report or error tracker may carry: a survey link's key, or an email address.

A personal survey link's key names one invitation, so a logged `/s/<key>/` beside a time would say when that
person answered; an open link's key (`/v/<key>/`) is the whole of a stakeholder round's access. Both are written
`/s/[link]/` wherever the portal writes down a path. Email addresses that turn up in an exception's message are
written `[email]`: the report says what went wrong, not to whom.
"""

import re

SURVEY_LINK = re.compile(r"/(s|v)/[^/?\s\"']+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def is_survey_link(path: str) -> bool:
    """Whether a path is a survey link's page, whose request must never be tied to a person or an address."""
    return bool(SURVEY_LINK.match(path or ""))


def without_keys(value: str) -> str:
    return SURVEY_LINK.sub(r"/\1/[link]", value) if value else value


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
