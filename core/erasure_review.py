"""What an erasure leaves for the officer to judge: the person's first name or surname written alone.

"Siobhán will bring the data pack" may mean her or another Siobhán, so an erasure does not replace a first name or a
surname on its own; it lists where one appears (outside their full name, which is replaced) for the officer to read
and edit, on the confirmation page and in `manage.py erase_person`. The person's own record and the records the
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


@dataclass
class Mention:
    kind: str  # "first name" or "surname"
    word: str
    places: list[Place] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(place.count for place in self.places)


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
    return Place(label=label + (", an earlier version" if is_history else ""), url=url)


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


def mentions(person) -> list[Mention]:
    """The person's first name and surname, each with where it appears alone (none when their name is one word)."""
    full = {word: "" for word in (person.full_name, person.email) if word}
    first, surname = name_matching.tokens(person.full_name)
    words = [("first name", first), ("surname", surname)] if first.lower() != surname.lower() else []
    return [Mention(kind=kind, word=word, places=places_of(word, full)) for kind, word in words if word]


def lines(found: list[Mention]) -> list[str]:
    """The mentions as the command prints them."""
    printed = []
    for mention in found:
        if mention.places:
            printed.append(
                f"The {mention.kind} '{mention.word}' alone appears in {mention.count} "
                f"record{'s' if mention.count != 1 else ''}, left for you to review:"
            )
            for place in mention.places:
                printed.append(f"  {place.label}" + (f" ({place.count} times)" if place.count > 1 else ""))
    return printed
