"""What an erasure leaves for the officer to judge: the person's first name or surname written alone.

"Siobhán will bring the data pack" may mean her or another Siobhán, so an erasure does not replace a first name or a
surname on its own; it lists where one appears (outside their full name, which is replaced), on the confirmation page
and in `manage.py erase_person`: in current records, linked for the officer to read and edit; in earlier versions
(history), which nobody edits, separately: they are kept until the history retention period ends, unless the
officer asks the erasure to replace them there too (`remove_from_history`). The person's own record and the records the
erasure deletes or that name other people by design (accounts, sign-ins, sessions, sent emails, data maintenance's
log) are not listed: they are theirs or someone else's, not a mention to review.
"""

from dataclasses import dataclass, field

from django.conf import settings

from . import name_matching, personal_data

NOT_REVIEWED_APPS = frozenset({"axes", "sessions", "admin"})
NOT_REVIEWED = frozenset({"core.OutgoingEmail"})
MOST_ROWS = 500  # rows read per column for one word; a name so common is listed as many


@dataclass
class Place:
    label: str
    url: str
    count: int = 1
    earlier: bool = False  # in earlier versions (history), which cannot be edited


@dataclass
class Mention:
    kind: str  # "first name" or "surname"
    word: str
    places: list[Place] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(place.count for place in self.places)

    @property
    def current(self) -> list[Place]:
        return [place for place in self.places if not place.earlier]

    @property
    def earlier(self) -> list[Place]:
        return [place for place in self.places if place.earlier]

    @property
    def earlier_count(self) -> int:
        return sum(place.count for place in self.earlier)


def _reviewed(model) -> bool:
    label = model._meta.label
    live = getattr(model, "instance_type", model)  # a history model: the model it keeps the history of
    return (
        model._meta.app_label not in NOT_REVIEWED_APPS
        and label not in NOT_REVIEWED
        and live._meta.label != settings.AUTH_USER_MODEL
    )


def _place(model, row, fld) -> Place:
    """Where the row is, as the officer finds it: the object (the live one, for an earlier version) and the field."""
    is_history = hasattr(model, "instance_type")
    target = row.instance if is_history else row
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    kind = model._meta.verbose_name.removeprefix("historical ")
    label = f"{kind[:1].upper()}{kind[1:]} “{target}”: {fld.verbose_name}"
    return Place(label=label + (", an earlier version" if is_history else ""), url=url, earlier=is_history)


def _alone(value, word: str, full: dict[str, str]) -> bool:
    """Whether the word appears in the value outside the full name and email (which the erasure replaces)."""
    import json

    rest = personal_data.redact(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), full)
    return name_matching.names(rest, word)


def places_of(word: str, full: dict[str, str]) -> list[Place]:
    """Each row that has the word alone, grouped by where the officer finds it."""
    found: dict[tuple[str, str], Place] = {}
    for model, fld, queryset in personal_data._matches([word], include_unchanged=True):
        if not _reviewed(model):
            continue
        for row in queryset.order_by("pk")[:MOST_ROWS]:
            if _alone(getattr(row, fld.attname), word, full):
                place = _place(model, row, fld)
                if (place.label, place.url) in found:
                    found[place.label, place.url].count += 1
                else:
                    found[place.label, place.url] = place
    return sorted(found.values(), key=lambda place: place.label)


def _first_and_surname(person) -> list[tuple[str, str]]:
    first, surname = name_matching.tokens(person.full_name)
    words = [("first name", first), ("surname", surname)] if first.lower() != surname.lower() else []
    return [(kind, word) for kind, word in words if word]


def mentions(person) -> list[Mention]:
    """The person's first name and surname, each with where it appears alone (none when their name is one word)."""
    full = {word: "" for word in (person.full_name, person.email) if word}
    return [Mention(kind=kind, word=word, places=places_of(word, full)) for kind, word in _first_and_surname(person)]


def words_alone(person) -> dict[str, str]:
    """The first name and surname, each with what replaces it in earlier versions when the officer asks."""
    return {word: personal_data.REMOVED_NAME for _, word in _first_and_surname(person)}


def remove_from_history(words: dict[str, str]) -> int:
    """Replace each word (whole words, any case) in the earlier versions (history rows) of the records listed for
    review; run by the erasure after their full name has gone. Returns how many places (column of a row) changed."""
    changed = 0
    for model, fld, pk, new in list(personal_data.rewrites(words)):
        if hasattr(model, "instance_type") and _reviewed(model):
            model._base_manager.filter(pk=pk).update(**{fld.name: new})
            changed += 1
    return changed


class _DryRun(Exception):
    pass


def places_to_rewrite(person) -> int:
    """How many places (one text column of one row) an erasure of the person would rewrite now: counted as the
    erasure counts them, after the records it deletes are gone, and then undone."""
    from django.db import transaction

    count = 0
    try:
        with transaction.atomic():
            personal_data.erase_sections(person.__class__._base_manager.get(pk=person.pk))
            count = sum(1 for _ in personal_data.rewrites(personal_data.words_of(person)))
            raise _DryRun
    except _DryRun:
        pass
    return count


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def places(count: int) -> str:
    return _plural(count, "place")


def outcome(record, *, history_too: bool) -> str:
    """What an erasure did, counted as the confirmation page and the command counted it beforehand."""
    said = (
        f"Their name or email was replaced in {places(record.rows_rewritten)} of typed text and in "
        f"{_plural(record.files_renamed, 'file name')}."
    )
    if history_too:
        said += f" Their first name or surname was replaced in {places(record.history_rewritten)} of earlier versions."
    return said


def lines(found: list[Mention]) -> list[str]:
    """The mentions as the command prints them."""
    years = settings.RETENTION["history_years"]
    printed = []
    for mention in found:
        said = f"The {mention.kind} '{mention.word}' alone appears in"
        if mention.current:
            count = sum(place.count for place in mention.current)
            printed.append(f"{said} {_plural(count, 'current record')}, left for you to review and edit:")
            printed += [_line(place) for place in mention.current]
        if mention.earlier:
            printed.append(
                f"{said} {_plural(mention.earlier_count, 'earlier version')} (history), which cannot be edited: kept "
                f"as they are until the history retention period ends ({years} years), unless you add --history-too:"
            )
            printed += [_line(place) for place in mention.earlier]
    return printed


def _line(place: Place) -> str:
    return f"  {place.label}" + (f" ({place.count} times)" if place.count > 1 else "")
