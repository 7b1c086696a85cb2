"""Online and hybrid day-plan sessions: a meeting link (https only, required for online and hybrid, refused in person)
that only the team sees: in the day plan, the visit pack and their calendars; never in anything public, the report,
the archive, its index, the programme's export or an email."""

import datetime
import io
import json
import zoneinfo

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from authorities.choices import Role
from core.models import OutgoingEmail
from reports.services import drafting
from reviews.choices import SessionMode
from reviews.models import DaySession
from reviews.services import visits as visit_services
from reviews.services.visits import calendar_feed_for
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation
from tests.reports.test_case_studies import pdf_text
from tests.reports.test_workflow import DRAFT
from tests.reports.test_workflow import pdf_text as version_text

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/j/8812?pwd=a1b2&x=<b>"
TYPED = "Meeting link"


@pytest.fixture
def host(reference):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"], status="confirmed")


@pytest.fixture
def online(visit):
    return DaySession.objects.create(
        visit=visit,
        day=2,
        starts_at=datetime.time(14, 0),
        ends_at=datetime.time(15, 30),
        title="Focus group, parents; carers, online",
        where="Forfar Academy",
        mode=SessionMode.HYBRID,
        meeting_link=LINK,
    )


def row(n=0, **fields) -> dict:
    values = {"day": "1", "starts_at": "09:00", "title": "Parents' focus group", **fields}
    return {f"sessions-{n}-{name}": value for name, value in values.items()}


def management(total=1, initial=0) -> dict:
    return {
        "sessions-TOTAL_FORMS": str(total),
        "sessions-INITIAL_FORMS": str(initial),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }


def post_plan(client, visit, **fields):
    return client.post(reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk}), {**management(), **row(**fields)})


@pytest.mark.parametrize(
    ("mode", "link", "error"),
    [
        ("online", "", "Enter the meeting link, starting https://, for an online or hybrid session."),
        ("hybrid", "", "Enter the meeting link, starting https://, for an online or hybrid session."),
        ("in_person", LINK, "Remove the meeting link, or choose online or hybrid: a session in person has none."),
        ("online", "http://meet.example.org/j/1", "Enter the whole meeting link, starting https://."),
        ("online", "meet.example.org/j/1", "Enter the whole meeting link, starting https://."),
        ("online", "javascript:alert(1)", "Enter the whole meeting link, starting https://."),
    ],
)
def test_a_bad_link_is_marked_beside_its_field_and_nothing_is_saved(client, host, visit, mode, link, error):
    client.force_login(host)

    response = post_plan(client, visit, mode=mode, meeting_link=link)

    assert response.context["formset"].forms[0].errors == {"meeting_link": [error]}
    assert response.context["formset"].forms[0]["meeting_link"].value() == link  # what was typed stays
    assert visit.day_sessions.count() == 0


def test_an_online_session_is_saved_with_its_link_as_typed(client, host, visit):
    client.force_login(host)

    response = post_plan(client, visit, mode="online", meeting_link=LINK)

    assert response.status_code == 302
    assert list(visit.day_sessions.values_list("mode", "meeting_link")) == [("online", LINK)]


def test_a_row_without_a_mode_is_held_in_person_and_a_blank_row_adds_nothing(client, host, visit):
    client.force_login(host)
    data = {**management(total=2), **row()}  # an older page: no mode; the second row left blank

    response = client.post(reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk}), data)

    assert response.status_code == 302
    assert list(visit.day_sessions.values_list("mode", "meeting_link")) == [("in_person", "")]


def test_the_database_refuses_a_link_in_person_and_none_online(visit):
    with pytest.raises(IntegrityError):
        DaySession.objects.create(visit=visit, day=1, starts_at=datetime.time(9), title="x", meeting_link=LINK)


def test_the_database_refuses_an_online_session_without_a_link(visit):
    with pytest.raises(IntegrityError):
        DaySession.objects.create(visit=visit, day=1, starts_at=datetime.time(9), title="x", mode=SessionMode.ONLINE)


def test_the_team_sees_the_link_on_the_day_plan_and_the_public_never_does(client, host, visit, online):
    member = MembershipFactory(visit=visit).person
    ades = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    escaped = "https://meet.example.org/j/8812?pwd=a1b2&amp;x=&lt;b&gt;"
    url = reverse("reviews:day-plan", kwargs={"pk": visit.pk})
    pages = {}
    for name, person in (("member", member), ("host", host), ("ades", ades)):
        client.force_login(person)
        pages[name] = client.get(url).content.decode()
    client.logout()
    type(visit).objects.filter(pk=visit.pk).update(day_plan_public=True)
    public = client.get(url).content.decode()

    for page in pages.values():
        assert f'href="{escaped}"' in page
        assert "<b>" not in page.split("<main")[1]
    assert "Hybrid (in person and online)" in public
    assert "meet.example.org" not in public


def test_the_visit_pack_shows_the_link_as_text_and_as_a_link(client, host, visit, online):
    client.force_login(host)

    response = client.get(reverse("reviews:visit-pack", kwargs={"pk": visit.pk}))

    reader = PdfReader(io.BytesIO(response.content))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    text = pdf_text(response.content).replace(" ", "")
    assert "https://meet.example.org/j/8812?pwd=a1b2&x=%3Cb%3E" in uris  # the same link, as a URI writes it
    assert "Join:https://meet.example.org/j/8812?pwd=a1b2&x=<b>" in text
    assert "Scope" in pdf_text(response.content)
    assert "An authority-wide review" in pdf_text(response.content)


def _session_events(content: bytes):
    return [e for e in Calendar.from_ical(content).walk("VEVENT") if str(e["uid"]).startswith("session-")]


def test_the_visit_calendar_carries_the_session_with_its_link_for_the_team(client, host, visit, online):
    member = MembershipFactory(visit=visit).person
    client.force_login(member)

    content = client.get(reverse("reviews:visit-calendar", kwargs={"pk": visit.pk})).content

    [event] = _session_events(content)
    london = zoneinfo.ZoneInfo("Europe/London")
    assert str(event["summary"]) == "Focus group, parents; carers, online (hybrid (in person and online)) – Angus"
    assert event.decoded("dtstart") == datetime.datetime(2030, 3, 6, 14, 0, tzinfo=london)
    assert event.decoded("dtend") == datetime.datetime(2030, 3, 6, 15, 30, tzinfo=london)
    assert str(event["url"]) == LINK
    assert str(event["location"]) == f"Forfar Academy, and online: {LINK}"
    assert str(event["description"]).startswith(f"Join online: {LINK}\nThe link is for the team only")
    assert b"parents\\; carers\\, online" in content  # escaped as iCalendar text
    assert Calendar.from_ical(content).walk("VTIMEZONE")[0]["tzid"] == "Europe/London"


def test_a_persons_feed_carries_the_sessions_of_their_visits_only(client, visit, online):
    member = MembershipFactory(visit=visit).person
    elsewhere = VisitFactory(hosts=["Fife"])
    DaySession.objects.create(
        visit=elsewhere,
        day=1,
        starts_at=datetime.time(9),
        title="Not theirs",
        mode=SessionMode.ONLINE,
        meeting_link="https://meet.example.org/other",
    )

    content = client.get(calendar_feed_for(person=member).get_absolute_url()).content

    assert [str(e["url"]) for e in _session_events(content)] == [LINK]
    assert b"meet.example.org/other" not in content


def test_an_in_person_session_adds_no_event(client, host, visit):
    DaySession.objects.create(visit=visit, day=1, starts_at=datetime.time(9), title="Welcome")
    client.force_login(host)

    content = client.get(reverse("reviews:visit-calendar", kwargs={"pk": visit.pk})).content

    assert _session_events(content) == []
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 1


def test_the_link_is_absent_from_the_report_archive_index_export_and_emails(
    client, host, visit, online, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    ades = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES"))
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(visit=visit)
        visit_services.update_visit(
            visit=visit,
            hosts=visit.hosts.all(),
            starts_on=datetime.date(2030, 3, 12),
            ends_on=datetime.date(2030, 3, 14),
            by=ades,
        )
        report = drafting.start_report(visit=visit, by=ades)
        drafting.save_draft(report=report, by=ades, **DRAFT)
        drafting.submit_report(report=report, by=ades)
        drafting.publish_report(report=report, by=ades)
    version = report.versions.get()
    type(visit).objects.filter(pk=visit.pk).update(day_plan_public=True)  # the public sees the plan, not the link
    client.force_login(host)
    draft_page = client.get(reverse("reports:report-preview", kwargs={"visit_pk": visit.pk}))
    client.logout()

    outputs = {
        "report page": client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})).content.decode(),
        "report PDF": version_text(version),
        "draft": draft_page.content.decode(),
        "archive": client.get("/reports/").content.decode(),
        "index.json": json.dumps(json.loads(client.get("/reports/index.json").content)),
        "index.csv": client.get("/reports/index.csv").content.decode(),
        "export": client.get(
            reverse("reviews:programme-export", kwargs={"slug": visit.programme.slug, "fmt": "csv"})
        ).content.decode(),
        "emails": " ".join([m.body for m in mail.outbox] + list(OutgoingEmail.objects.values_list("body", flat=True))),
        "public day plan": client.get(reverse("reviews:day-plan", kwargs={"pk": visit.pk})).content.decode(),
    }

    assert mail.outbox or OutgoingEmail.objects.exists()  # emails were sent
    assert draft_page.status_code == 200
    assert "Hybrid" in outputs["public day plan"]
    assert {name: "meet.example.org" in text for name, text in outputs.items()} == dict.fromkeys(outputs, False)


def test_copying_a_plan_leaves_the_earlier_link_behind(host, visit, online):
    from reviews.services import day_plans

    later = VisitFactory(hosts=["Angus"], starts_on=datetime.date(2031, 3, 4))
    day_plans.copy_from(visit=later, earlier=visit, by=host)

    assert list(later.day_sessions.values_list("title", "mode", "meeting_link")) == [
        ("Focus group, parents; carers, online", "in_person", "")
    ]


def test_the_edit_form_offers_how_it_is_held_and_the_link(client, host, visit, online):
    client.force_login(host)

    page = client.get(reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk})).content.decode()

    assert "How it is held" in page
    assert TYPED in page
    assert 'value="https://meet.example.org/j/8812?pwd=a1b2&amp;x=&lt;b&gt;"' in page


def test_a_member_who_declined_their_place_sees_no_link_anywhere(client, visit, online):
    from reviews.choices import PlaceAnswer

    declined = MembershipFactory(visit=visit, place=PlaceAnswer.DECLINED).person
    client.force_login(declined)

    day_plan = client.get(reverse("reviews:day-plan", kwargs={"pk": visit.pk}))
    pack = client.get(reverse("reviews:visit-pack", kwargs={"pk": visit.pk}))
    visit_ics = client.get(reverse("reviews:visit-calendar", kwargs={"pk": visit.pk}))
    feed = client.get(calendar_feed_for(person=declined).get_absolute_url())

    assert (day_plan.status_code, pack.status_code, visit_ics.status_code, feed.status_code) == (200, 200, 200, 200)
    assert "meet.example.org" not in day_plan.content.decode()
    assert "Hybrid (in person and online)" in pdf_text(pack.content)
    assert "meet.example.org" not in pdf_text(pack.content).replace(" ", "")
    assert (_session_events(visit_ics.content), _session_events(feed.content)) == ([], [])
