import datetime

import pytest
from icalendar import Calendar

from reviews.calendar import calendar_for
from reviews.services import visits
from tests.factories import MembershipFactory, VisitFactory


def event_of(content: bytes):
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1
    return events[0]


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["West Lothian"], starts_on=datetime.date(2026, 8, 25))


def test_event_has_all_day_dates_hosts_and_link(visit):
    event = event_of(calendar_for([visit], name="x"))

    assert str(event["uid"]) == f"visit-{visit.pk}@127.0.0.1"
    assert event.decoded("dtstart") == datetime.date(2026, 8, 25)
    assert event.decoded("dtend") == datetime.date(2026, 8, 28)
    assert str(event["summary"]) == "CI visit: West Lothian – School Improvement"
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["url"]) == f"http://127.0.0.1:8000/visits/{visit.pk}/"


def test_uid_is_stable_and_sequence_rises_when_rescheduled(visit, ades_officer):
    before = event_of(calendar_for([visit], name="x"))

    visits.update_visit(
        visit=visit,
        hosts=visit.hosts.all(),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 3),
        by=ades_officer,
    )
    after = event_of(calendar_for([visit], name="x"))

    assert str(after["uid"]) == str(before["uid"])
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after.decoded("dtstart") == datetime.date(2026, 9, 1)


def test_cancelled_visit_is_sent_as_cancelled_with_a_higher_sequence(reference, ades_officer):
    visit = VisitFactory(hosts=["West Lothian"])  # ahead: a visit is confirmed before its dates pass
    visits.confirm_visit(visit=visit, by=ades_officer)
    visits.cancel_visit(visit=visit, reason="Storm", by=ades_officer)

    event = event_of(calendar_for([visit], name="x"))

    assert (str(event["status"]), event["sequence"]) == ("CANCELLED", 2)


def test_month_only_visits_have_no_event(reference):
    from reviews.services.importing import load_ci_programme

    load_ci_programme()
    from reviews.models import Visit

    assert Calendar.from_ical(calendar_for(Visit.objects.all(), name="x")).walk("VEVENT") == []


def test_personal_feed_lists_the_persons_visits_only(client, visit, team_member):
    MembershipFactory(visit=visit, person=team_member)
    VisitFactory(hosts=["Fife"])  # not theirs
    feed = visits.calendar_feed_for(person=team_member)

    response = client.get(feed.get_absolute_url())

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [f"visit-{visit.pk}@127.0.0.1"]


def test_unknown_feed_token_is_404(client, reference):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
