"""The audit log: who changed what, when, and on what, one readable line per change, for ADES officers.

Every service that takes the acting person (`by`) records an entry in the same transaction as its change, so an
entry exists exactly when the change was saved: decorated with `@audited(kind, summary, about=...)`, or calling
`record(...)` itself where the summary depends on what it found. A service that refuses (raises) records nothing.
tests/core/test_audit_coverage.py fails when a service takes `by` and does neither.

What an entry is about is kept generically, since core never names a higher app's models: the objects given in
`about`, and what each belongs to as its app registers it (`register_about(SurveyRound, lambda r: [r.visit])`), so an
entry about a survey round or a team place is found under its visit. An app names the models the log filters on, and
how the page says so (`register_filter("visit", Visit, link=..., after=...)`). Entries never hold a survey answer or
comment, nor anything that ties a time to one respondent; they name people only as who acted and as what was acted
on, which erasure rewrites like any text.
"""

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from . import personal_data
from .models import AuditEntry, AuditSubject

Values = dict[str, object]

_labels: dict[str, str] = {}
_belongs_to: dict[type, Callable[[object], Iterable[object]]] = {}


@dataclass(frozen=True)
class Filter:
    """How the log says it is filtered by one object (plain text, escaped): `title` in the page's title, `link` the
    words linked to its page (its get_absolute_url) after "Changes about", then `after`."""

    model: type
    title: Callable[[object], str] = str
    link: Callable[[object], str] = str
    after: str = ""


_filters: dict[str, Filter] = {}


def counted(count: int, word: str, plural: str = "") -> str:
    """ "1 national figure", "2 national figures": a count in a summary, with its noun agreeing."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def register_label(kind: str, label: str) -> None:
    """What a kind of entry is, as the log's filter lists it."""
    _labels[kind] = label


def label(kind: str) -> str:
    return _labels.get(kind, kind)


def labels() -> dict[str, str]:
    return dict(sorted(_labels.items(), key=lambda item: item[1]))


def register_about(model: type, belongs_to: Callable[[object], Iterable[object]]) -> None:
    """What an object of this model belongs to (a round to its visit, a team place to its visit and person)."""
    _belongs_to[model] = belongs_to


def register_filter(name: str, model: type, *, title=str, link=str, after: str = "") -> None:
    """The log can be filtered by objects of this model, as `?<name>=<pk>` (reviews: "visit"), said as `Filter`."""
    _filters[name] = Filter(model, title, link, after)


def filters() -> dict[str, Filter]:
    return dict(_filters)


def _subjects(about: Iterable[object]) -> list[object]:
    found, waiting = {}, [obj for obj in about if obj is not None]
    while waiting:
        obj = waiting.pop(0)
        key = (type(obj)._meta.concrete_model, str(obj.pk))
        if obj.pk is None or key in found:
            continue
        found[key] = obj
        waiting += [other for other in _belongs_to.get(type(obj), lambda _: ())(obj) if other is not None]
    return list(found.values())


def record(*, by, kind: str, summary: str, about: Iterable[object] = (), via: str = "") -> AuditEntry:
    """One entry: `by` (None for the portal itself) did `kind`, said in a plain sentence, on the objects in `about`;
    `via` a command it was run from ("manage.py export_person"). Call it inside the service's transaction."""
    by = by if getattr(by, "pk", None) else None
    entry = AuditEntry.objects.create(by=by, kind=kind, summary=summary[:500], via=via[:60])
    subjects = _subjects(about)
    types = ContentType.objects.get_for_models(*(type(obj) for obj in subjects), for_concrete_models=True)
    AuditSubject.objects.bulk_create(
        [AuditSubject(entry=entry, content_type=types[type(obj)], object_id=str(obj.pk)) for obj in subjects]
    )
    return entry


def forget(model: type, pks: Iterable[object], *, kinds: Iterable[str] | None = None) -> int:
    """Delete the entries about these objects (only those of `kinds`, if given), with all their subjects: for
    records an app forgets by design (a survey round's chasing emails, and its chasing entries, at its close), so
    the log does not keep what they would have said. Returns how many entries went."""
    content_type = ContentType.objects.get_for_model(model)
    about = AuditSubject.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks])
    entries = AuditEntry.objects.filter(pk__in=about.values("entry"))
    if kinds is not None:
        entries = entries.filter(kind__in=list(kinds))
    return entries.delete()[1].get(AuditEntry._meta.label, 0)


def audited(
    kind: str | Callable[[Values], str],
    summary: str | Callable[[Values], str],
    *,
    label: str = "",
    about: Iterable[str] | Callable[[Values], Iterable[object]] = (),
    before: Callable[[Values], object] | None = None,
):
    """Record an entry each time the service returns (with the service's `via` argument, if it has one, as where it was
    run from): `summary` is a format string over its arguments and `result`
    (or a function of them returning the sentence, or "" when nothing changed); `about` names arguments (or
    "result"), or is a function returning the objects; `before(values)`, if given, is taken before the call, as
    values["before"] (a visit's dates, to tell a rescheduling). The call and the entry share one transaction."""
    if label and isinstance(kind, str):
        register_label(kind, label)

    def decorate(service):
        signature = inspect.signature(service)

        @functools.wraps(service)
        def run(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            with transaction.atomic():
                values = dict(bound.arguments)
                if before is not None:
                    values["before"] = before(values)
                values["result"] = service(*args, **kwargs)
                sentence = summary(values) if callable(summary) else summary.format_map(values)
                if sentence:
                    objects = about(values) if callable(about) else [values[name] for name in about]
                    what = kind(values) if callable(kind) else kind
                    via = values.get("via") or ""
                    record(by=values.get("by"), kind=what, summary=sentence, about=objects, via=via)
            return values["result"]

        run.audited = True
        return run

    return decorate


def about_filters(entries, **chosen):
    """The entries about each chosen object (name: pk, a registered filter) as well as, for "person", by them."""
    for name, pk in chosen.items():
        model = get_user_model() if name == "person" else _filters[name].model
        content_type = ContentType.objects.get_for_model(model)
        about = AuditSubject.objects.filter(content_type=content_type, object_id=str(pk)).values("entry")
        entries = entries.filter(Q(pk__in=about) | Q(by=pk)) if name == "person" else entries.filter(pk__in=about)
    return entries


CORE_LABELS = {
    "personal_data.erased": "Personal data erased",
    "personal_data.exported": "Personal data exported",
    "email.sent_again": "Email sent again",
    "message.saved": "Email wording saved",
    "message.reset": "Email wording put back",
    "maintenance.added": "Added in data maintenance",
    "maintenance.changed": "Changed in data maintenance",
    "maintenance.deleted": "Deleted in data maintenance",
}


def log_section():
    """The log as personal data (registered from core/hooks.py)."""
    return personal_data.Section(
        name="Changes recorded in the audit log, made by them or about them",
        model=AuditEntry,
        field="by",
        rows=_entries_of,
        on_erasure="Kept for the retention period, with the person's record in place of their name.",
        activity=("at",),
    )


def _entries_of(person) -> list[dict]:
    entries = about_filters(AuditEntry.objects.all(), person=person.pk).order_by("at", "pk")
    return [
        {"when": entry.at, "what": label(entry.kind), "summary": entry.summary, "by_them": entry.by_id == person.pk}
        for entry in entries
    ]
