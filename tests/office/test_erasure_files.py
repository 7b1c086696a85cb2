"""Erasure reaches the file store: a file uploaded under the person's name is renamed, a visit pack rendered with
them in it is deleted, their name however written (doubled spaces, underscores, hyphens, no accents) is in no column
and no file, their first name alone is listed for the officer, and their signed place link stops working."""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from core import name_matching
from office.services import erasure
from reviews import place_links
from reviews.services import teams, visits
from tests.factories import PersonFactory, organisation, sign_in_freshly
from tests.office.test_erasure import make_world, tables_holding

NAME, EMAIL = "Siobhán Ní Bhriain", "siobhan.nibhriain@fife.example.scot"
WRITTEN = (NAME, "siobhán  ní bhriain", "Siobhán_Ní_Bhriain", "Siobhan Ni Bhriain", "Siobhan-Ni-Bhriain", EMAIL)


def _plain(text: str) -> str:
    """Lower case, without accents, every run of spaces, underscores and hyphens one space: how a test reads."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s_-]+", " ", folded.lower())


def files_holding(root: Path) -> list[str]:
    """Every file in storage whose name or content (a PDF's text, any other file's bytes) has her name or email."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        text = data.decode("utf-8", "replace")
        if data.startswith(b"%PDF-") and len(data) > 100:
            text += " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        for part in (str(path.relative_to(root)), text):
            if "siobhan ni bhriain" in _plain(part) or EMAIL in part.lower():
                found.append(str(path.relative_to(root)))
    return sorted(set(found))


@pytest.fixture
def world(reference, settings, tmp_path):
    return make_world(settings, tmp_path)


@pytest.fixture
def siobhan(world, client):
    """On the team, her CV uploaded through the page, the visit pack rendered with her in it, her name written in
    several ways in the visit's notes (so in their history too), and her first name alone once."""
    ades, visit = world["people"]["ades"], world["visit"]
    person = PersonFactory(full_name=NAME, email=EMAIL, organisation=organisation(authority__name="Fife"))
    membership = teams.add_team_member(visit=visit, person=person, role="peer_reviewer", by=ades)
    sign_in_freshly(client, ades)
    cv = SimpleUploadedFile(f"{NAME} CV.pdf", b"%PDF-1.7 a curriculum vitae", "application/pdf")
    uploaded = client.post(reverse("reviews:document-upload", kwargs={"pk": visit.pk}), {"title": "CV", "file": cv})
    assert uploaded.status_code == 302
    hosts = list(visit.hosts.all())
    notes = [
        f"Ask Siobhán  Ní Bhriain ({EMAIL}) about the data pack.",
        "Siobhán_Ní_Bhriain_timetable.docx is on its way.",
        "SIOBHAN-NI-BHRIAIN agreed. Siobhán will bring the pack.",
    ]
    for text in notes:
        visits.update_visit(visit=visit, hosts=hosts, by=ades, notes=text)
    visits.update_visit(visit=visit, hosts=hosts, by=ades, notes=" ".join(notes))
    pack = client.get(reverse("reviews:visit-pack", kwargs={"pk": visit.pk}))
    assert pack.status_code == 200
    assert "Siobhán Ní Bhriain" in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pack.content)).pages)
    return {"person": person, "link": place_links.link_for(membership), "document": visit.documents.get()}


def _download_name(client, world, document) -> str:
    url = reverse("reviews:document-download", kwargs={"pk": world["visit"].pk, "document_pk": document.pk})
    response = client.get(url)
    for close in response._resource_closers:  # the file, without ending the request (which closes the database)
        close()
    assert response.status_code == 200
    return response["Content-Disposition"]


def test_the_page_erases_her_from_every_column_and_every_file(
    client, world, siobhan, settings, django_capture_on_commit_callbacks
):
    root = Path(settings.MEDIA_ROOT)
    before = {
        "tables": tables_holding(*WRITTEN) != [],
        "files": files_holding(root),
        "download": _download_name(client, world, siobhan["document"]),
        "place link": client.get(siobhan["link"]).status_code,
    }
    page = client.get(reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        erased = client.post(reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk}))

    stored = siobhan["document"].__class__.objects.get().file.name
    assert before["tables"]
    assert len(before["files"]) == 2
    assert "Siobh%C3%A1n_N%C3%AD_Bhriain_CV.pdf" in before["download"]
    assert before["place link"] == 200
    assert erased.status_code == 302
    assert tables_holding(*WRITTEN) == []
    assert files_holding(root) == []
    assert stored.endswith("/name-removed_CV.pdf")
    assert (root / stored).read_bytes() == b"%PDF-1.7 a curriculum vitae"
    assert _download_name(client, world, siobhan["document"]) == 'attachment; filename="name-removed_CV.pdf"'
    assert client.get(siobhan["link"]).status_code == 404
    visit = world["visit"]
    flat = " ".join(page.split())
    assert "The first name ‘Siobhán’ alone appears in 1 record a page edits, for you to review and edit:" in flat
    assert f'<a href="/visits/{visit.pk}/">Visit “{visit}”: notes</a>' in page
    assert (
        "The first name ‘Siobhán’ alone appears in 2 places no page edits. They are kept as they are (earlier "
        "versions until the history retention period ends, 6 years), unless you tick the box below:"
    ) in flat
    assert f"<li> Visit “{visit}”: notes, an earlier version (2 times) </li>" in flat  # not a link: nothing to edit
    assert 'name="history_too"' in page
    assert "<strong>Files named after them (1)</strong>" in page
    assert "<strong>Documents the portal has prepared (1)</strong>" in page
    assert "The surname ‘Ní Bhriain’ does not appear alone anywhere." in page
    assert "The last word of the surname ‘Bhriain’ does not appear alone anywhere." in page
    pack = client.get(reverse("reviews:visit-pack", kwargs={"pk": world["visit"].pk}))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack.content)).pages).split())
    assert "[name removed] agreed. Siobhán will bring the pack." in text  # rendered again, without her


def test_the_command_erases_as_the_page_does_and_prints_her_first_name_alone(
    world, siobhan, settings, django_capture_on_commit_callbacks
):
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_person", EMAIL, "--yes", stdout=out)

    printed = out.getvalue().splitlines()
    visit = world["visit"]
    assert (
        printed[
            printed.index(
                "The first name 'Siobhán' alone appears in 1 record a page edits, left for you to review and edit:"
            )
            + 1
        ]
        == f"  Visit “{visit}”: notes"
    )
    assert (
        "The first name 'Siobhán' alone appears in 2 places no page edits (earlier versions, the audit log, "
        "documents' titles): kept as they are (earlier versions until the history retention period ends, 6 years), "
        "unless you add --history-too:"
    ) in printed
    assert f"  Visit “{visit}”: notes, an earlier version (2 times)" in printed
    assert "Files named after them (1): renamed, with 'name-removed' in place of the name." in printed
    assert printed[-1] == "Erased. Their name or email was replaced in 6 places of typed text and in 1 file name."
    assert tables_holding(*WRITTEN) == []
    assert files_holding(Path(settings.MEDIA_ROOT)) == []


def test_an_erasure_that_fails_leaves_every_file_as_it_was(world, siobhan, settings, monkeypatch):
    from office import erasure_text

    root = Path(settings.MEDIA_ROOT)
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    monkeypatch.setattr(erasure_text, "replace_everywhere", lambda words: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        erasure.erase(person=siobhan["person"], via="test")

    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == before
    assert siobhan["document"].__class__.objects.get().file.name == siobhan["document"].file.name


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Siobhán Ní Bhriain", True),
        ("siobhán   NÍ bhriain", True),
        ("visits/33/ab12/Siobhán_Ní_Bhriain_CV.pdf", True),
        ("Siobhan-Ni-Bhriain", True),
        ("Siobha\u0301n Ni\u0301 Bhriain", True),  # accents as combining marks
        ("Siobhán Ní Bhriain-Reid", False),  # a longer, hyphenated name
        ("MaireSiobhán Ní Bhriain", False),
        ("Siobhán Bhriain", False),
    ],
)
def test_a_name_is_matched_however_written_and_only_as_a_whole(text, named):
    assert name_matching.names(text, NAME) is named


@pytest.mark.parametrize("answered", [True, False])
def test_an_erased_persons_survey_link_stops_working_answered_or_not(world, siobhan, client, answered):
    from surveys.models import Invitation
    from tests.factories import survey_round_for
    from tests.surveys.test_anonymity import answer

    ades, colleague = world["people"]["ades"], world["team"][0]
    survey_round = survey_round_for(world["visit"], by=ades, cohort="still open")
    if answered:
        answer(survey_round, siobhan["person"], value=4)
    theirs, colleagues = (
        Invitation.objects.get(survey_round=survey_round, person=person).get_absolute_url()
        for person in (siobhan["person"], colleague)
    )
    before = client.get(theirs).status_code

    erasure.erase(person=siobhan["person"], by=ades, via="test")

    assert (before, client.get(theirs).status_code, client.get(colleagues).status_code) == (200, 404, 200)


FILE_NAMES = {  # as uploaded: as stored after her erasure (the folder aside)
    "agenda-siobhan-ni-bhriain.pdf": "agenda-name-removed.pdf",
    "Siobhan-Ni-Bhriain-CV.pdf": "name-removed-CV.pdf",
    "CV-Siobhan-Ni-Bhriain.pdf": "CV-name-removed.pdf",
    "Siobhan_Ni_Bhriain-CV.pdf": "name-removed-CV.pdf",
    "Siobhán.Ní.Bhriain.pdf": "name-removed.pdf",
    f"{EMAIL} notes.pdf": "name-removed_notes.pdf",  # stored as siobhan.nibhriainfife.example.scot_notes.pdf
    "Morag_Dunsmuir-Reid.pdf": "Morag_Dunsmuir-Reid.pdf",
}


@pytest.mark.parametrize(("uploaded", "renamed"), FILE_NAMES.items())
def test_a_file_name_is_renamed_however_storage_and_people_wrote_her_name(uploaded, renamed):
    from django.utils.text import get_valid_filename

    from office import erasure_files

    stored = f"visits/3/{get_valid_filename(uploaded)}"

    new = erasure_files._new_name(stored, erasure_files.file_words([NAME, EMAIL]))

    assert (new or stored) == f"visits/3/{renamed}"


def test_a_file_of_someone_with_a_longer_hyphenated_name_is_renamed_too():
    """In a file name a name is bounded by anything but a letter or digit, so erasing Morag Dunsmuir renames Morag
    Dunsmuir-Reid's file too. That is harmless, and chosen: only the file's name changes, never what it holds or
    who may download it, whereas a stricter match would leave "Morag-Dunsmuir-CV.pdf" naming an erased person. Text
    columns keep the strict match ("Morag Dunsmuir-Reid" typed in notes is left)."""
    from office import erasure_files

    new = erasure_files._new_name("visits/3/Morag_Dunsmuir-Reid.pdf", erasure_files.file_words(["Morag Dunsmuir"]))

    assert new == "visits/3/name-removed-Reid.pdf"
    assert name_matching.names("Morag Dunsmuir-Reid", "Morag Dunsmuir") is False


def test_the_page_renames_every_file_named_after_her_and_counts_them_first(
    client, world, siobhan, settings, django_capture_on_commit_callbacks
):
    visit = world["visit"]
    upload_url = reverse("reviews:document-upload", kwargs={"pk": visit.pk})
    uploaded = [name for name in FILE_NAMES if "Morag" not in name]
    for name in uploaded:
        upload = SimpleUploadedFile(name, b"%PDF-1.7 an agenda", "application/pdf")
        assert client.post(upload_url, {"title": name[:20], "file": upload}).status_code == 302
    erase_url = reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})
    page = client.get(erase_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(erase_url)

    stored = sorted(Path(name).name for name in visit.documents.values_list("file", flat=True))
    assert f"<strong>Files named after them ({len(uploaded) + 1})</strong>" in page  # and her CV
    assert stored == sorted([*(FILE_NAMES[name] for name in uploaded), "name-removed_CV.pdf"])
    assert files_holding(Path(settings.MEDIA_ROOT)) == []
