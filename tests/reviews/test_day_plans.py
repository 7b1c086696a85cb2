"""Day plans: started from the standard days or copied from an earlier visit, edited with errors beside the row,
seen by the team, and by the public when the host allows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from authorities.choices import Role
from core.models import AuditEntry
from reviews import selectors
from reviews.models import DaySession
from reviews.services import day_plans
from reviews.views.day_plans import SessionFormSet
from tests.factories import MembershipFactory, PersonFactory, ThemeFactory, VisitFactory, organisation

WHEN = "the visit to Angus, 5 March to 7 March 2030"


@pytest.fixture
def host(reference):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"], status="confirmed", focus_areas=["Attendance", "Transitions"])


def plan_of(visit) -> list[tuple]:
    return list(visit.day_sessions.values_list("day", "starts_at", "title", "who", "where", "focus_area"))


def management(prefix="sessions", total=3, initial=0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_the_host_starts_from_the_standard_days_once(client, host, visit):
    client.force_login(host)

    first = client.post(
        reverse("reviews:day-plan-start", kwargs={"pk": visit.pk}), {"copy_from": "standard"}, follow=True
    )
    again = client.post(
        reverse("reviews:day-plan-start", kwargs={"pk": visit.pk}), {"copy_from": "standard"}, follow=True
    )

    assert "9 sessions added. Change them to suit this visit." in first.content.decode()
    assert "This visit already has a plan, so nothing was added." in again.content.decode()
    assert plan_of(visit)[0][:3] == (
        1,
        datetime.time(9, 0),
        "Welcome, introductions and the host's context for the key question",
    )
    assert visit.day_sessions.count() == len(selectors.STANDARD)


def test_a_plan_is_copied_from_an_earlier_visit_chosen_by_its_hosts_and_theme(client, host, visit):
    earlier = VisitFactory(hosts=["Fife"], theme=ThemeFactory(name="Numeracy"), starts_on=datetime.date(2025, 2, 4))
    DaySession.objects.create(
        visit=earlier,
        day=2,
        starts_at=datetime.time(9, 30),
        title="Visits to schools",
        who="Head teachers",
        where="Kirkcaldy",
        focus_area="Numeracy",
    )
    client.force_login(host)

    page = client.get(reverse("reviews:day-plan", kwargs={"pk": visit.pk})).content.decode()
    client.post(reverse("reviews:day-plan-start", kwargs={"pk": visit.pk}), {"copy_from": str(earlier.pk)})

    assert f'<option value="{earlier.pk}">Fife: Numeracy (4 February to 6 February 2025)</option>' in page
    assert plan_of(visit) == [(2, datetime.time(9, 30), "Visits to schools", "Head teachers", "Kirkcaldy", "")]


def test_a_plan_saved_before_text_was_kept_plain_is_copied_without_direction_controls(visit):
    earlier = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2025, 2, 4))
    session = DaySession.objects.create(visit=earlier, day=1, starts_at=datetime.time(9), title="Welcome")
    DaySession.objects.filter(pk=session.pk).update(  # as it was stored before: update() sends no signal
        title="\u202eWelcome", who="\u2066Head\u2069 teachers", where="\u200fKirkcaldy"
    )

    day_plans.copy_from(visit=visit, earlier=earlier, by=None)

    assert plan_of(visit) == [(1, datetime.time(9), "Welcome", "Head teachers", "\u200fKirkcaldy", "")]


def test_a_bad_row_is_marked_beside_its_field_and_nothing_is_saved(client, host, visit):
    day_plans.start_from_standard(visit=visit, by=None)
    before = plan_of(visit)
    client.force_login(host)
    first = visit.day_sessions.first()
    data = {
        **management(total=2, initial=1),
        "sessions-0-id": str(first.pk),
        "sessions-0-day": "1",
        "sessions-0-starts_at": "09:00",
        "sessions-0-ends_at": "08:00",
        "sessions-0-title": "Changed",
        "sessions-1-day": "9",
        "sessions-1-starts_at": "nine",
        "sessions-1-title": "",
    }

    response = client.post(reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk}), data)

    errors = [form.errors for form in response.context["formset"].forms]
    assert errors == [
        {"ends_at": ["The session must end after it starts."]},
        {
            "day": ["Enter the day, 1 to 5."],
            "starts_at": ["Enter a time like 09:30."],
            "title": ["Enter what the session is."],
        },
    ]
    assert "Nothing was saved: check the sessions marked below" in response.content.decode()
    assert plan_of(visit) == before


def test_sessions_are_saved_with_a_focus_area_and_deleted(client, host, visit):
    day_plans.start_from_standard(visit=visit, by=None)
    client.force_login(host)
    sessions = list(visit.day_sessions.all())
    data = {**management(total=len(sessions) + 1, initial=len(sessions)), "public-day_plan_public": "on"}
    for n, session in enumerate(sessions):
        data.update(
            {
                f"sessions-{n}-id": str(session.pk),
                f"sessions-{n}-day": str(session.day),
                f"sessions-{n}-starts_at": f"{session.starts_at:%H:%M}",
                f"sessions-{n}-title": session.title,
            }
        )
        if n > 0:
            data[f"sessions-{n}-DELETE"] = "on"
    data.update(
        {
            f"sessions-{len(sessions)}-day": "2",
            f"sessions-{len(sessions)}-starts_at": "10:00",
            f"sessions-{len(sessions)}-title": "Attendance data",
            f"sessions-{len(sessions)}-focus_area": "Attendance",
            f"sessions-{len(sessions)}-who": "Data team",
        }
    )

    response = client.post(reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk}), data)

    visit.refresh_from_db()
    assert response.status_code == 302
    assert [(row[0], row[2], row[3], row[5]) for row in plan_of(visit)] == [
        (1, "Welcome, introductions and the host's context for the key question", "", ""),
        (2, "Attendance data", "Data team", "Attendance"),
    ]
    assert visit.day_plan_public is True


def test_saving_the_plan_records_who_saved_it_in_the_audit_log_and_the_visits_history(client, host, visit):
    day_plans.start_from_standard(visit=visit, by=None)
    first = visit.day_sessions.order_by("day", "starts_at").first()
    client.force_login(host)
    data = {
        **management(total=1, initial=1),
        "sessions-0-id": str(first.pk),
        "sessions-0-day": "1",
        "sessions-0-starts_at": "08:45",
        "sessions-0-title": "Welcome",
    }

    response = client.post(reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk}), data)

    first.refresh_from_db()
    assert response.status_code == 302
    assert (first.starts_at, first.title, visit.history.first().history_user) == (datetime.time(8, 45), "Welcome", host)
    assert list(AuditEntry.objects.order_by("pk").values_list("by", "kind", "summary")) == [
        (None, "visit.day_plan.started", f"Started the day plan of {WHEN} from the standard days"),
        (host.pk, "visit.day_plan.saved", f"Saved the day plan of {WHEN}"),
    ]


def test_save_day_plan_refuses_sessions_not_validated(host, visit):
    sessions = SessionFormSet({**management(total=1), "sessions-0-day": "9"}, instance=visit, prefix="sessions")

    with pytest.raises(ValueError, match="validated"):
        day_plans.save_day_plan(visit=visit, sessions=sessions, public=True, by=host)
    assert (visit.day_sessions.count(), type(visit).objects.get(pk=visit.pk).day_plan_public) == (0, False)


def test_who_sees_and_who_changes_a_plan(client, host, visit):
    day_plans.start_from_standard(visit=visit, by=None)
    member = MembershipFactory(visit=visit).person
    other = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife"))
    plan, edit = (
        reverse("reviews:day-plan", kwargs={"pk": visit.pk}),
        reverse("reviews:day-plan-edit", kwargs={"pk": visit.pk}),
    )
    seen = {}
    for name, person in (("anonymous", None), ("member", member), ("other", other), ("host", host)):
        client.logout()
        if person:
            client.force_login(person)
        seen[name] = (client.get(plan).status_code, client.get(edit).status_code)
    type(visit).objects.filter(pk=visit.pk).update(day_plan_public=True)
    client.logout()
    public = client.get(plan).status_code

    assert seen == {"anonymous": (404, 404), "member": (200, 404), "other": (404, 404), "host": (200, 200)}
    assert public == 200


def test_the_visit_pack_reads_back_with_every_part_and_a_new_date_when_one_changes(
    client, host, visit, settings, tmp_path
):
    from django.utils import timezone

    from reviews.services import documents
    from tests.reports.test_case_studies import pdf_text

    settings.MEDIA_ROOT = tmp_path
    type(visit).objects.filter(pk=visit.pk).update(
        key_question="How well do we support attendance?", venue="Angus House"
    )
    MembershipFactory(
        visit=visit,
        person=PersonFactory(full_name="Iona Brown", organisation=organisation(authority__name="Fife")),
        role="peer_reviewer",
    )
    DaySession.objects.create(
        visit=visit, day=1, starts_at=datetime.time(9), title="Welcome", who="Director of education"
    )
    type(visit).objects.filter(pk=visit.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(host)
    url = reverse("reviews:visit-pack", kwargs={"pk": visit.pk})

    first = client.get(url)
    document = documents.attach_document(
        visit=visit, title="Attendance data pack", upload=SimpleUploadedFile("a.pdf", b"%PDF-1.7"), by=host
    )
    second = client.get(url)

    text = pdf_text(second.content)
    assert (first.status_code, second.status_code, first["Content-Type"]) == (200, 200, "application/pdf")
    assert first["ETag"] != second["ETag"]
    for part in (
        "How well do we support attendance?",
        "Attendance",
        "Transitions",
        "Venue: Angus House.",
        "Iona Brown Fife Council Peer reviewer from another authority Awaiting reply",
        "09:00 Welcome Director of education",
        "Attendance data pack (on the visit's page)",
    ):
        assert part in text, part
    assert "Attendance data pack" not in pdf_text(first.content)
    assert f"Visit pack as of {timezone.localtime(document.created_at):%-d %B %Y, %H:%M}" in text
