"""After the visit: actions from next steps, follow-up sessions, reminders, and the dashboards."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.choices import Role
from reports.choices import FindingKind
from reports.models import Action, ActionReminder, Finding, FollowUp, ImpactMeasure, Progress, Report
from reports.services import actions as services
from tests.factories import PersonFactory, VisitFactory, organisation

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def people(reference):
    return {
        "host": PersonFactory(
            role=Role.AUTHORITY_OFFICER,
            organisation=organisation(authority__name="West Lothian"),
            full_name="Hana Host",
            email="hana@westlothian.example.scot",
        ),
        "other": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES")),
    }


def _visit_with_steps(hosts=("West Lothian",), steps=("Share tracking data", "Plan S3 transitions", "Train staff")):
    visit = VisitFactory(hosts=list(hosts), status="completed")
    for position, text in enumerate(steps, start=1):
        Finding.objects.create(visit=visit, kind=FindingKind.NEXT_STEP, position=position, text=text)
    Finding.objects.create(visit=visit, kind=FindingKind.STRENGTH, position=1, text="Strong partnerships")
    return visit


def test_actions_are_made_once_from_next_steps_only(people):
    visit = _visit_with_steps()
    assert services.make_actions(visit=visit, by=None) == 3
    assert services.make_actions(visit=visit, by=None) == 0
    assert sorted(Action.objects.values_list("finding__text", "status")) == [
        ("Plan S3 transitions", "not_started"),
        ("Share tracking data", "not_started"),
        ("Train staff", "not_started"),
    ]


def test_the_host_makes_and_updates_actions_and_a_drop_needs_a_reason(client, people):
    visit = _visit_with_steps()
    client.force_login(people["host"])
    response = client.post(reverse("reports:actions-make", args=[visit.pk]), follow=True)
    assert "3 actions made from the next steps." in response.content.decode()
    action = Action.objects.get(finding__text="Train staff")
    url = reverse("reports:action-edit", args=[action.pk])
    response = client.post(url, {"owner": people["host"].pk, "due_on": "31/3/2027", "status": "dropped"})
    assert response.context["form"].errors == {"dropped_reason": ["Give the reason the action is dropped."]}
    action.refresh_from_db()
    assert action.status == "not_started"
    client.post(url, {"owner": people["host"].pk, "due_on": "31/03/2027", "status": "in_progress"})
    action.refresh_from_db()
    assert (action.owner, action.due_on, action.status) == (people["host"], datetime.date(2027, 3, 31), "in_progress")


def test_owners_are_the_hosts_people_and_the_team_not_strangers(client, people):
    visit = _visit_with_steps()
    services.make_actions(visit=visit, by=None)
    action = Action.objects.first()
    client.force_login(people["host"])
    response = client.post(
        reverse("reports:action-edit", args=[action.pk]), {"owner": people["other"].pk, "status": "done"}
    )
    assert response.context["form"].errors == {
        "owner": ["Select a valid choice. That choice is not one of the available choices."]
    }


@pytest.mark.parametrize(("who", "status"), [("host", 200), ("ades", 200), ("other", 404), (None, 404)])
def test_only_the_hosts_and_ades_see_a_visits_actions(client, people, who, status):
    visit = _visit_with_steps()
    services.make_actions(visit=visit, by=None)
    if who:
        client.force_login(people[who])
    action = Action.objects.first()
    for url in (
        reverse("reports:actions-of-visit", args=[visit.pk]),
        reverse("reports:action-edit", args=[action.pk]),
        reverse("reports:follow-up-create", args=[visit.pk]),
    ):
        assert client.get(url).status_code == status


def test_a_follow_up_records_progress_per_action_and_moves_their_status(client, people):
    visit = _visit_with_steps()
    services.make_actions(visit=visit, by=None)
    share, plan, train = (
        Action.objects.get(finding__text=text) for text in ("Share tracking data", "Plan S3 transitions", "Train staff")
    )
    client.force_login(people["host"])
    url = reverse("reports:follow-up-create", args=[visit.pk])
    data = {
        "held_on": "14/11/2026",
        "attendees": [people["host"].pk],
        "notes": "Six months on.",
        "submission_key": "f1",
        f"status_{share.pk}": "done",
        f"note_{share.pk}": "Dashboard live in all secondaries.",
        f"status_{plan.pk}": "dropped",
        f"note_{plan.pk}": "",
        f"status_{train.pk}": "not_started",
        f"note_{train.pk}": "",
    }
    response = client.post(url, data)
    assert response.context["form"].errors == {f"note_{plan.pk}": ["Give the reason action 2 is dropped."]}
    assert FollowUp.objects.count() == 0
    data[f"note_{plan.pk}"] = "Folded into the cluster plan."
    data["submission_key"] = "f2"
    client.post(url, data)
    client.post(url, data)  # a double submit records one session
    follow_up = FollowUp.objects.get()
    assert follow_up.held_on == datetime.date(2026, 11, 14)
    assert list(follow_up.attendees.all()) == [people["host"]]
    assert sorted(Progress.objects.values_list("action__finding__text", "status", "note")) == [
        ("Plan S3 transitions", "dropped", "Folded into the cluster plan."),
        ("Share tracking data", "done", "Dashboard live in all secondaries."),
    ]
    share.refresh_from_db()
    plan.refresh_from_db()
    train.refresh_from_db()
    assert (share.status, plan.status, plan.dropped_reason, train.status) == (
        "done",
        "dropped",
        "Folded into the cluster plan.",
        "not_started",
    )


def test_a_follow_up_cannot_be_dated_in_the_future(client, people):
    visit = _visit_with_steps()
    client.force_login(people["host"])
    future = (datetime.date.today() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    response = client.post(reverse("reports:follow-up-create", args=[visit.pk]), {"held_on": future})
    assert response.context["form"].errors["held_on"] == [
        "Record a session once it has been held: the date is in the future."
    ]


def _owned(visit, owner, **due):
    services.make_actions(visit=visit, by=None)
    actions = list(Action.objects.filter(finding__visit=visit).order_by("finding__position"))
    for action, due_on in zip(actions, due.values(), strict=False):
        services.update_action(action=action, owner=owner, due_on=due_on, status="in_progress", by=None)
    return actions


def test_reminders_go_only_for_actions_due_in_a_week_or_a_day_and_once_a_day(
    people, django_capture_on_commit_callbacks
):
    visit = _visit_with_steps(steps=("In a week", "Tomorrow", "In three days", "Done tomorrow"))
    week, _tomorrow, _three, done = _owned(
        visit,
        people["host"],
        a=TODAY + datetime.timedelta(days=7),
        b=TODAY + datetime.timedelta(days=1),
        c=TODAY + datetime.timedelta(days=3),
        d=TODAY + datetime.timedelta(days=1),
    )
    services.update_action(action=done, owner=people["host"], due_on=done.due_on, status="done", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_action_reminders(today=TODAY) == 2
        assert services.send_action_reminders(today=TODAY) == 0
    assert sorted(ActionReminder.objects.values_list("action__finding__text", "sent_on")) == [
        ("In a week", TODAY),
        ("Tomorrow", TODAY),
    ]
    assert [message.to for message in mail.outbox] == [["hana@westlothian.example.scot"]] * 2
    assert sorted(message.subject for message in mail.outbox) == [
        "Action due on 23 November 2026",
        "Action due on 29 November 2026",
    ]
    assert f"/actions/{week.pk}/edit/" in next(m.body for m in mail.outbox if "29 November" in m.subject)
    assert services.send_action_reminders(today=TODAY + datetime.timedelta(days=6)) == 1  # a day before the first


def test_the_reminder_command_is_idempotent_within_a_day(people, django_capture_on_commit_callbacks):
    visit = _visit_with_steps(steps=("Tomorrow",))
    _owned(visit, people["host"], a=datetime.date.today() + datetime.timedelta(days=1))
    out = []
    for _ in range(2):
        from io import StringIO

        buffer = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_action_reminders", stdout=buffer)
        out.append(buffer.getvalue())
    assert out == [
        "1 action reminders queued for sending.\n0 follow-up session reminders queued for sending.\n",
        "0 action reminders queued for sending.\n0 follow-up session reminders queued for sending.\n",
    ]
    assert len(mail.outbox) == 1


def test_authority_dashboard_shows_open_overdue_follow_ups_and_impact(client, people):
    visit = _visit_with_steps()
    _overdue, _soon, closed = _owned(
        visit,
        people["host"],
        a=datetime.date.today() - datetime.timedelta(days=2),
        b=datetime.date.today() + datetime.timedelta(days=30),
        c=None,
    )
    services.update_action(action=closed, owner=None, due_on=None, status="done", by=None)
    report = Report.objects.create(visit=visit)
    ImpactMeasure.objects.create(
        report=report,
        position=1,
        measure="Positive destinations (%)",
        group="Q1 (most deprived quintile)",
        baseline_year="2022-23",
        baseline_value=Decimal("88.6"),
        followup_year="2023-24",
        followup_value=Decimal("92.5"),
    )
    client.force_login(people["host"])
    response = client.get(reverse("reports:dashboard"), follow=True)
    assert response.redirect_chain == [("/actions/west-lothian/", 302)]
    assert [a.finding.text for a in response.context["open_actions"]] == ["Share tracking data", "Plan S3 transitions"]
    assert response.context["overdue"] == 1
    body = response.content.decode()
    assert "2 open actions, 1 overdue." in body
    assert "2022-23: 88.6" in body  # the chart's labels
    assert "2023-24: 92.5" in body
    assert "<td>+3.9</td>" in body
    client.force_login(people["other"])
    assert client.get("/actions/west-lothian/").status_code == 404


def test_ades_overview_counts_each_authoritys_actions(client, people):
    _owned(_visit_with_steps(), people["host"], a=datetime.date.today() - datetime.timedelta(days=1))
    _owned(_visit_with_steps(hosts=("Fife",), steps=("One",)), None)
    FollowUp.objects.create(
        visit=Finding.objects.get(text="One").visit, held_on=datetime.date(2026, 10, 1), recorded_by=people["ades"]
    )
    client.force_login(people["ades"])
    response = client.get(reverse("reports:dashboard"))
    rows = {row.name: row for row in response.context["rows"]}
    assert len(rows) == 32
    west = rows["West Lothian"]
    assert (west.open_actions, west.overdue_actions, west.done_actions, west.last_follow_up) == (3, 1, 0, None)
    fife = rows["Fife"]
    assert (fife.open_actions, fife.overdue_actions, fife.last_follow_up) == (1, 0, datetime.date(2026, 10, 1))
    assert "4 open actions, 1 overdue; 0 done." in response.content.decode()


def test_dashboard_query_counts_do_not_grow_with_actions(client, people):
    def count(path, person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    _owned(_visit_with_steps(steps=("One",)), people["host"], a=datetime.date.today())
    FollowUp.objects.create(
        visit=Finding.objects.get(text="One").visit, held_on=datetime.date(2026, 10, 1), recorded_by=people["ades"]
    )
    before = (count("/actions/", people["ades"]), count("/actions/west-lothian/", people["host"]))
    for n in range(5):
        visit = _visit_with_steps(steps=[f"Step {n}.{m}" for m in range(4)])
        _owned(visit, people["host"], a=datetime.date.today())
        FollowUp.objects.create(visit=visit, held_on=datetime.date(2026, 10, 2), recorded_by=people["ades"])
    after = (count("/actions/", people["ades"]), count("/actions/west-lothian/", people["host"]))
    assert after == before
    assert Action.objects.count() == 21
