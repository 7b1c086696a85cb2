"""The README's backup and restore (Deploying, step 9), run as written against the test PostgreSQL: the restored
portal serves what was backed up, and an erasure made after the backup is made again by the release step."""

import datetime
import hashlib
import io
import os
import re
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core.models import ErasureLedgerEntry, ErasureRecord
from office import erasure_ledger
from office.services import erasure
from reviews.services import documents, teams, visits
from tests import postgres
from tests.core.test_processes import free_port, procfile
from tests.factories import PersonFactory, VisitFactory, organisation, sign_in_freshly
from tests.office.test_erasure import tables_holding

ROOT = Path(__file__).resolve().parents[2]
NAME, EMAIL = "Morag Dunsmuir", "morag.dunsmuir@fife.example.scot"
PDF = b"%PDF-1.7 attainment data pack"
LEDGER_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00 [0-9a-f]{64}")


def readme_commands() -> tuple[str, str]:
    """The backup and the restore commands of the README's step 9, as an operator copies them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    step = readme[readme.index("9. **Backups**") : readme.index("**The erasure ledger**")]
    backup, restore = (textwrap.dedent(block) for block in re.findall(r"```sh\n(.*?)\n *```", step, re.DOTALL))
    return backup, restore


def shell_environment(media: Path, ledger: Path | None = None) -> dict[str, str]:
    """The production environment's variables the commands use, pointed at the test database and folders."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    path = os.pathsep.join([str(postgres._bin_dir()), str(Path(sys.executable).parent), os.environ["PATH"]])
    extra = {"CI_PORTAL_ERASURE_LEDGER": str(ledger)} if ledger else {}
    static = media.parent / "static"  # its own collectstatic, apart from other tests' processes
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_STATIC_ROOT": str(static),
        "PATH": path,
        **extra,
    }


def run(script: str, environment: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=environment, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    return ran


def back_up(environment: dict[str, str], backups: Path) -> None:
    run(readme_commands()[0], environment, backups)


def restore_and_release(environment: dict[str, str], backups: Path) -> None:
    """The README's restore of the one backup in the folder (its date in place of the example's)."""
    (dump,) = backups.glob("ci_portal-*.dump")
    day = dump.stem.removeprefix("ci_portal-")
    script, substituted = re.subn(r"^day=\S+", f"day={day}", readme_commands()[1], flags=re.MULTILINE)
    assert substituted == 1
    connection.close()  # as web and worker are stopped: nothing holds the tables pg_restore drops
    run(script, environment, backups)


def release(environment: dict[str, str]) -> str:
    return run(procfile()["release"], environment, ROOT).stdout


def served(environment: dict[str, str], paths: list[str], session: str) -> dict[str, tuple[int, bytes]]:
    """Each path as gunicorn, started from the Procfile's web line, serves it to a signed-in officer."""
    port = free_port()
    web = subprocess.Popen(
        procfile()["web"],
        shell=True,
        cwd=ROOT,
        env={**environment, "PORT": str(port), "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    answers: dict[str, tuple[int, bytes]] = {}
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not answers:
            try:
                for path in paths:
                    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
                    request.add_header("Cookie", f"sessionid={session}")
                    with urllib.request.urlopen(request, timeout=5) as response:
                        answers[path] = (response.status, response.read())
            except OSError:
                answers = {}
                time.sleep(0.3)
    finally:
        os.killpg(web.pid, 15)
        web.wait(timeout=30)
    return answers


def folders(tmp_path: Path, settings) -> tuple[Path, Path]:
    media, backups = tmp_path / "media", tmp_path / "backups"
    media.mkdir()
    backups.mkdir()
    settings.MEDIA_ROOT = media
    return media, backups


@pytest.mark.django_db(transaction=True)
def test_the_readmes_backup_and_restore_bring_the_portal_back_as_it_was(client, ades_officer, settings, tmp_path):
    media, backups = folders(tmp_path, settings)
    environment = shell_environment(media)
    visit = VisitFactory(hosts=["Fife"])
    hosts = list(visit.hosts.all())
    visits.update_visit(visit=visit, hosts=hosts, by=ades_officer, notes="Bring the attainment data pack.")
    upload = SimpleUploadedFile("attainment.pdf", PDF)
    document = documents.attach_document(visit=visit, title="Attainment data pack", upload=upload, by=ades_officer)
    document_pk, stored = document.pk, Path(document.file.name).name
    back_up(environment, backups)
    visits.update_visit(visit=visit, hosts=hosts, by=ades_officer, notes="Changed after the backup.")
    documents.remove_document(document=document, by=ades_officer)
    lost = sorted(media.rglob("*.pdf"))

    restore_and_release(environment, backups)
    released = release(environment)

    sign_in_freshly(client, ades_officer)
    page_path = reverse("reviews:visit-detail", kwargs={"pk": visit.pk})
    file_path = reverse("reviews:document-download", kwargs={"pk": visit.pk, "document_pk": document_pk})
    answers = served(environment, [page_path, file_path], client.cookies["sessionid"].value)
    page = answers[page_path][1].decode()
    assert lost == []
    assert ("Bring the attainment data pack." in page, "Changed after the backup." in page) == (True, False)
    assert "Attainment data pack" in page
    assert (answers[page_path][0], answers[file_path]) == (200, (200, PDF))
    assert [path.name for path in media.rglob("*.pdf")] == [stored]
    assert "Erased again after a restore: 0 people.\n" in released


def files_naming(folder: Path, *words: str) -> list[str]:
    """Every file under the folder whose path or bytes hold any of the words, in any case."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            text = (str(path.relative_to(folder)) + "\n").encode() + path.read_bytes()
            if any(word.lower().encode() in text.lower() for word in words):
                found.append(str(path))
    return found


def seed_morag() -> dict:
    """Morag on a visit's team, named in its notes and in a document's title, with an uploaded file."""
    ades = PersonFactory(role="ades_officer", organisation=organisation(kind="ades"))
    person = PersonFactory(full_name=NAME, email=EMAIL, organisation=organisation(authority__name="Fife"))
    visit = VisitFactory(hosts=["Angus"])
    teams.add_team_member(visit=visit, person=person, role="peer_reviewer", by=ades)
    notes = f"Ask {NAME} ({EMAIL}) about the data pack."
    visits.update_visit(visit=visit, hosts=list(visit.hosts.all()), by=ades, notes=notes)
    upload = SimpleUploadedFile("pack.pdf", PDF)
    documents.attach_document(visit=visit, title=f"Data pack from {NAME}", upload=upload, by=person)
    return {"person": person, "ades": ades}


@pytest.mark.django_db(transaction=True)
def test_an_erasure_made_after_a_backup_is_made_again_when_that_backup_is_restored(
    client, reference, settings, tmp_path
):
    media, backups = folders(tmp_path, settings)
    ledger = tmp_path / "shared" / "erasure-ledger"
    ledger.parent.mkdir()
    settings.ERASURE_LEDGER = str(ledger)
    environment = shell_environment(media, ledger)
    people = seed_morag()
    back_up(environment, backups)
    sign_in_freshly(client, people["ades"])
    erased = client.post(reverse("office:person-erase", kwargs={"pk": people["person"].pk}))
    after_erasure = tables_holding(NAME, EMAIL)

    restore_and_release(environment, backups)
    brought_back = sorted(set(tables_holding(NAME, EMAIL)))
    first, second = release(environment), release(environment)

    assert (erased.status_code, after_erasure) == (302, [])
    assert brought_back != []  # the restore brought her back...
    assert tables_holding(NAME, EMAIL) == []  # ...and the release erased her again
    assert files_naming(media, NAME, EMAIL, "Dunsmuir") == []
    assert len(list(media.rglob("*.pdf"))) == 1
    assert "Erasure ledger: 2 entries added to the database, 0 entries to the file.\n" in first
    assert "Erased again after a restore: 1 person.\n" in first
    assert "Erasure ledger" not in second
    assert "Erased again after a restore: 0 people.\n" in second
    assert list(ErasureRecord.objects.values_list("via", "by")) == [("release after a restore", None)]
    lines = ledger.read_text(encoding="ascii").splitlines()
    # Erasing her again wrote no line: her entries are dated when she was first erased, and the file held them.
    assert (len(lines), all(LEDGER_LINE.fullmatch(line) for line in lines)) == (2, True)
    hashes = {erasure_ledger.fingerprint(EMAIL), erasure_ledger.record_fingerprint(people["person"])}
    assert {line.split()[1] for line in lines} == hashes
    assert files_naming(ledger.parent, NAME, EMAIL, "Morag", "Dunsmuir", "fife.example") == []
    entries = {entry.fingerprint: entry.erased_at.isoformat() for entry in ErasureLedgerEntry.objects.all()}
    assert entries == {digest: lines[-1].split()[0] for digest in hashes}
    assert hashlib.sha256(EMAIL.encode()).hexdigest() not in entries  # keyed: no dictionary of emails finds it


@pytest.mark.django_db(transaction=True)
def test_an_erasure_is_made_again_after_a_restore_even_when_the_email_was_corrected_after_the_backup(
    reference, settings, tmp_path
):

    media, backups = folders(tmp_path, settings)
    ledger = tmp_path / "shared" / "erasure-ledger"
    ledger.parent.mkdir()
    settings.ERASURE_LEDGER = str(ledger)
    environment = shell_environment(media, ledger)
    people = seed_morag()
    back_up(environment, backups)
    person = people["person"]
    person.email = "m.dunsmuir@fife.example.scot"  # corrected, as the README allows
    person.save()
    erasure.erase(person=person, by=people["ades"], via="the person's page")

    restore_and_release(environment, backups)
    brought_back = tables_holding(NAME, EMAIL)
    released = release(environment)

    assert brought_back != []  # the restore brought her back, with the email she had then...
    assert "Erased again after a restore: 1 person.\n" in released  # ...and her record's hash found her
    assert tables_holding(NAME, EMAIL, "m.dunsmuir") == []


@pytest.mark.django_db
def test_someone_who_signs_up_again_after_being_erased_is_kept(reference, ades_officer, settings, tmp_path):
    from django.core.management import call_command

    settings.ERASURE_LEDGER = str(tmp_path / "erasure-ledger")
    first = PersonFactory(full_name=NAME, email=EMAIL)
    erasure.erase(person=first, by=ades_officer, via="the person's page")
    again = PersonFactory(full_name=NAME, email=f" {EMAIL.upper()} ")
    again.date_joined = first.date_joined + datetime.timedelta(days=400)
    again.save()

    out = io.StringIO()
    call_command("reapply_erasures", stdout=out)

    again.refresh_from_db()
    assert (again.erased_at, again.full_name) == (None, NAME)
    # The erasure's line is appended once its transaction commits, which a test's never does: the release
    # completes the file from the database.
    assert out.getvalue() == (
        "Erasure ledger: 0 entries added to the database, 2 entries to the file.\n"
        "Erased again after a restore: 0 people.\n"
    )
    assert len((tmp_path / "erasure-ledger").read_text().splitlines()) == 2
    held = set(ErasureLedgerEntry.objects.values_list("fingerprint", flat=True))
    assert held == {erasure_ledger.fingerprint(f" {EMAIL.upper()} "), erasure_ledger.record_fingerprint(first)}


def test_check_deploy_warns_when_the_ledger_would_not_survive_a_restore(settings, tmp_path):
    from core.checks import erasure_ledger_kept

    settings.MEDIA_ROOT, settings.S3_BUCKET, settings.ERASURE_KEY = tmp_path / "media", "", "a-key"
    (tmp_path / "media").mkdir()
    warned = {}
    for where in ("", str(tmp_path / "media" / "erasure-ledger"), str(tmp_path / "erasure-ledger")):
        settings.ERASURE_LEDGER = where
        warned[where] = [warning.id for warning in erasure_ledger_kept()]
    settings.ERASURE_KEY = ""
    without_key = [warning.id for warning in erasure_ledger_kept()]

    assert list(warned.values()) == [["core.W001"], ["core.W002"], []]
    assert without_key == ["core.W003"]
