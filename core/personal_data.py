"""Personal data: what is held about a person, and where, as each app declares it.

Each app declares, from its hooks, the records it holds about a person (`register`): a name for the
section of a subject access export, the model and field that point at the person (a test checks that every such
field is declared), the rows to export, what erasure does to them, and which date counts as the person's activity.
The words an erasure removes (`words_of`: a person's name and email, however written, core.name_matching) and their
replacement (`redact`) are here too, for the apps that keep text where a column search cannot read it.

Erasure and the subject access export are pages and commands of an app above, which read this registry: erasure
keeps the rows others rely on pointing at the person's record, which loses its name and email, and replaces the words
wherever they were typed, except in models declared unchanged (`keep_unchanged`).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from . import name_matching

REMOVED_NAME = "[name removed]"
REMOVED_EMAIL = "[email removed]"
REMOVED_MEMBER = "A member from <organisation> (removed)"


@dataclass(frozen=True)
class Section:
    name: str  # as it heads the subject access export
    model: type[models.Model]
    field: str  # the field of `model` that points at the person ("" for a match by email)
    rows: Callable[[models.Model], list[dict]]  # what the export lists
    on_erasure: str  # what erasure does, as the confirmation page says it
    erase: Callable[[models.Model], int] | None = None  # run before the text is searched; returns rows affected
    activity: tuple[str, ...] = ()  # date fields of `model`: the person's latest counts as activity
    # False when `erase` cannot change what the text search finds (it re-seals or deletes only encoded data): the
    # confirmation page's count of the places to rewrite then does not run it
    touches_text: bool = True


_sections: list[Section] = []
_unchanged: set[str] = set()


def register(*sections: Section) -> None:
    for section in sections:
        _sections[:] = [s for s in _sections if s.name != section.name] + [section]


def keep_unchanged(model: type[models.Model]) -> None:
    """Rows of this model are never rewritten by an erasure (they must name nobody)."""
    _unchanged.add(model._meta.label)


def kept_unchanged() -> frozenset[str]:
    """The labels of the models an erasure never rewrites."""
    return frozenset(_unchanged)


def sections() -> list[Section]:
    """Every section, the person's own record first."""
    return sorted(_sections, key=lambda s: s.model._meta.label != settings.AUTH_USER_MODEL)


def declared_fields() -> set[tuple[str, str]]:
    """(model label, field name) of every declared pointer to a person."""
    return {(s.model._meta.label, s.field) for s in _sections if s.field}


def simple(name: str, model, field: str, columns: dict[str, str], on_erasure: str, **options) -> Section:
    """A section whose rows are columns of `model` (label: lookup) for the rows whose `field` is the person."""

    def rows(person) -> list[dict]:
        found = model._base_manager.filter(**{field: person}).order_by("pk").values(*columns.values())
        return [{label: row[lookup] for label, lookup in columns.items()} for row in found]

    return Section(name=name, model=model, field=field, rows=rows, on_erasure=on_erasure, **options)


def counts(person) -> list[tuple[Section, int]]:
    """How many records of each section are held about the person."""
    return [(section, len(section.rows(person))) for section in sections()]


def export(person) -> dict:
    """Everything held about a person, section by section."""
    return {section.name: section.rows(person) for section in sections()}


def latest_activity() -> dict[int, object]:
    """Each person's latest activity (a date or datetime) over every section that records one."""
    latest: dict[int, datetime.date] = {}
    for section in _sections:
        for date_field in section.activity:
            rows = (
                section.model._default_manager.filter(**{f"{date_field}__isnull": False})
                .values_list(section.field or "pk")
                .annotate(latest=models.Max(date_field))
            )
            for person_id, when in rows:
                day = when.date() if isinstance(when, datetime.datetime) else when
                if person_id is not None and (person_id not in latest or day > latest[person_id]):
                    latest[person_id] = day
    return latest


# Words and their replacement --------------------------------------------------------------------------------------


def replacements(words: dict[str, str]) -> list[tuple[re.Pattern, str]]:
    """(pattern, replacement) for each word: whole words, in any case, spacing and accents (core.name_matching):
    "Ann Lee" is not in "Ann Lee-Smith"."""
    words = {word: replacement for word, replacement in words.items() if word}
    return [(name_matching.pattern(word), replacement) for word, replacement in words.items()]


def replaced(value, patterns: list[tuple[re.Pattern, str]]):
    """The value (text, or a list or dict holding text) with each pattern replaced."""
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [replaced(item, patterns) for item in value]
    if isinstance(value, dict):
        return {key: replaced(item, patterns) for key, item in value.items()}
    return value


def words_of(person) -> dict[str, str]:
    """What an erasure removes wherever it was typed, and what it puts in its place: their full name and email, and
    the other forms that are theirs alone (surname first, the email's local part: core.name_matching.other_forms),
    after them."""
    words = {person.full_name: REMOVED_NAME, person.email: REMOVED_EMAIL}
    for form in name_matching.other_forms(person.full_name, person.email):
        words.setdefault(form, REMOVED_EMAIL if form in person.email else REMOVED_NAME)
    return words


def redact(text: str, words: dict[str, str]) -> str:
    """The text with each word (whole words, any case) replaced, as erasure replaces them in every text column; for
    text an app keeps where the column search cannot read it (sealed survey responses)."""
    return replaced(text, replacements(words))
