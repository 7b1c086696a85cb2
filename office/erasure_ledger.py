"""The erasure ledger: that someone was erased, kept where restoring a backup does not reach, so that a backup taken
before an erasure does not bring the person back.

An erasure makes two entries, each a keyed hash (HMAC-SHA256 under `ERASURE_KEY`, else a key derived from the secret
key) and the moment of the erasure: one of the person's email, lower-cased and stripped, and one of their record (its
id and the moment it was made, to the microsecond), which finds them in a restored backup even when their email was
corrected after that backup. Neither is personal data on its own: no name, no email, no record id a restored
database could give to someone else. Entries are kept twice: in the table `ErasureLedgerEntry`, which commits with
the erasure, and one line each (`2025-06-01T10:22:03.123456+00:00 <hash>`) appended to the file `ERASURE_LEDGER`,
which lives outside the media folder and is never restored; a ledger written before records were hashed too is
read as it is. A restore brings back an older table and media folder, never the file: the release step
(`manage.py reapply_erasures`, office.services.reapply_erasures) merges the two copies, completes each (`merge`), and
erases again every person not erased whose record matches an entry (`erased_at`), or whose email matches one and
whose record was made before that erasure (someone who signed up again with the same address after being erased is a
new record, and is kept).
"""

import datetime
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.models import ErasureLedgerEntry

_SALT = "core.erasure_ledger"  # as when the ledger was in core: the hashes already written use it
logger = logging.getLogger("ci_portal.erasure")  # error reports reach the administrators (settings.LOGGING)


def fingerprint(email: str) -> str:
    """The keyed hash of an email address: the same for the same address in any case and spacing."""
    key = settings.ERASURE_KEY or settings.SECRET_KEY
    return salted_hmac(_SALT, email.strip().lower(), secret=key, algorithm="sha256").hexdigest()


def record_fingerprint(person) -> str:
    """The keyed hash of a person's record: its id and when it was made, which no later email change alters."""
    key = settings.ERASURE_KEY or settings.SECRET_KEY
    seed = f"{person.pk}|{person.date_joined.astimezone(datetime.UTC).isoformat()}"
    return salted_hmac(_SALT + ".record", seed, secret=key, algorithm="sha256").hexdigest()


def ledger_path() -> Path | None:
    return Path(settings.ERASURE_LEDGER) if settings.ERASURE_LEDGER else None


def remember(person, *, at: datetime.datetime | None = None) -> None:
    """Record a person's erasure, inside its transaction: the table's entries commit with it, the file's lines once
    it has. `at` is when they were erased: now, or for an erasure the release makes again, the time of the entry
    that found them (a re-application is not a new erasure: dated now, it would take for erased anyone who signed
    up again with the address in between). Only entries the table did not already hold as they are are written."""
    at = (at or timezone.now()).astimezone(datetime.UTC)
    entries = {record_fingerprint(person): at}
    if person.email:
        entries[fingerprint(person.email)] = at
    changed = _keep_in_table(entries)
    transaction.on_commit(lambda: _append_safely(changed))


def _keep_in_table(entries: dict[str, datetime.datetime]) -> dict[str, datetime.datetime]:
    """Add the entries the table lacks, and move later any it holds with an earlier date; returns those."""
    held = dict(ErasureLedgerEntry.objects.filter(fingerprint__in=entries).values_list("fingerprint", "erased_at"))
    changed = {digest: at for digest, at in entries.items() if digest not in held or held[digest] < at}
    for digest, at in changed.items():
        ErasureLedgerEntry.objects.update_or_create(fingerprint=digest, defaults={"erased_at": at})
    return changed


def _append(entries: dict[str, datetime.datetime]) -> None:
    path = ledger_path()
    if path is None or not entries:
        return
    lines = "".join(f"{at.astimezone(datetime.UTC).isoformat()} {digest}\n" for digest, at in entries.items())
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, lines.encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _append_safely(entries: dict[str, datetime.datetime]) -> None:
    """After the erasure has committed, a ledger file that cannot be written is reported, not a failed request:
    the table holds the entry, and the next release writes it to the file."""
    try:
        _append(entries)
    except OSError:
        logger.error(
            "The erasure ledger %s could not be written; the next release adds the entry",
            ledger_path(),
            exc_info=True,
        )


@dataclass
class Reading:
    entries: dict[str, datetime.datetime]
    damaged_lines: list[int]


def read_file() -> Reading:
    """The file's entries, the latest date of each hash, and the numbers of lines that are not an entry."""
    path = ledger_path()
    reading = Reading({}, [])
    if path is None or not path.exists():
        return reading
    for number, line in enumerate(path.read_text(encoding="ascii", errors="replace").splitlines(), start=1):
        try:
            when, digest = line.split()
            at = datetime.datetime.fromisoformat(when)
        except ValueError:
            reading.damaged_lines.append(number)
            continue
        if len(digest) != 64 or at.tzinfo is None:
            reading.damaged_lines.append(number)
        elif digest not in reading.entries or reading.entries[digest] < at:
            reading.entries[digest] = at
    return reading


@dataclass
class Merged:
    entries: dict[str, datetime.datetime]  # the latest date of each hash, in the table or the file
    added_to_table: int
    added_to_file: int
    damaged_lines: list[int]


def merge() -> Merged:
    """Merge the table and the file, and complete each from the other."""
    table = dict(ErasureLedgerEntry.objects.values_list("fingerprint", "erased_at"))
    reading = read_file()
    merged = dict(table)
    for digest, at in reading.entries.items():
        if digest not in merged or merged[digest] < at:
            merged[digest] = at
    with transaction.atomic():
        added_to_table = len(_keep_in_table(merged))
    missing_from_file = {d: at for d, at in merged.items() if reading.entries.get(d) != at}
    if ledger_path() is not None:
        _append(missing_from_file)
    return Merged(merged, added_to_table, len(missing_from_file) if ledger_path() else 0, reading.damaged_lines)


def erased_at(person, merged: dict[str, datetime.datetime]) -> datetime.datetime | None:
    """When the ledger says this record was erased: by its own hash, or by its email's for a record made before."""
    if (at := merged.get(record_fingerprint(person))) is not None:
        return at
    at = merged.get(fingerprint(person.email)) if person.email else None
    return at if at is not None and person.date_joined <= at else None
