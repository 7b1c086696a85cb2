"""What the erasure says it will do is what it says it did: the confirmation page and the command count places of
typed text (one field of one record) as the erasure then counts them; first names in earlier versions are replaced
only when asked; the command refuses cleanly when there is no terminal to confirm at."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import name_matching
from tests.office import test_erasure_files
from tests.office.test_erasure_files import EMAIL

world, siobhan = test_erasure_files.world, test_erasure_files.siobhan  # the same fixtures: her, named everywhere

TYPED = re.compile(r"<strong>Text others typed \((\d+) places\)</strong>")


def _historical_notes(visit) -> list[str]:
    return list(visit.history.order_by("history_id").values_list("notes", flat=True))


def test_the_page_counts_before_as_the_message_counts_after(client, world, siobhan):
    url = reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})
    page = client.get(url).content.decode()

    erased = client.post(url, follow=True)

    [promised] = TYPED.findall(page)
    message = [str(m) for m in erased.context["messages"]][-1]
    assert int(promised) == 6
    assert message == (
        "The person has been erased. Their name or email was replaced in 6 places of typed text and in 1 file name. "
        "The erasure is recorded below, without them."
    )


def test_the_command_counts_before_as_it_counts_after(world, siobhan):
    out = io.StringIO()

    call_command("erase_person", EMAIL, "--yes", stdout=out)

    printed = out.getvalue().splitlines()
    assert "Text others typed (6 places, a place being one field of one record): their name and email replaced." in (
        printed
    )
    assert printed[-1] == "Erased. Their name or email was replaced in 6 places of typed text and in 1 file name."


def test_first_names_in_earlier_versions_are_kept_unless_the_officer_ticks_the_box(client, world, siobhan):
    visit = world["visit"]
    url = reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})
    before = [name_matching.names(notes, "Siobhán") for notes in _historical_notes(visit)]

    erased = client.post(url, {"history_too": "on"}, follow=True)

    visit.refresh_from_db()
    message = [str(m) for m in erased.context["messages"]][-1]
    assert before.count(True) == 4  # the three notes naming her, and all three together
    assert [name_matching.names(notes, "Siobhán") for notes in _historical_notes(visit)] == [False] * len(before)
    assert visit.notes.endswith("[name removed] agreed. Siobhán will bring the pack.")  # current: left to edit
    assert message.endswith(
        "Their first name or surname was replaced in 2 places of earlier versions and other records no page edits. "
        "The erasure is recorded below, without them."
    )


def test_without_the_box_earlier_versions_keep_the_first_name(client, world, siobhan):
    visit = world["visit"]

    client.post(reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk}))

    assert [name_matching.names(notes, "Siobhán") for notes in _historical_notes(visit)].count(True) == 2


def test_the_command_refuses_without_yes_when_there_is_no_terminal(world, siobhan, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # closed: input() meets the end at once

    with pytest.raises(CommandError, match=r"^Not erased: confirm with --yes when there is no terminal\.$"):
        call_command("erase_person", EMAIL, stdout=io.StringIO())

    siobhan["person"].refresh_from_db()
    assert siobhan["person"].erased_at is None


def test_viewing_the_page_reseals_no_survey_answer_and_reads_the_sessions_once(client, world, siobhan, monkeypatch):
    """The count runs only the erasures that change what the text search finds: re-sealing every sealed answer and
    decoding every session to delete the person's would lock and read all of them on each view, changing no count."""

    def resealed(**kwargs):
        raise AssertionError("a page view re-sealed the sealed answers")

    monkeypatch.setattr("surveys.personal_data.redact_sealed", resealed)
    url = reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)

    assert page.status_code == 200
    assert TYPED.findall(page.content.decode()) == ["6"]
    scan = 'CURSOR WITHOUT HOLD FOR SELECT "django_session"'
    every_session = [query for query in queries.captured_queries if scan in query["sql"]]
    assert len(every_session) == 1  # read once, for the sessions the page counts
