"""What an erasure leaves for the officer to judge: the person's first name or surname written alone.

"Siobhán will bring the data pack" may mean her or another Siobhán, so an erasure does not replace a first name or a
surname on its own; it lists where one appears (outside their full name, which is replaced), on the confirmation page
and in `manage.py erase_person`, in two lists: records a page shows and an officer can edit, linked to that page;
and the places no page edits (earlier versions kept as history, the audit log's summaries, uploaded documents'
titles: every record with no page of its own), which are kept as they are (history until its retention period ends)
unless the officer asks the erasure to replace the words there too (`remove_where_no_page_edits`). The person's own
record and the records the erasure deletes or that name other people by design (accounts, sign-ins, sessions, sent
emails, data maintenance's log) are not listed: they are theirs or someone else's, not a mention to review.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import prefetch_related_objects

from core import name_matching, personal_data
from core.audit import counted

from . import erasure_text

NOT_REVIEWED_APPS = frozenset({"axes", "sessions", "admin"})
NOT_REVIEWED = frozenset({"core.OutgoingEmail"})
MOST_ROWS = 500  # rows read per column for one word; a name so common is listed as many


@dataclass
class Place:
    label: str
    url: str
    count: int = 1
    read_only: bool = False  # no page edits it: an earlier version (history), or a record without a page


@dataclass
class Mention:
    kind: str  # "first name" or "surname"
    word: str
    places: list[Place] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(place.count for place in self.places)

    @property
    def editable(self) -> list[Place]:
        return [place for place in self.places if not place.read_only]

    @property
    def editable_count(self) -> int:
        return sum(place.count for place in self.editable)

    @property
    def read_only(self) -> list[Place]:
        return [place for place in self.places if place.read_only]

    @property
    def read_only_count(self) -> int:
        return sum(place.count for place in self.read_only)


def _reviewed(model) -> bool:
    label = model._meta.label
    live = getattr(model, "instance_type", model)  # a history model: the model it keeps the history of
    return (
        model._meta.app_label not in NOT_REVIEWED_APPS
        and label not in NOT_REVIEWED
        and live._meta.label != settings.AUTH_USER_MODEL
    )


def no_page_edits(model) -> bool:
    """Whether no page edits the model's rows: a history model (earlier versions), or one without a page of its own
    (the audit log, an uploaded document's title)."""
    return hasattr(model, "instance_type") or not hasattr(model, "get_absolute_url")


def _related(model, depth: int = 2, prefix: str = "") -> list[str]:
    """The paths of the records a row's name may read (its own and theirs, two steps away): fetched for all the rows
    at once, so labelling them reads no query per row."""
    paths = []
    for fld in model._meta.concrete_fields:
        if fld.is_relation and (fld.many_to_one or fld.one_to_one) and fld.related_model is not None:
            paths.append(prefix + fld.name)
            if depth > 1:
                paths += _related(fld.related_model, depth - 1, f"{prefix}{fld.name}__")
    return paths


def _live(live, version):
    """The record as an earlier version kept it (not `version.instance`, which reads the fields its history leaves
    out, one query per version)."""
    kept = [f.attname for f in live._meta.concrete_fields if hasattr(version, f.attname)]
    return live(**{attname: getattr(version, attname) for attname in kept})


def _places(model, fld, pks: list) -> list[Place]:
    """Where each row is, as the officer finds it: the object (the live one, for an earlier version) and the field,
    linked to its page when a page edits it. One query per model and related record, whatever the rows."""
    is_history = hasattr(model, "instance_type")
    rows = model._base_manager.filter(pk__in=pks).order_by("pk")
    targets = [_live(model.instance_type, row) for row in rows] if is_history else list(rows)
    if targets:
        prefetch_related_objects(targets, *_related(type(targets[0])))
    read_only = no_page_edits(model)
    kind = model._meta.verbose_name.removeprefix("historical ")
    found = []
    for target in targets:
        url = "" if read_only else target.get_absolute_url()
        label = f"{kind[:1].upper()}{kind[1:]} “{target}”: {fld.verbose_name}"
        label += ", an earlier version" if is_history else ""
        found.append(Place(label=label, url=url, read_only=read_only or not url))
    return found


def _alone(value, word: str, full: dict[str, str]) -> bool:
    """Whether the word appears in the value outside the full name and email (which the erasure replaces)."""
    rest = personal_data.redact(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), full)
    return name_matching.names(rest, word)


def places_of(word: str, full: dict[str, str]) -> list[Place]:
    """Each row that has the word alone, grouped by where the officer finds it."""
    found: dict[tuple[str, str], Place] = {}
    for model, fld, queryset in erasure_text.matches([word], include_unchanged=True):
        if not _reviewed(model):
            continue
        rows = queryset.order_by("pk").values_list("pk", fld.attname)[:MOST_ROWS]
        for place in _places(model, fld, [pk for pk, value in rows if _alone(value, word, full)]):
            if (place.label, place.url) in found:
                found[place.label, place.url].count += 1
            else:
                found[place.label, place.url] = place
    return sorted(found.values(), key=lambda place: place.label)


def _first_and_surname(person) -> list[tuple[str, str]]:
    """The first name and the surname (every word after the first), and, for a surname of several words, its last
    word alone too ("Ní Bhriain" and "Bhriain")."""
    first, surname = name_matching.tokens(person.full_name)
    last = surname.split()[-1] if " " in surname else ""
    words = [("first name", first), ("surname", surname), ("last word of the surname", last)]
    found: list[tuple[str, str]] = []
    for kind, word in words:
        if word and word.lower() not in {w.lower() for _, w in found}:
            found.append((kind, word))
    return found if len(found) > 1 else []


def mentions(person) -> list[Mention]:
    """The person's first name and surname, each with where it appears alone (none when their name is one word);
    the last word of a longer surname where it appears outside the whole surname."""
    full = {word: "" for word in personal_data.words_of(person) if word}
    found = []
    for kind, word in _first_and_surname(person):
        longer = {other: "" for _, other in _first_and_surname(person) if other != word and word in other}
        found.append(Mention(kind=kind, word=word, places=places_of(word, full | longer)))
    return found


def words_alone(person) -> dict[str, str]:
    """The first name and surname (the longer surname first), each with what replaces it in earlier versions and
    the other records no page edits, when the officer asks."""
    return {word: personal_data.REMOVED_NAME for _, word in _first_and_surname(person)}


def remove_where_no_page_edits(words: dict[str, str]) -> int:
    """Replace each word (whole words, any case) where no page edits it (earlier versions, the audit log, documents'
    titles: `no_page_edits`) in the records listed for review; run by the erasure after their full name has gone.
    Returns how many places (column of a row) changed."""
    changed = 0
    for model, fld, pk, new in list(erasure_text.rewrites(words)):
        if no_page_edits(model) and _reviewed(model):
            model._base_manager.filter(pk=pk).update(**{fld.name: new})
            changed += 1
    return changed


class _DryRun(Exception):
    pass


def places_to_rewrite(person) -> int:
    """How many places (one text column of one row) an erasure of the person would rewrite now: counted as the
    erasure counts them, after the records it deletes are gone, and then undone. Sections whose erasure cannot change
    what the text search finds (re-encrypting sealed answers, deleting sessions) are not run: a page view changes and
    locks no more than it must."""
    count = 0
    try:
        with transaction.atomic():
            erasure_text.erase_sections(person.__class__._base_manager.get(pk=person.pk), text_only=True)
            count = sum(1 for _ in erasure_text.rewrites(personal_data.words_of(person)))
            raise _DryRun
    except _DryRun:
        pass
    return count


def places(count: int) -> str:
    return counted(count, "place")


def outcome(record, *, history_too: bool) -> str:
    """What an erasure did, counted as the confirmation page and the command counted it beforehand."""
    said = (
        f"Their name or email was replaced in {places(record.rows_rewritten)} of typed text and in "
        f"{counted(record.files_renamed, 'file name')}."
    )
    if history_too:
        said += (
            f" Their first name or surname was replaced in {places(record.history_rewritten)} of earlier versions "
            "and other records no page edits."
        )
    return said


def lines(found: list[Mention]) -> list[str]:
    """The mentions as the command prints them."""
    years = settings.RETENTION["history_years"]
    printed = []
    for mention in found:
        said = f"The {mention.kind} '{mention.word}' alone appears in"
        if mention.editable:
            count = mention.editable_count
            printed.append(f"{said} {counted(count, 'record')} a page edits, left for you to review and edit:")
            printed += [_line(place) for place in mention.editable]
        if mention.read_only:
            printed.append(
                f"{said} {counted(mention.read_only_count, 'place')} no page edits (earlier versions, the audit log, "
                f"documents' titles): kept as they are (earlier versions until the history retention period ends, "
                f"{years} years), unless you add --history-too:"
            )
            printed += [_line(place) for place in mention.read_only]
    return printed


def _line(place: Place) -> str:
    return f"  {place.label}" + (f" ({place.count} times)" if place.count > 1 else "")
