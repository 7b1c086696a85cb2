"""Personal data: what is held about a person, where, and how it is exported, erased and kept.

Each app declares, from its AppConfig.ready, the records it holds about a person (`register`): a name for the
section of a subject access export, the model and field that point at the person (a test checks that every such
field is declared), the rows to export, what erasure does to them, and which date counts as the person's activity.

Erasure keeps the rows others rely on (a team place, an invitation, a document) pointing at the person's record,
which loses its name and email; then every text column of every table is searched for the name and email, however
written (core.name_matching), which are replaced wherever they were typed, except in models declared unchanged
(published report versions, which name no individual; the erasure page says so when one does). Stored file names
and rendered documents are dealt with by core.erasure_files; a first name or surname alone is listed for the officer
by core.erasure_review.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

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
    # confirmation page's count (core.erasure_review.places_to_rewrite) then does not run it
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
    from django.conf import settings

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
    import datetime

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


# Text search and replacement -------------------------------------------------------------------------------------

TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField, SlugField and URLField are CharFields


def _searchable_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (*TEXT_FIELDS, models.JSONField)) and not f.primary_key and not f.choices
    ]


def _patterns(words: Iterable[str]) -> list[re.Pattern]:
    # Whole words, in any case, spacing and accents (core.name_matching): "Ann Lee" is not in "Ann Lee-Smith".
    return [name_matching.pattern(word) for word in words if word]


def _replace(value, patterns: list[tuple[re.Pattern, str]]):
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_replace(item, patterns) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, patterns) for key, item in value.items()}
    return value


def places_naming(words: Iterable[str], *, only_unchanged: bool = False) -> list[tuple[type, models.Field, int]]:
    """(model, field, rows) wherever any of the words is held as text (or only in models kept unchanged)."""
    found = []
    for model, fld, queryset in _matches(words, include_unchanged=True):
        if only_unchanged and model._meta.label not in _unchanged:
            continue
        found.append((model, fld, queryset.count()))
    return [row for row in found if row[2]]


def _matches(words: dict[str, str], *, include_unchanged: bool):
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or (model._meta.label in _unchanged and not include_unchanged):
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
    words = {word: replacement for word, replacement in words.items() if word}
    return _replace(text, [(pattern, words[word]) for word, pattern in zip(words, _patterns(words), strict=True)])


def rewrites(words: dict[str, str]):
    """(model, field, pk, new value) for each place (one text column of one row) where a word is written, whole
    words, any case, outside the models kept unchanged: what `replace_everywhere` changes."""
    words = {word: replacement for word, replacement in words.items() if word}
    patterns = [(pattern, words[word]) for word, pattern in zip(words, _patterns(words), strict=True)]
    for model, fld, queryset in _matches(words, include_unchanged=False):
        for pk, value in queryset.values_list("pk", fld.name):
            new = _replace(value, patterns)
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


# Erasure ---------------------------------------------------------------------------------------------------------


class AlreadyErased(Exception):
    pass


class ErasureRefused(Exception):
    pass


def erasure_refused(person, *, by=None, superuser_too: bool = False) -> str:
    """Why this erasure may not be made ("" when it may). Nobody erases themselves; a superuser (technical staff) is
    erased only by technical staff, with `manage.py erase_person --superuser`, so no officer can lock them out."""
    if by is not None and by.pk == person.pk:
        return "You cannot erase your own record. Ask another ADES officer to do it."
    if person.is_superuser and not superuser_too:
        return (
            f"{person.full_name} is technical staff, who keep the portal running: the portal does not erase them. "
            "Technical staff can, with manage.py erase_person --superuser."
        )
    return ""


def erase(person, *, by=None, via: str, superuser_too: bool = False, history_too: bool = False, ledger_at=None):
    """Erase a person: every section's erasure, then their name and email wherever typed and in stored file names,
    and every rendered document deleted (core.erasure_files); with `history_too`, their first name and surname
    alone in earlier versions and other records no page edits too (core.erasure_review); recorded without them.
    Refused (ErasureRefused) for oneself, and for a superuser unless `superuser_too` (see `erasure_refused`).
    The ledger dates the erasure now, or `ledger_at` when the release makes an earlier erasure again."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from . import audit, erasure_files, erasure_ledger, erasure_review, freshness
    from .models import ErasureRecord

    with erasure_files.undo_on_failure() as copies, transaction.atomic():
        person = get_user_model()._base_manager.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            raise AlreadyErased("This person has already been erased.")
        if refused := erasure_refused(person, by=by, superuser_too=superuser_too):
            raise ErasureRefused(refused)
        erasure_ledger.remember(person, at=ledger_at)  # so that restoring an older backup does not bring them back
        words, alone = words_of(person), erasure_review.words_alone(person) if history_too else {}
        erase_sections(person)
        rewritten = replace_everywhere(words)
        history = erasure_review.remove_where_no_page_edits(alone)
        files = erasure_files.rename_files(words, copies=copies, skip=kept_unchanged())
        erasure_files.forget_rendered_documents()  # when this commits
        record = ErasureRecord.objects.create(by=by, via=via, rows_rewritten=rewritten)
        command = via if via.startswith("manage.py") else ""
        audit.record(
            by=by, kind="personal_data.erased", summary=f"Erased a person's personal data, from {via}", via=command
        )
    freshness.forget_fragments()
    record.files_renamed, record.history_rewritten = files, history  # for the officer's message; not stored
    return record


def erase_sections(person, *, text_only: bool = False) -> None:
    """Every section's erasure, the person's own record last: the others find them by it (with `text_only`, only
    those that can change what the text search finds)."""
    for section in reversed(sections()):
        if section.erase and (section.touches_text or not text_only):
            section.erase(person)


# What core and the packages it runs on hold ------------------------------------------------------------------------


def _by_email(model, field: str):
    def queryset(person):
        return model._base_manager.filter(**{f"{field}__iexact": person.email})

    return queryset


def _sign_ins(person) -> list[dict]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    rows = []
    for kind, model in (("failed attempts", AccessAttempt), ("failures", AccessFailureLog), ("sign-ins", AccessLog)):
        for row in _by_email(model, "username")(person).values("attempt_time", "ip_address", "user_agent"):
            rows.append(
                {"kind": kind, "when": row["attempt_time"], "from": row["ip_address"], "browser": row["user_agent"]}
            )
    return rows


def _delete_sign_ins(person) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        _by_email(model, "username")(person).delete()[0] for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _their_sessions(person):
    from django.contrib.sessions.models import Session

    return [s for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == str(person.pk)]


def _delete_sessions(person) -> int:
    sessions = _their_sessions(person)
    for session in sessions:
        session.delete()
    return len(sessions)


def _their_emails(person):
    from django.db.models import Q

    from . import mail
    from .models import OutgoingEmail

    mail.before_reading()
    return (
        OutgoingEmail.objects.filter(Q(person=person) | Q(to__iexact=person.email))
        if person.email
        else (OutgoingEmail.objects.filter(person=person))
    )


def _delete_their_emails(person) -> int:
    return _their_emails(person).delete()[0]


def _deleted_sections() -> list[Section]:
    """Records matched by the person's email or session: deleted on erasure."""
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session

    from .models import OutgoingEmail

    return [
        Section("Sign-in records", AccessLog, "", _sign_ins, "Deleted.", erase=_delete_sign_ins),
        Section(
            "Sessions",
            Session,
            "",
            lambda person: [{"expires": s.expire_date} for s in _their_sessions(person)],
            "Deleted: the person is signed out everywhere.",
            erase=_delete_sessions,
            touches_text=False,  # session data is signed and encoded: no name or email is found in it
        ),
        Section(
            "Emails sent or waiting to be sent to them",
            OutgoingEmail,
            "person",
            lambda person: list(
                _their_emails(person).order_by("queued_at").values("kind", "subject", "status", "queued_at", "sent_at")
            ),
            "Deleted, with any not yet sent.",
            erase=_delete_their_emails,
        ),
    ]


def core_sections() -> list[Section]:
    """Core's own records of a person (registered from core/hooks.py)."""
    from django.contrib.admin.models import LogEntry

    from .models import DownloadRecord, ErasureRecord, MessageTemplate

    return [
        *_deleted_sections(),
        simple(
            "Email wording they saved",
            MessageTemplate,
            "updated_by",
            {"message": "key", "saved": "updated_at"},
            "Kept.",
        ),
        simple(
            "Files they downloaded",
            DownloadRecord,
            "person",
            {"what": "what", "when": "at"},
            "Kept for the retention period, with the person's record in place of their name.",
        ),
        simple("Erasures they carried out", ErasureRecord, "by", {"when": "at", "how": "via"}, "Kept."),
        simple(
            "Changes they made in data maintenance",
            LogEntry,
            "user",
            {"when": "action_time", "what": "object_repr", "change": "change_message"},
            "Kept, with the person's record in place of their name.",
        ),
    ]
