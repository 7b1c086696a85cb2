"""Erasing a person (from their page, `manage.py erase_person`, or again by the release from the erasure ledger):
refused for oneself and for technical staff; every section's erasure and the words wherever typed
(office.erasure_text), stored file names and rendered documents (office.erasure_files), names alone where no page edits
if asked (office.erasure_review), the ledger line (office.erasure_ledger); recorded without the person."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core import audit, freshness
from core.models import ErasureRecord
from core.personal_data import kept_unchanged, words_of

from .. import erasure_files, erasure_ledger, erasure_review, erasure_text


class AlreadyErased(Exception):
    pass


class ErasureRefused(Exception):
    pass


def erasure_refused(*, person, by=None, superuser_too: bool = False) -> str:
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


def erase(*, person, by=None, via: str, superuser_too: bool = False, history_too: bool = False, ledger_at=None):
    """Erase a person: every section's erasure, then their name and email wherever typed and in stored file names,
    and every rendered document deleted (office.erasure_files); with `history_too`, their first name and surname
    alone in earlier versions and other records no page edits too (office.erasure_review); recorded without them.
    Refused (ErasureRefused) for oneself, and for a superuser unless `superuser_too` (see `erasure_refused`).
    The ledger dates the erasure now, or `ledger_at` when the release makes an earlier erasure again."""
    with erasure_files.undo_on_failure() as copies, transaction.atomic():
        person = get_user_model()._base_manager.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            raise AlreadyErased("This person has already been erased.")
        if refused := erasure_refused(person=person, by=by, superuser_too=superuser_too):
            raise ErasureRefused(refused)
        erasure_ledger.remember(person, at=ledger_at)  # so that restoring an older backup does not bring them back
        words, alone = words_of(person), erasure_review.words_alone(person) if history_too else {}
        erasure_text.erase_sections(person)
        rewritten = erasure_text.replace_everywhere(words)
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
