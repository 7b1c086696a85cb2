"""Erasure in the file store: files named after the person renamed, rendered documents that could hold them deleted.

Every FileField of every model (found, not listed) is searched for stored names that carry the person's name or
email, however storage spelled them (core.name_matching's file-name matching: "Siobhán_Ní_Bhriain_CV.pdf",
"agenda-siobhan-ni-bhriain.pdf" and "Siobhán.Ní.Bhriain.pdf" name Siobhán Ní Bhriain; the email is also looked for
as storage writes it, without its "@": "siobhan.nibhriainexample.scot_notes.pdf").
Each such file is copied to a name without them, every row that held the old name takes the new one inside the
erasure's transaction, and the old file is deleted once that transaction commits; if the erasure fails instead, the
copies are deleted and the old files stay as they were (`undo_on_failure`). Only the Storage API is used (open,
save, delete, listdir), so it works the same on local disk and on S3. Models kept unchanged by an erasure
(`personal_data.keep_unchanged`: published report versions, which name nobody) are not touched.

Rendered documents (core.documents: visit packs, timetables, survey results, QUADS and report previews) are kept
in storage under the checksum of their content, so one rendered before the erasure still holds the person: every
one is deleted when the erasure commits, and each is rendered again, without them, the next time it is asked for.
"""

import contextlib
import posixpath
from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.text import get_valid_filename

from core import name_matching
from core.documents import DIRECTORY

FILE_NAME_REPLACEMENT = "name-removed"


def file_fields(*, skip: Iterable[str] = ()) -> list[tuple[type[models.Model], models.FileField]]:
    """(model, field) for every file field of every model held in the database, except models labelled in `skip`."""
    return [
        (model, field)
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and model._meta.label not in skip
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def file_words(words: Iterable[str]) -> list[str]:
    """The words as a stored file name may hold them: each, and each email also as storage makes it a file name
    (Django's get_valid_filename drops the "@") and with its "@" simply dropped."""
    found: list[str] = []
    for word in words:
        forms = [word, get_valid_filename(word), word.replace("@", "")] if word and "@" in word else [word]
        found += [form for form in dict.fromkeys(forms) if form and form not in found]
    return found


def _new_name(name: str, words: Iterable[str]) -> str:
    """The stored name with each word replaced, in its folders as in its file name, each part changed made safe as a
    file name again ("" when it names none of them)."""
    parts = name.split("/")
    for n, part in enumerate(parts):
        new = part
        for word in words:
            new = name_matching.file_pattern(word).sub(FILE_NAME_REPLACEMENT, new)
        parts[n] = part if new == part else get_valid_filename(new)
    new_name = "/".join(parts)
    return "" if new_name == name else new_name


def _copy(storage, name: str, new_name: str, max_length: int | None, copies: list) -> str:
    """A copy of the file under the new name (as storage makes it unique); the new name alone if the file is gone."""
    try:
        with storage.open(name, "rb") as handle:
            saved = storage.save(new_name, handle, max_length=max_length)
    except FileNotFoundError:
        return new_name
    copies.append((storage, saved))
    transaction.on_commit(partial(storage.delete, name))
    return saved


def _named(words: list[str], skip: Iterable[str]):
    """(model, field, stored name) for each stored name that may carry one of the words (read by `_new_name`)."""
    for model, field in file_fields(skip=skip):
        condition = models.Q()
        for word in words:
            condition |= models.Q(**{f"{field.name}__iregex": name_matching.file_sql(word)})
        if condition:
            for name in set(model._base_manager.filter(condition).values_list(field.name, flat=True)):
                yield model, field, name


def files_naming(words: Iterable[str], *, skip: Iterable[str] = ()) -> int:
    """How many stored files have a name that carries any of the words."""
    words = file_words(words)
    return len({(id(field.storage), name) for _, field, name in _named(words, skip) if _new_name(name, words)})


def rename_files(words: Iterable[str], *, copies: list, skip: Iterable[str] = ()) -> int:
    """Rename every stored file whose name carries any of the words; returns how many files were renamed. Each copy
    made is added to `copies` (from `undo_on_failure`)."""
    words = file_words(words)
    renamed: dict[tuple[int, str], str] = {}
    for model, field, name in list(_named(words, skip)):
        key = (id(field.storage), name)
        if key not in renamed:
            new_name = _new_name(name, words)
            if not new_name:
                continue
            renamed[key] = _copy(field.storage, name, new_name, field.max_length, copies)
        model._base_manager.filter(**{field.name: name}).update(**{field.name: renamed[key]})
    return len(renamed)


@contextlib.contextmanager
def undo_on_failure():
    """Around an erasure, giving the list of copies it makes: if it fails, they are deleted (the old files, deleted
    only on commit, stay in use)."""
    copies: list[tuple[object, str]] = []
    try:
        yield copies
    except BaseException:
        for storage, name in copies:
            storage.delete(name)
        raise


def rendered_documents() -> list[str]:
    """The stored names of every rendered document and of every one waiting to be rendered."""
    try:
        _, files = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:  # nothing rendered yet (local disk: the folder is made by the first)
        return []
    return [posixpath.join(DIRECTORY, name) for name in files]


def forget_rendered_documents() -> None:
    """When the erasure commits, delete every rendered document: each is rendered again when next asked for."""

    def forget():
        for name in rendered_documents():
            default_storage.delete(name)

    transaction.on_commit(forget)
