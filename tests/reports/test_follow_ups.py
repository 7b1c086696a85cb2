"""Follow-up that happens: proposed at publication, confirmed or moved by the host with the team invited (calendar
file), a reminder a week ahead, recorded with progress per action; overdue ones reach the ADES home page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from authorities.choices import Role
from reports.models import Action, FollowUp
from reports.services import drafting, follow_ups
from reports.services.actions import make_actions
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation
from tests.reports.test_workflow import DRAFT

TODAY = timezone.localdate()


@pytest.fixture
def world(reference, ades_officer, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(hosts=["West Lothian"], status="completed")
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="West Lothian"))
    members = [PersonFactory(full_name=name) for name in ("Ailsa Team", "Bruce Team")]
    for person in members:
        MembershipFactory(visit=visit, person=person, place="confirmed")
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Dee Clined"), place="declined")
    report = drafting.start_report(visit=visit, by=host)
    drafting.save_draft(report=report, by=host, **DRAFT)
    drafting.submit_report(report=report, by=host)
    with django_capture_on_commit_callbacks(execute=True):
        drafting.publish_report(report=report, by=ades_officer)
    return {"visit": visit, "host": host, "members": members, "report": report}


def test_publishing_proposes_follow_ups_six_and_twelve_months_later_once(world, ades_officer):
    visit, report = world["visit"], world["report"]
    drafting.start_correction(report=report, by=world["host"])
    drafting.submit_report(report=report, by=world["host"])
    drafting.publish_report(report=report, by=ades_officer)  # version 2 proposes nothing more

    planned = list(visit.follow_ups.order_by("planned_on").values_list("status", "planned_on"))
    assert planned == [
        ("proposed", follow_ups.months_later(TODAY, 6)),
        ("proposed", follow_ups.months_later(TODAY, 12)),
    ]


def test_a_programme_sets_its_own_months_and_a_short_month_takes_its_last_day(reference):
    visit = VisitFactory(hosts=["Fife"])
    visit.programme.follow_up_months = [3]
    visit.programme.save()

    follow_ups.propose(visit, published_on=datetime.date(2026, 11, 30))

    assert list(visit.follow_ups.values_list("planned_on", flat=True)) == [datetime.date(2027, 2, 28)]
    assert follow_ups.months_later(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)


def test_the_host_moves_and_confirms_and_the_team_gets_a_calendar_file(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    first = world["visit"].follow_ups.order_by("planned_on").first()
    url = reverse("reports:follow-up-schedule", kwargs={"pk": first.pk})
    client.force_login(world["host"])
    mailoutbox.clear()
    moved = TODAY + datetime.timedelta(days=40)

    past = client.post(url, {"planned_on": (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"planned_on": moved.strftime("%d/%m/%Y"), "submission_key": "one"})
        client.post(url, {"planned_on": moved.strftime("%d/%m/%Y"), "submission_key": "two"})  # the same date

    assert past.context["form"].errors == {
        "planned_on": ["Choose today or a later date: the session has not been held yet."]
    }
    first.refresh_from_db()
    assert (first.status, first.planned_on, first.sequence) == ("confirmed", moved, 0)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in world["members"])
    link = re.search(r"http://127\.0\.0\.1:8000(/follow-ups/calendar/\S+/)", mailoutbox[0].body).group(1)
    calendar = Calendar.from_ical(client.get(link).content)
    event = calendar.walk("VEVENT")[0]
    assert (event.decoded("dtstart"), str(event["status"])) == (moved, "CONFIRMED")
    # the same producer and UID form as the visits' calendar (reviews/calendar.py), not a second one
    assert (str(calendar["prodid"]), str(event["uid"])) == (
        "-//ADES//Collaborative Improvement Portal//EN",
        f"follow-up-{first.pk}@127.0.0.1",
    )
    assert mailoutbox[0].subject == f"Follow-up session for the visit to West Lothian: {moved:%A %-d %B %Y}"


def test_the_team_is_reminded_a_week_ahead_once(world, mailoutbox, django_capture_on_commit_callbacks):
    first = world["visit"].follow_ups.order_by("planned_on").first()
    with django_capture_on_commit_callbacks(execute=True):
        follow_ups.schedule(follow_up=first, planned_on=TODAY + datetime.timedelta(days=7), by=None)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        counts = (follow_ups.send_reminders(today=TODAY), follow_ups.send_reminders(today=TODAY))

    assert counts == (1, 0)
    assert [m.subject.split(" on ")[0] for m in mailoutbox] == [
        "Reminder: follow-up session for the visit to West Lothian"
    ] * 2


def test_a_planned_session_is_recorded_with_progress_evidence_and_next_step(world, client):
    visit = world["visit"]
    make_actions(visit=visit, by=None)
    planned = visit.follow_ups.order_by("planned_on").first()
    action, *others = Action.objects.filter(finding__visit=visit).order_by("finding__position")
    client.force_login(world["host"])

    response = client.post(
        reverse("reports:follow-up-record", kwargs={"pk": planned.pk}),
        {
            "held_on": TODAY.strftime("%d/%m/%Y"),
            "attendees": [world["members"][0].pk],
            f"status_{action.pk}": "in_progress",
            f"note_{action.pk}": "Working group formed",
            f"evidence_{action.pk}": "Minutes of two meetings",
            f"next_step_{action.pk}": "Agree the plan by March",
            **{f"status_{other.pk}": "not_started" for other in others},
        },
    )

    planned.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert (planned.status, planned.held_on, FollowUp.objects.filter(visit=visit).count()) == ("held", TODAY, 2)
    assert list(planned.progress.values_list("status", "note", "evidence", "next_step")) == [
        ("in_progress", "Working group formed", "Minutes of two meetings", "Agree the plan by March")
    ]


def test_overdue_follow_ups_reach_ades_and_proposed_ones_the_host(world, client, ades_officer):
    from tests.core.test_home import needs_you

    visit = world["visit"]
    late = visit.follow_ups.order_by("planned_on").first()
    FollowUp.objects.filter(pk=late.pk).update(planned_on=TODAY - datetime.timedelta(days=3))
    client.force_login(ades_officer)
    ades = [line for line in needs_you(client) if line[0].startswith("Follow-up")]
    client.force_login(world["host"])
    host = [line for line in needs_you(client) if "follow-up" in line[0]]

    since = TODAY - datetime.timedelta(days=3)
    assert ades == [
        (f"Follow-up overdue since {since:%-d %B %Y}: West Lothian, {visit.when}", f"/visits/{visit.pk}/actions/")
    ]
    assert [text.split(":")[0] for text, _ in host] == [
        f"Confirm or move the follow-up proposed for {since:%-d %B %Y}",
        f"Confirm or move the follow-up proposed for {follow_ups.months_later(TODAY, 12):%-d %B %Y}",
    ]


def test_dashboards_count_only_held_sessions_not_planned_ones(world):
    from authorities.models import Authority
    from reports import selectors
    from reports.services.actions import record_follow_up

    west_lothian = Authority.objects.get(name="West Lothian")
    before = (list(selectors.follow_ups_of_authority(west_lothian)), _last_follow_up(selectors, west_lothian))
    record_follow_up(visit=world["visit"], held_on=TODAY, attendees=[], notes="", progress=[], by=world["host"])

    after = [f.held_on for f in selectors.follow_ups_of_authority(west_lothian)]
    assert before == ([], None)
    assert (after, _last_follow_up(selectors, west_lothian)) == ([TODAY], TODAY)


def _last_follow_up(selectors, authority):
    return selectors.dashboard_overview(TODAY).get(pk=authority.pk).last_follow_up
