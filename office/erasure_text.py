"""What an erasure changes in the database: every section's erasure (as each app declared it in core.personal_data),
then the person's name and email, however written (core.name_matching), wherever they were typed, whole words, in
any case, in every text column of every table, except in models declared unchanged (published report versions, which
name no individual; the erasure page says so when one does)."""

from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

from core import name_matching, personal_data

TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField, SlugField and URLField are CharFields


def _searchable_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (*TEXT_FIELDS, models.JSONField)) and not f.primary_key and not f.choices
    ]


def places_naming(words: Iterable[str], *, only_unchanged: bool = False) -> list[tuple[type, models.Field, int]]:
    """(model, field, rows) wherever any of the words is held as text (or only in models kept unchanged)."""
    found, unchanged = [], personal_data.kept_unchanged()
    for model, fld, queryset in matches(words, include_unchanged=True):
        if only_unchanged and model._meta.label not in unchanged:
            continue
        found.append((model, fld, queryset.count()))
    return [row for row in found if row[2]]


def matches(words: dict[str, str], *, include_unchanged: bool):
    """(model, field, queryset) for each text column of each table, with the rows where any of the words is written
    (outside the models kept unchanged, unless `include_unchanged`)."""
    unchanged = personal_data.kept_unchanged()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or (model._meta.label in unchanged and not include_unchanged):
            continue
        for fld in _searchable_fields(model):
            condition = models.Q()
            for word in words:
                if word:
                    condition |= models.Q(_text__iregex=name_matching.sql(word))
            if not condition:
                continue
            queryset = model._base_manager.annotate(_text=Cast(fld.name, models.TextField())).filter(condition)
            yield model, fld, queryset


def rewrites(words: dict[str, str]):
    """(model, field, pk, new value) for each place (one text column of one row) where a word is written, whole
    words, any case, outside the models kept unchanged: what `replace_everywhere` changes."""
    patterns = personal_data.replacements(words)
    for model, fld, queryset in matches(words, include_unchanged=False):
        for pk, value in queryset.values_list("pk", fld.name):
            new = personal_data.replaced(value, patterns)
            if new != value:  # else a substring of a longer word: not the person
                yield model, fld, pk, new


def replace_everywhere(words: dict[str, str]) -> int:
    """Replace each word (whole words, any case) with its replacement in every text column; returns how many places
    (one column of one row) changed."""
    changed = 0
    for model, fld, pk, new in list(rewrites(words)):
        model._base_manager.filter(pk=pk).update(**{fld.name: new})
        changed += 1
    return changed


def erase_sections(person, *, text_only: bool = False) -> None:
    """Every section's erasure, the person's own record last: the others find them by it (with `text_only`, only
    those that can change what the text search finds)."""
    for section in reversed(personal_data.sections()):
        if section.erase and (section.touches_text or not text_only):
            section.erase(person)
