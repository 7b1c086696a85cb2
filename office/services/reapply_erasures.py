"""The release's re-application of erasures (`manage.py reapply_erasures`): the erasure ledger's table and file
merged and completed (office.erasure_ledger), then every person a restored backup brought back erased again, dated as
first erased."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .. import erasure_ledger
from . import erasure

VIA = "release after a restore"


@dataclass
class Outcome:
    erased: int
    added_to_table: int
    added_to_file: int
    damaged_lines: list[int]


def reapply() -> Outcome:
    """Merge the table and the file, complete each from the other, and erase again whom a restore brought back."""
    merged = erasure_ledger.merge()
    erased = _erase_again(merged.entries)
    return Outcome(erased, merged.added_to_table, merged.added_to_file, merged.damaged_lines)


def _erase_again(merged) -> int:
    if not merged:
        return 0
    people = get_user_model()._base_manager.filter(erased_at__isnull=True)
    only = people.only("pk", "email", "date_joined")
    brought_back = {person: erasure_ledger.erased_at(person, merged) for person in only}
    brought_back = {person: at for person, at in brought_back.items() if at is not None}
    for person, at in brought_back.items():
        erasure.erase(person=person, via=VIA, superuser_too=True, ledger_at=at)  # dated as first erased, not now
    return len(brought_back)
