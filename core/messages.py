"""The emails the portal sends, in wording ADES officers may change.

Each app registers its kinds of message (`register`): a label, the portal's own subject and body, and the
placeholders the wording may use, each with what it stands for. An officer's wording is checked on save: only the
listed placeholders, written {like_this}, with nothing else inside the braces. Sending fills the placeholders with
plain text, so nothing anyone typed (a visit's key question, an officer's wording) runs as a template.
"""

import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .mail import one_line, register_label
from .models import MessageTemplate


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    subject: str
    body: str
    placeholders: dict[str, str]  # name: what it stands for


_kinds: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _kinds[kind.key] = kind
        register_label(kind.key, kind.label)


def kinds() -> list[Kind]:
    return list(_kinds.values())


def kind(key: str) -> Kind:
    return _kinds[key]


def placeholders_in(text: str) -> list[str]:
    """Every {placeholder} in the text; raises ValueError for braces that are not one."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(name)
        names.append(name)
    return names


def _braced(names) -> str:
    return ", ".join("{" + name + "}" for name in names)


def check(key: str, *, subject: str, body: str) -> None:
    """The wording's placeholders are all known to this kind of message; otherwise a message per field."""
    allowed = _kinds[key].placeholders
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            unknown = sorted(set(placeholders_in(text)) - set(allowed))
        except ValueError:
            errors[field] = "Write placeholders as a name in braces, like {name}; for a brace itself, write {{ or }}."
            continue
        if unknown:
            listed = ", ".join("{" + name + "}" for name in unknown)
            errors[field] = (
                f"This message cannot use {listed}. It can use: " + ", ".join("{" + n + "}" for n in allowed) + "."
            )
    if errors:
        raise ValidationError(errors)


def wording(key: str) -> tuple[str, str]:
    saved = MessageTemplate.objects.filter(key=key).first()
    default = _kinds[key]
    return (saved.subject, saved.body) if saved else (default.subject, default.body)


def render(key: str, values: dict[str, object]) -> tuple[str, str]:
    """(subject, body) of a message of this kind, its placeholders filled with the values as plain text."""
    subject, body = wording(key)
    text = {name: str(values.get(name, "")) for name in _kinds[key].placeholders}
    return one_line(subject.format_map(text)), body.format_map(text)
