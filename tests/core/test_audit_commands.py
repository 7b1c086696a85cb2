"""Erasures and exports run with manage.py say who acted (`--by`, an active person) or, without it, that they were
run from the command line, naming nobody; an unknown or inactive `--by`, or one who may not do it from the pages, is
refused before anything is done."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEntry, ErasureRecord
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

EXPORTED = "Exported everything held about Ann Lee (a subject access export), from manage.py export_person"


@pytest.fixture
def ann(reference):
    return PersonFactory(full_name="Ann Lee", email="ann.lee@example.scot")


def log() -> list[tuple]:
    return [(e.by, e.via, e.summary) for e in AuditEntry.objects.select_related("by").order_by("at", "pk")]


def test_an_export_with_by_is_recorded_as_that_officers(ann, ades_officer):
    call_command("export_person", ann.email, "--by", ades_officer.email.upper(), stdout=io.StringIO())

    assert log() == [(ades_officer, "manage.py export_person", EXPORTED)]


def test_an_export_without_by_says_the_command_line_and_names_nobody(client, ann, ades_officer):
    call_command("export_person", ann.email, stdout=io.StringIO())

    assert log() == [(None, "manage.py export_person", EXPORTED)]
    client.force_login(ades_officer)
    page = " ".join(client.get("/audit/").content.decode().split())
    assert "<td>Command line (manage.py export_person)</td>" in page
    assert "The portal" not in page


@pytest.mark.parametrize("command", [["export_person"], ["erase_person", "--yes"]])
def test_an_unknown_or_inactive_by_is_refused_and_nothing_is_done(ann, command):
    gone = PersonFactory(email="gone@example.scot", is_active=False)

    for by in ("nobody@example.scot", gone.email):
        with pytest.raises(CommandError, match=f"--by '{by}' is not the email address of an active person"):
            call_command(*command[:1], ann.email, *command[1:], "--by", by, stdout=io.StringIO())

    assert log() == []
    ann.refresh_from_db()
    assert (ann.full_name, ann.erased_at) == ("Ann Lee", None)


def test_an_erasure_with_by_is_recorded_as_that_officers(ann, ades_officer):
    call_command("erase_person", ann.email, "--yes", "--by", ades_officer.email, stdout=io.StringIO())

    assert log() == [
        (ades_officer, "manage.py erase_person", "Erased a person's personal data, from manage.py erase_person")
    ]
    assert ErasureRecord.objects.get().by == ades_officer


def test_an_erasure_without_by_says_the_command_line(ann):
    call_command("erase_person", ann.email, "--yes", stdout=io.StringIO())

    assert log() == [(None, "manage.py erase_person", "Erased a person's personal data, from manage.py erase_person")]
    assert ErasureRecord.objects.get().by is None


@pytest.mark.parametrize("command", [["export_person"], ["erase_person", "--yes"]])
def test_a_by_who_may_not_do_it_from_the_pages_is_refused_and_nothing_is_done(ann, command):
    team_member = PersonFactory(email="member@example.scot")  # active, but not an ADES officer
    assert not team_member.has_perm("core.manage_personal_data")

    with pytest.raises(CommandError, match=r"--by 'member@example\.scot' is not someone who may do this"):
        call_command(*command[:1], ann.email, *command[1:], "--by", team_member.email, stdout=io.StringIO())

    assert log() == []
    ann.refresh_from_db()
    assert (ann.full_name, ann.erased_at) == ("Ann Lee", None)
