"""Every form of the person's name an erasure renames in a file name is gone from text too: a name written as one
piece (joined by hyphens, underscores or full stops), a space-written name with a suffix ("-CV"), surname first,
the email without its domain; a surname of two words is listed whole and by its last word; prose keeps "Ann Lee"
out of "Ann Lee-Smith"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import name_matching, personal_data
from core.models import AuditEntry
from tests.factories import sign_in_freshly
from tests.office import test_erasure_files
from tests.office.test_erasure import tables_holding
from tests.office.test_erasure_files import EMAIL, NAME

world, siobhan = test_erasure_files.world, test_erasure_files.siobhan  # the same fixtures: her, named everywhere
WORDS = {NAME: "[name removed]", EMAIL: "[email removed]"}


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("agenda-siobhan-ni-bhriain", "agenda-[name removed]"),
        ("Siobhán-Ní-Bhriain-CV", "[name removed]-CV"),
        ("Siobhán Ní Bhriain-CV", "[name removed]-CV"),
        ("Siobhán.Ní.Bhriain.pdf", "[name removed].pdf"),
        ("notes_siobhan_ni_bhriain_2024", "notes_[name removed]_2024"),
        ("Siobhán Ní Bhriain-Reid chairs.", "Siobhán Ní Bhriain-Reid chairs."),  # a longer, hyphenated name
        ("Máire-Siobhán Ní Bhriain chairs.", "Máire-Siobhán Ní Bhriain chairs."),
        ("MaireSiobhán-Ní-Bhriain", "MaireSiobhán-Ní-Bhriain"),  # a letter next to it: another word
    ],
)
def test_text_loses_her_name_however_it_was_joined(text, redacted):
    assert personal_data.redact(text, WORDS) == redacted


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Ann Lee-Smith will chair.", False),
        ("Mary-Ann Lee will chair.", False),
        ("Joann Lee will chair.", False),
        ("Ann Lee-notes.docx", True),  # a suffix, not a capitalised surname
        ("Ann-Lee-notes", True),
        ("Ann Lee will chair.", True),
    ],
)
def test_prose_keeps_a_hyphenated_surname_apart(text, named):
    assert name_matching.names(text, "Ann Lee") is named


def test_the_other_forms_are_surname_first_and_the_emails_local_part_unless_generic_or_short():
    assert name_matching.other_forms(NAME, EMAIL) == [
        "Ní Bhriain Siobhán",
        "Ní Bhriain, Siobhán",
        "siobhan.nibhriain",
    ]
    assert name_matching.other_forms("Ann Lee", "info@fife.scot") == ["Lee Ann", "Lee, Ann"]
    assert name_matching.other_forms("Ann Lee", "al@fife.scot") == ["Lee Ann", "Lee, Ann"]
    assert name_matching.other_forms("Siobhan Lee", "siobhan@fife.scot") == ["Lee Siobhan", "Lee, Siobhan"]
    assert name_matching.other_forms("Morag", "morag.d@x.scot") == ["morag.d"]


FILES = {  # uploaded, with the title left empty: stored name after her erasure (the folder aside)
    "agenda-siobhan-ni-bhriain.pdf": "agenda-name-removed.pdf",
    "Ni_Bhriain_Siobhan_-_pre-reading.pdf": "name-removed_-_pre-reading.pdf",
    "siobhan.nibhriain_notes.pdf": "name-removed_notes.pdf",
}


def test_files_named_after_her_any_way_keep_her_name_in_no_title_audit_entry_or_file(
    client, world, siobhan, django_capture_on_commit_callbacks
):
    visit, ades = world["visit"], world["people"]["ades"]
    sign_in_freshly(client, ades)
    for name in FILES:
        upload = SimpleUploadedFile(name, b"%PDF-1.7 an agenda", "application/pdf")
        url = reverse("reviews:document-upload", kwargs={"pk": visit.pk})
        assert client.post(url, {"title": "", "file": upload}).status_code == 302
    titles = sorted(visit.documents.exclude(title="CV").values_list("title", flat=True))
    erase_url = reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})
    page = " ".join(client.get(erase_url).content.decode().split())

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(erase_url).status_code == 302

    assert titles == ["Ni_Bhriain_Siobhan_-_pre-reading", "agenda-siobhan-ni-bhriain", "siobhan.nibhriain_notes"]
    assert "<strong>Files named after them (4)</strong>" in page
    stored = sorted(d.file.name.rsplit("/", 1)[1] for d in visit.documents.exclude(title="CV"))
    assert stored == sorted(FILES.values())
    assert sorted(visit.documents.exclude(title="CV").values_list("title", flat=True)) == [
        "[email removed]_notes",
        "[name removed]_-_pre-reading",
        "agenda-[name removed]",
    ]
    attached = list(AuditEntry.objects.filter(summary__startswith="Attached").values_list("summary", flat=True))
    assert len(attached) == 4
    assert [s for s in attached if "bhriain" in name_matching.fold(s).lower()] == []
    assert tables_holding("bhriain", "nibhriain") == []


def test_a_two_word_surname_is_listed_whole_and_by_its_last_word(client, world, siobhan):
    from reviews.services import visits

    visit, ades = world["visit"], world["people"]["ades"]
    visits.update_visit(visit=visit, hosts=list(visit.hosts.all()), by=ades, notes="Ms Ní Bhriain sent it.")
    erase_url = reverse("office:person-erase", kwargs={"pk": siobhan["person"].pk})
    page = " ".join(client.get(erase_url).content.decode().split())

    client.post(erase_url, {"history_too": "on"})

    visit.refresh_from_db()
    assert "The surname ‘Ní Bhriain’ alone appears in 1 record a page edits, for you to review and edit:" in page
    assert "The last word of the surname ‘Bhriain’ does not appear alone anywhere." in page
    assert visit.notes == "Ms Ní Bhriain sent it."  # a page edits it: left for the officer
    assert not [n for n in visit.history.values_list("notes", flat=True) if "Bhriain" in n]
    assert "Ms [name removed] sent it." in visit.history.values_list("notes", flat=True)
