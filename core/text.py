"""Text people type never changes how it reads: Unicode's direction controls are removed from it before it is saved.

An embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069) makes what follows it display in another
order than it is written (the "Trojan Source" trick): a report title, a name, a comment, a CSV cell or a line of a PDF
could read one way and be another. The marks U+200E and U+200F (left-to-right and right-to-left mark) only say which
way a neutral character such as a full stop leans: names written right to left use them, and they reorder nothing
else, so they are kept.

Every save of a model of the portal's own apps (settings.PORTAL_APPS) loses them, from each of its text fields and
each string inside a JSON field (a visit's focus areas are typed into a list): pages, data maintenance, services and
commands alike, connected once from core's hooks.py. Bulk writes send no signal: a service that writes typed text
with `bulk_create`, `bulk_update` or `update` passes it through `remove_direction_controls` or
`without_direction_controls` itself (tests/core/test_text.py finds a `bulk_create` or `bulk_update` of text that
does not; an `update` of typed text, a withdrawal's reason, is read in review). Uploaded tables lose them as they
are read (core/uploads.py), so a row's checks and look-ups see the text that will be stored.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REMOVED = dict.fromkeys(map(ord, DIRECTION_CONTROLS))
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)  # EmailField, SlugField, URLField: CharFields


def without_direction_controls(text: str) -> str:
    """The text without embeddings, overrides and isolates; every other character, the marks LRM and RLM too, kept."""
    return text.translate(_REMOVED)


def has_direction_controls(text: str) -> bool:
    return not text.isascii() and any(character in DIRECTION_CONTROLS for character in text)


def _plain(value):
    """A JSON value with each string in it (not the keys of an object, which the portal writes) made plain."""
    if isinstance(value, str):
        return without_direction_controls(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def remove_direction_controls(instance: models.Model) -> models.Model:
    """The instance, each of its text fields without direction controls (a field not loaded is left unread; the
    primary key is the row's, not typed). For a bulk write, which sends no signal; every save calls it itself."""
    for field in instance._meta.concrete_fields:
        if field.primary_key or not isinstance(field, TEXT_FIELDS) or field.attname not in instance.__dict__:
            continue
        value = instance.__dict__[field.attname]
        plain = _plain(value)
        if plain != value:
            setattr(instance, field.attname, plain)
    return instance


def _before_save(sender, instance, **kwargs) -> None:
    if sender._meta.app_label in settings.PORTAL_APPS:
        remove_direction_controls(instance)


def keep_typed_text_plain() -> None:
    """Called once, from core's hooks.py: every save of a model of the portal's own apps loses direction controls.
    Other apps' models (Django's, allauth's, axes') are left as they are: they look rows up by the text they were
    given, and a stored value that differs from it would no longer be found."""
    pre_save.connect(_before_save, dispatch_uid="core.text.before_save")
