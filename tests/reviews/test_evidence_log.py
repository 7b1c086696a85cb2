"""A visit's evidence log, confidential to its team: who reads each entry, what the pages refuse, what is checked,
the counts the report may publish, and that nothing the log says reaches a public page, file or export."""

import datetime

import pytest
import rules
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.choices import OrganisationKind, Role
from core import personal_data
from core.models import AuditEntry
from office.services import erasure
from reports.services import drafting
from reviews.evidence import evidence_counts, evidence_counts_for, evidence_log
from reviews.models import FocusGroup, WrittenView
from reviews.services import evidence
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation
from tests.reports.test_workflow import DRAFT, pdf_text

HELD = datetime.date(2025, 3, 6)
# Words written only in the log: none may appear in anything the public (or the host's officers off the team) see.
SECRETS = ["Quietcorridor", "Lanternfish", "Hollowbrook", "Marshwren", "Tidewater"]


@pytest.fixture
def world(reference):
    visit = VisitFactory(hosts=["Angus"], status="confirmed", starts_on=datetime.date(2025, 3, 5))
    people = {
        "recorder": PersonFactory(organisation=organisation(kind=OrganisationKind.EDUCATION_SCOTLAND)),
        "member": PersonFactory(organisation=organisation(authority__name="Fife")),
        "lead": PersonFactory(organisation=organisation(authority__name="Moray")),
        "host_on_team": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "declined": PersonFactory(organisation=organisation(authority__name="Highland")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES)),
        "host_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "other_officer": PersonFactory(
            role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Stirling")
        ),
    }
    MembershipFactory(visit=visit, person=people["recorder"], role="education_scotland_officer")
    MembershipFactory(visit=visit, person=people["member"])
    MembershipFactory(visit=visit, person=people["lead"], is_lead=True)
    MembershipFactory(visit=visit, person=people["host_on_team"], role="host_officer")
    MembershipFactory(visit=visit, person=people["declined"], place="declined")
    return visit, people


def focus_group(visit, by, *, readers="team", **fields):
    values = {
        "group": "learners",
        "description": "",
        "participants": 8,
        "host_staff_present": "no",
        "held_on": HELD,
        "note": "",
        "readers": readers,
        **fields,
    }
    return evidence.record_focus_group(visit=visit, by=by, **values)


def written_view(visit, by, *, readers="team", **fields):
    values = {"from_whom": "HMI", "received_on": HELD, "summary": "Views on the focus.", "readers": readers, **fields}
    return evidence.record_written_view(visit=visit, by=by, **values)


# Who reads an entry recorded by "recorder", at each level: the whole team; the team lead and ADES officers.
READERS = {
    "recorder": (True, True),
    "member": (True, False),
    "host_on_team": (True, False),
    "lead": (True, True),
    "ades": (True, True),
    "declined": (False, False),
    "host_officer": (False, False),
    "other_officer": (False, False),
}


@pytest.mark.parametrize("who", READERS)
def test_who_reads_an_entry_at_each_level(world, who):
    visit, people = world
    team_entry = focus_group(visit, people["recorder"], readers="team")
    leads_entry = written_view(visit, people["recorder"], readers="leads")
    person = people[who]

    reads = (
        person.has_perm("reviews.read_evidence_entry", team_entry),
        person.has_perm("reviews.read_evidence_entry", leads_entry),
    )
    log = evidence_log(person, visit)

    assert reads == READERS[who]
    assert ([e.pk for e in log.focus_groups], [e.pk for e in log.written_views]) == (
        [team_entry.pk] if READERS[who][0] else [],
        [leads_entry.pk] if READERS[who][1] else [],
    )


def test_the_public_and_a_superuser_off_the_team_read_nothing(world):
    visit, people = world
    entry = focus_group(visit, people["recorder"])
    superuser = PersonFactory(is_superuser=True, second_factor=False)

    for nobody in (AnonymousUser(), superuser):
        assert not rules.has_perm("reviews.read_evidence_entry", nobody, entry)
        assert evidence_log(nobody, visit).is_empty


def test_who_may_change_an_entry(world):
    visit, people = world
    entry = focus_group(visit, people["recorder"])

    may = {who: people[who].has_perm("reviews.change_evidence_entry", entry) for who in READERS}

    assert may == {
        "recorder": True,
        "member": False,  # reads it (the whole team may), but it is not theirs
        "host_on_team": False,
        "lead": True,
        "ades": True,
        "declined": False,
        "host_officer": False,
        "other_officer": False,
    }


def test_the_log_page_lists_what_the_reader_may_read_and_the_rest_404s(client, world):
    visit, people = world
    shared = focus_group(visit, people["recorder"], note="Shared with the whole team.")
    private = focus_group(visit, people["lead"], readers="leads", note="For the lead and ADES only.")
    client.force_login(people["member"])

    page = client.get(reverse("reviews:evidence-log", kwargs={"pk": visit.pk}))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Shared with the whole team." in text
    assert "For the lead and ADES only." not in text
    for name in ("reviews:focus-group-edit", "reviews:focus-group-remove"):
        assert client.get(reverse(name, kwargs={"pk": visit.pk, "entry_pk": private.pk})).status_code == 404
        # It reads the shared one, but may not change what someone else recorded.
        assert client.get(reverse(name, kwargs={"pk": visit.pk, "entry_pk": shared.pk})).status_code == 404
    # An entry's address under another visit is not there either.
    other = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2025, 3, 5))
    MembershipFactory(visit=other, person=people["member"])
    wrong = reverse("reviews:focus-group-edit", kwargs={"pk": other.pk, "entry_pk": shared.pk})
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("who", ["host_officer", "other_officer", "declined"])
def test_the_log_404s_for_anyone_off_the_team(client, world, who):
    visit, people = world
    client.force_login(people[who])

    assert client.get(reverse("reviews:evidence-log", kwargs={"pk": visit.pk})).status_code == 404
    assert client.get(reverse("reviews:focus-group-add", kwargs={"pk": visit.pk})).status_code == 404


def test_the_public_gets_404(client, world):
    visit, _people = world

    assert client.get(reverse("reviews:evidence-log", kwargs={"pk": visit.pk})).status_code == 404


def test_the_visit_page_links_the_log_for_the_team_only(client, world):
    visit, people = world
    log = reverse("reviews:evidence-log", kwargs={"pk": visit.pk})

    shown = {}
    for who in ("member", "ades", "host_officer"):
        client.force_login(people[who])
        shown[who] = log in client.get(visit.get_absolute_url()).content.decode()

    assert shown == {"member": True, "ades": True, "host_officer": False}


def test_empty_log_says_so(client, world):
    visit, people = world
    client.force_login(people["member"])

    page = client.get(reverse("reviews:evidence-log", kwargs={"pk": visit.pk}))

    assert "No focus groups or written views are recorded that you can read yet." in page.content.decode()


def test_a_team_member_records_a_focus_group_through_the_page(client, world):
    visit, people = world
    client.force_login(people["member"])
    url = reverse("reviews:focus-group-add", kwargs={"pk": visit.pk})

    response = client.post(
        url,
        {
            "group": "parents",
            "description": "",
            "participants": "",
            "host_staff_present": "yes",
            "held_on": "06/03/2025",
            "note": "Parents valued the new reporting.",
            "readers": "leads",
        },
    )

    entry = FocusGroup.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reviews:evidence-log", kwargs={"pk": visit.pk})
    assert (entry.group, entry.participants, entry.host_staff_present, entry.readers, entry.recorded_by) == (
        "parents",
        None,
        "yes",
        "leads",
        people["member"],
    )
    listed = client.get(response.url).content.decode()
    assert "Parents and carers" in listed
    assert "Not recorded" in listed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"group": "other", "description": " "}, "description", "Say who the group was"),
        ({"participants": "0"}, "participants", "Enter how many took part, 1 or more, or leave it empty."),
        ({"participants": "eight"}, "participants", "Enter a whole number, like 8, or leave it empty."),
        ({"held_on": "31/02/2025"}, "held_on", "Enter a real date, like 27/08/2024."),
        ({"held_on": ""}, "held_on", "Enter the day the focus group was held."),
        ({"group": ""}, "group", "Choose which group the team met."),
        ({"readers": "everyone"}, "readers", "Select a valid choice."),
    ],
)
def test_bad_focus_group_input_is_named_by_its_field_and_changes_nothing(client, world, changes, field, message):
    visit, people = world
    entry = focus_group(visit, people["member"], note="As it was.")
    client.force_login(people["member"])
    data = {
        "group": "learners",
        "description": "",
        "participants": "8",
        "host_staff_present": "no",
        "held_on": "06/03/2025",
        "note": "Changed.",
        "readers": "team",
        **changes,
    }

    response = client.post(reverse("reviews:focus-group-edit", kwargs={"pk": visit.pk, "entry_pk": entry.pk}), data)

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    entry.refresh_from_db()
    assert entry.note == "As it was."


def test_a_written_view_needs_who_it_came_from_and_a_summary(client, world):
    visit, people = world
    client.force_login(people["member"])

    response = client.post(
        reverse("reviews:written-view-add", kwargs={"pk": visit.pk}),
        {"from_whom": "", "received_on": "06/03/2025", "summary": "", "readers": "team"},
    )

    errors = response.context["form"].errors
    assert errors["from_whom"] == ["Enter who the view came from, as an organisation or role."]
    assert errors["summary"] == ["Summarise what the view says."]
    assert not WrittenView.objects.exists()


def test_the_services_check_what_the_form_checks(world):
    visit, people = world
    with pytest.raises(ValidationError) as other:
        focus_group(visit, people["member"], group="other", description="")
    with pytest.raises(ValidationError) as none:
        focus_group(visit, people["member"], participants=0)

    assert list(other.value.message_dict) == ["description"]
    assert list(none.value.message_dict) == ["participants"]
    assert not FocusGroup.objects.exists()


def test_removal_asks_first_and_is_audited_without_the_entry_s_words(client, world):
    visit, people = world
    entry = written_view(visit, people["recorder"], summary="Tidewater thinking.")
    client.force_login(people["lead"])
    url = reverse("reviews:written-view-remove", kwargs={"pk": visit.pk, "entry_pk": entry.pk})

    asked = client.get(url)
    assert "Remove this written view from the evidence log?" in asked.content.decode()
    assert WrittenView.objects.filter(pk=entry.pk).exists()

    client.post(url)

    assert not WrittenView.objects.exists()
    summaries = list(AuditEntry.objects.order_by("pk").values_list("summary", flat=True))
    assert summaries[-2:] == [
        f"Recorded a written view in the evidence log of the visit to Angus, {visit.when}",
        f"Removed a written view from the evidence log of the visit to Angus, {visit.when}",
    ]


def test_an_edit_is_saved_and_audited(client, world):
    visit, people = world
    entry = focus_group(visit, people["recorder"])
    client.force_login(people["recorder"])

    client.post(
        reverse("reviews:focus-group-edit", kwargs={"pk": visit.pk, "entry_pk": entry.pk}),
        {
            "group": "other",
            "description": "Youth workers",
            "participants": "5",
            "host_staff_present": "not_recorded",
            "held_on": "07/03/2025",
            "note": "",
            "readers": "leads",
        },
    )

    entry.refresh_from_db()
    assert (entry.group, entry.description, entry.participants, entry.held_on, entry.readers) == (
        "other",
        "Youth workers",
        5,
        datetime.date(2025, 3, 7),
        "leads",
    )
    assert AuditEntry.objects.filter(kind="visit.evidence.changed").count() == 1


def test_the_log_page_asks_the_same_number_of_queries_however_many_entries(client, world):
    visit, people = world
    client.force_login(people["lead"])
    url = reverse("reviews:evidence-log", kwargs={"pk": visit.pk})
    focus_group(visit, people["recorder"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        focus_group(visit, people["member"], readers="leads")
        written_view(visit, people["recorder"], from_whom=f"Partner {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)

    assert page.content.decode().count("<td>Partner ") == 5
    assert len(many) == len(few)


def test_counts_are_none_until_something_is_recorded(world):
    visit, people = world
    assert evidence_counts(visit) is None

    for _ in range(3):
        focus_group(visit, people["member"], readers="leads")
    written_view(visit, people["recorder"])
    counts = evidence_counts(visit)

    assert (counts.focus_groups, counts.written_views) == (3, 1)
    assert counts.sentence == "3 focus groups and 1 written view were recorded"


def test_counts_for_many_visits_take_two_queries(world, django_assert_num_queries):
    visit, people = world
    focus_group(visit, people["member"])
    other = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2025, 3, 5))
    nothing = VisitFactory(hosts=["Moray"], starts_on=datetime.date(2025, 3, 5))
    written_view(other, people["ades"])

    with django_assert_num_queries(2):
        counts = evidence_counts_for([visit, other, nothing])

    assert {pk: (c.focus_groups, c.written_views) for pk, c in counts.items()} == {visit.pk: (1, 0), other.pk: (0, 1)}
    assert counts[visit.pk].sentence == "1 focus group was recorded"


def _published(visit, people, capture):
    host = people["host_officer"]
    report = drafting.start_report(visit=visit, by=host)
    drafting.save_draft(report=report, by=host, **DRAFT)
    drafting.submit_report(report=report, by=host)
    with capture(execute=True):
        version = drafting.publish_report(report=report, by=people["ades"])
    version.refresh_from_db()
    return version


def test_nothing_the_log_says_reaches_a_public_page_file_or_export(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    visit, people = world
    focus_group(visit, people["recorder"], group="other", description=SECRETS[0], note=SECRETS[1], readers="leads")
    written_view(visit, people["member"], from_whom=SECRETS[2], summary=f"{SECRETS[3]} and {SECRETS[4]}")
    version = _published(visit, people, django_capture_on_commit_callbacks)
    slug = visit.programme.slug

    public = [
        reverse("reports:archive"),
        reverse("reports:index-json"),
        reverse("reports:index-csv"),
        reverse("reports:report-detail", kwargs={"pk": version.report.pk}),
        reverse("reviews:programme-detail", kwargs={"slug": slug}),
        reverse("reviews:programme-export", kwargs={"slug": slug, "fmt": "csv"}),
        reverse("authorities:authority-detail", kwargs={"slug": "angus"}),
        reverse("core:home"),
    ]
    outputs = {url: client.get(url) for url in public}
    texts = {url: response.content.decode() for url, response in outputs.items()}
    texts["pdf"] = pdf_text(version)
    texts["published content"] = str(version.content) + version.search_text

    assert all(response.status_code == 200 for response in outputs.values())
    found = {where: [word for word in SECRETS if word in text] for where, text in texts.items()}
    assert found == {where: [] for where in texts}
    # What the report may say: how many, in the PDF and on the public page.
    sentence = "1 focus group and 1 written view were recorded in the team's evidence log"
    assert sentence in texts["pdf"]
    assert sentence in " ".join(texts[public[3]].split())


def test_a_report_says_the_count_is_not_recorded_when_the_team_recorded_nothing(world):
    visit, people = world
    report = drafting.start_report(visit=visit, by=people["host_officer"])

    content = drafting.snapshot(report)

    assert content["evidence_log"] is None


def test_the_log_text_is_not_in_the_audit_log(world):
    visit, people = world
    focus_group(visit, people["recorder"], description="Marshwren", group="other", note="Lanternfish")

    summaries = " ".join(AuditEntry.objects.values_list("summary", flat=True))

    assert "Marshwren" not in summaries
    assert "Lanternfish" not in summaries
    assert f"Recorded a focus group in the evidence log of the visit to Angus, {visit.when}" in summaries


def test_personal_data_export_lists_what_they_recorded_without_its_words(world):
    visit, people = world
    focus_group(visit, people["recorder"], note="Lanternfish")
    written_view(visit, people["recorder"], summary="Marshwren")

    exported = personal_data.export(people["recorder"])

    assert exported["Focus groups they recorded in evidence logs"] == [
        {
            "visit": visit.pk,
            "visit starts": visit.starts_on,
            "visit ends": visit.ends_on,
            "recorded": FocusGroup.objects.get().created_at,
        }
    ]
    assert len(exported["Written views they recorded in evidence logs"]) == 1
    assert "Lanternfish" not in str(exported)
    assert "Marshwren" not in str(exported)


def test_erasure_keeps_the_entries_for_the_team_and_takes_the_name_out_of_them(world):
    visit, people = world
    recorder = people["recorder"]
    entry = focus_group(visit, recorder, note=f"Recorded by {recorder.full_name} after the session.")

    erasure.erase(person=recorder, by=people["ades"], via="test")

    entry.refresh_from_db()
    assert entry.recorded_by_id == recorder.pk  # kept, with the person's (erased) record in place of their name
    assert recorder.full_name not in entry.note


def test_the_evidence_log_has_no_data_maintenance_page():
    assert not admin.site.is_registered(FocusGroup)
    assert not admin.site.is_registered(WrittenView)


@pytest.mark.parametrize(
    ("held", "message"),
    [
        (datetime.date(2099, 1, 1), "Give the date it was held: it cannot be in the future."),
        (
            datetime.date(1990, 1, 1),
            "Give the date it was held, between 3 September 2024 and 8 March 2026: from six months before the visit to "
            "a year after it.",
        ),
    ],
)
def test_an_entry_dated_in_the_future_or_far_from_its_visit_is_refused_and_nothing_is_saved(world, held, message):
    visit, people = world

    with pytest.raises(ValidationError) as refused:
        focus_group(visit, people["recorder"], held_on=held)

    assert refused.value.message_dict == {"held_on": [message]}
    assert FocusGroup.objects.count() == 0
