"""The erasure ledger's faults reach someone: a release without the file says what it could not catch, check
--deploy warns of a path that cannot work, and a ledger line that cannot be written is reported to the admins."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from core.checks import erasure_ledger_kept
from core.models import ErasureLedgerEntry, OutgoingEmail
from office.services import erasure
from tests.factories import PersonFactory

ADMINS = [("Portal support", "support@example.scot")]


@pytest.mark.django_db
def test_a_release_without_the_ledger_file_warns_that_a_restore_cannot_be_caught(settings):
    settings.ERASURE_LEDGER = ""
    out, err = io.StringIO(), io.StringIO()

    call_command("reapply_erasures", stdout=out, stderr=err)

    assert out.getvalue() == "Erased again after a restore: 0 people.\n"
    assert err.getvalue() == (
        "Warning: CI_PORTAL_ERASURE_LEDGER is not set, so only the database's ledger was read. A restored backup "
        "holds that ledger as it was, so an erasure made after the backup cannot be caught without the file "
        "(README, Backups).\n"
    )


def test_check_deploy_warns_of_a_relative_ledger_path_and_of_a_missing_folder(settings, tmp_path):
    settings.MEDIA_ROOT, settings.S3_BUCKET, settings.ERASURE_KEY = tmp_path / "media", "", "a-key"
    warned = {}
    for where in ("erasure-ledger", str(tmp_path / "nowhere" / "erasure-ledger"), str(tmp_path / "erasure-ledger")):
        settings.ERASURE_LEDGER = where
        warned[where] = [warning.id for warning in erasure_ledger_kept()]

    assert list(warned.values()) == [["core.W004"], ["core.W005"], []]


@pytest.mark.django_db
def test_a_ledger_file_that_cannot_be_written_is_reported_once_and_the_erasure_stands(
    reference, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ADMINS = ADMINS
    settings.ERASURE_LEDGER = str(tmp_path / "nowhere" / "erasure-ledger")
    officer = PersonFactory(role="ades_officer")
    person = PersonFactory(full_name="Morag Dunsmuir", email="morag.dunsmuir@fife.example.scot")

    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(person=person, by=officer, via="the person's page")

    [report] = OutgoingEmail.objects.filter(kind="error-report")
    person.refresh_from_db()
    assert report.subject == (
        f"[Collaborative Improvement Portal] ERROR: The erasure ledger {tmp_path}/nowhere/erasure-ledger could not be "
        "written; the next release adds the entry"
    )
    [sent] = mail.outbox  # sent at once by the test's task backend
    assert (sent.subject, sent.to) == (report.subject, ["Portal support <support@example.scot>"])
    assert "FileNotFoundError" in sent.body
    assert "morag" not in sent.body.lower()
    assert (person.erased_at is not None, ErasureLedgerEntry.objects.count()) == (True, 2)
