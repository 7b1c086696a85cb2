"""Erasing again after a restore is not a new erasure: the ledger keeps the time of the first, in its table and its
file. Dated at the release, it would take for erased anyone who signed up again with the address in between, and a
later restore would erase them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import ErasureLedgerEntry
from office import erasure_ledger
from office.services import erasure, reapply_erasures
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
NAME, EMAIL = "Morag Dunsmuir", "morag.dunsmuir@fife.example.scot"


def _ledger() -> dict[str, dict[str, datetime.datetime]]:
    return {
        "table": dict(ErasureLedgerEntry.objects.values_list("fingerprint", "erased_at")),
        "file": erasure_ledger.read_file().entries,
    }


def test_an_erasure_made_again_keeps_its_first_date_and_a_later_sign_up_with_the_address_is_kept(
    ades_officer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ERASURE_LEDGER = str(tmp_path / "erasure-ledger")
    first_erased = (timezone.now() - datetime.timedelta(days=30)).astimezone(datetime.UTC)
    morag = PersonFactory(full_name=NAME, email=EMAIL)
    morag.date_joined = first_erased - datetime.timedelta(days=300)
    morag.save()
    hashes = {erasure_ledger.fingerprint(EMAIL), erasure_ledger.record_fingerprint(morag)}
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(person=morag, by=ades_officer, via="the person's page", ledger_at=first_erased)
    # A backup from before the erasure is restored: its ledger table is empty and Morag is back as she was.
    ErasureLedgerEntry.objects.all().delete()
    get_user_model()._base_manager.filter(pk=morag.pk).update(full_name=NAME, email=EMAIL, erased_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        reapply_erasures.reapply()
    after_release = _ledger()
    again = PersonFactory(full_name=NAME, email=EMAIL)  # signs up again, after the first erasure
    again.date_joined = first_erased + datetime.timedelta(days=10)
    again.save()
    second = reapply_erasures.reapply()  # as after a later restore of a backup that holds her new record

    assert get_user_model()._base_manager.get(pk=morag.pk).erased_at is not None
    assert after_release == {"table": dict.fromkeys(hashes, first_erased), "file": dict.fromkeys(hashes, first_erased)}
    assert (tmp_path / "erasure-ledger").read_text(encoding="ascii").count("\n") == 2  # nothing written twice
    again.refresh_from_db()
    assert (second.erased, again.erased_at, again.full_name) == (0, None, NAME)
