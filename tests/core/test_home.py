"""The home page says what needs the signed-in person, each line a link, and nothing to the public."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from authorities.choices import Role
from reports.models import Action, Finding
from reports.services import drafting as reports
from reviews import place_links
from reviews.services import induction
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for
from tests.reports.test_workflow import DRAFT

TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=20)


def needs_you(client) -> list[tuple[str, str]]:
    page = client.get(reverse("core:home")).content.decode()
    if 'data-testid="needs-you"' not in page:
        return []
    block = page.split('data-testid="needs-you"')[1].split("</ul>")[0]
    return [
        (
            html.unescape(" ".join(item.split('">', 1)[1].split("</a>")[0].split())),
            item.split('href="', 1)[1].split('"')[0],
        )
        for item in block.split("<li>")[1:]
    ]


def action(visit, *, due_on, text="Track leavers"):
    finding = Finding.objects.create(visit=visit, kind="next_step", position=99, text=text)
    return Action.objects.create(finding=finding, due_on=due_on)


def test_an_ades_officer_sees_the_programmes_loose_ends(client, ades_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upcoming = VisitFactory(hosts=["Angus"], starts_on=SOON, key_question="")
    MembershipFactory(visit=upcoming)
    done = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2026, 3, 3), status="completed")
    report = reports.start_report(visit=done, by=ades_officer)
    reports.save_draft(report=report, by=ades_officer, **DRAFT)
    reports.submit_report(report=report, by=ades_officer)
    action(done, due_on=TODAY - datetime.timedelta(days=1))
    closing = survey_round_for(done, by=ades_officer, closes_on=TODAY + datetime.timedelta(days=3))
    client.force_login(ades_officer)

    lines = needs_you(client)

    when = upcoming.when
    assert lines == [
        (f"Visit to Angus, {when}: no key question yet", upcoming.get_absolute_url()),
        (f"Visit to Angus, {when}: the team has 1 member; a team has 8 to 10", upcoming.get_absolute_url()),
        (f"Visit to Angus, {when}: 1 place awaiting reply", upcoming.get_absolute_url()),
        (
            f"Survey round “final” for the visit to Fife, 3 March to 5 March 2026 closes on {closing.closes_on:%-d %B}",
            closing.get_absolute_url(),
        ),
        ("Report awaiting approval: Fife, 3 March to 5 March 2026", f"/visits/{done.pk}/report/"),
        (
            f"Action overdue since {TODAY - datetime.timedelta(days=1):%-d %B %Y}: Fife, 3 March to 5 March 2026",
            f"/visits/{done.pk}/actions/",
        ),
    ]


def test_a_team_member_sees_their_place_pack_survey_and_induction(client, reference, ades_officer):
    induction.load_first_pack()
    member = PersonFactory(full_name="Iona Brown")
    awaiting = MembershipFactory(visit=VisitFactory(hosts=["Angus"], starts_on=SOON), person=member)
    confirmed_visit = VisitFactory(hosts=["Moray"], starts_on=SOON + datetime.timedelta(days=7))
    MembershipFactory(visit=confirmed_visit, person=member, place="confirmed")
    past = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2026, 3, 3))
    MembershipFactory(visit=past, person=member)
    survey = survey_round_for(past, by=ades_officer)
    client.force_login(member)

    lines = needs_you(client)

    invitation = survey.invitations.get(person=member)
    place_path = lines[0][1]  # a signed link carries the second it was made, so it is read back, not compared
    assert place_links.membership_for(place_path.removeprefix("/places/").rstrip("/")) == awaiting
    assert lines == [
        (f"Confirm or decline your place on the visit to Angus, {awaiting.visit.when}", place_path),
        (f"Your visit pack for Moray, {confirmed_visit.when}", f"/visits/{confirmed_visit.pk}/pack.pdf"),
        ("Read the induction pack before your visit", "/induction/"),
        (
            f"Answer “Collaborative Improvement participant survey” by {survey.closes_on:%-d %B}",
            invitation.get_absolute_url(),
        ),
    ]


def test_an_authority_officer_sees_their_drafts_actions_and_self_evaluation(
    client, reference, ades_officer, settings, tmp_path
):
    from core import cycles
    from quads.services.self_evaluation import load_starting_framework

    settings.MEDIA_ROOT = tmp_path
    load_starting_framework()
    officer = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife"))
    visit = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2026, 3, 3), status="completed")
    reports.save_draft(report=reports.start_report(visit=visit, by=officer), by=officer, **DRAFT)
    action(visit, due_on=TODAY + datetime.timedelta(days=5), text="Create a strategic action plan")
    action(VisitFactory(hosts=["Angus"]), due_on=TODAY, text="Not Fife's")
    client.force_login(officer)

    lines = needs_you(client)

    cycle = cycles.current_cycle()
    assert lines == [
        ("Your authority's draft report: Fife, 3 March to 5 March 2026", f"/visits/{visit.pk}/report/"),
        (
            f"Action due on {TODAY + datetime.timedelta(days=5):%-d %B %Y}: Create a strategic action plan",
            "/actions/fife/",
        ),
        (f"Fife's self-evaluation for {cycle}: not started", f"/self-evaluation/fife/{cycles.to_slug(cycle)}/"),
    ]


def test_the_public_sees_no_list_and_a_long_list_is_capped_with_a_count(client, ades_officer):
    assert 'data-testid="needs-you"' not in client.get(reverse("core:home")).content.decode()
    for n in range(12):
        VisitFactory(hosts=["Angus"], starts_on=SOON + datetime.timedelta(days=n), key_question="Q?")
    client.force_login(ades_officer)

    lines = needs_you(client)

    short = [text for text, _ in lines if "no one is on the team" in text or "more visits without a full" in text]
    assert (len(short), short[-1]) == (11, "and 2 more visits without a full team")


@pytest.mark.parametrize("role", ["ades", "member"])
def test_the_home_pages_queries_do_not_grow_with_visits(client, ades_officer, role):
    person = ades_officer if role == "ades" else PersonFactory()
    client.force_login(person)
    MembershipFactory(visit=VisitFactory(hosts=["Angus"], starts_on=SOON), person=person)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:home"))
    for n in range(6):
        MembershipFactory(
            visit=VisitFactory(hosts=["Fife"], starts_on=SOON + datetime.timedelta(days=n + 1)), person=person
        )
    with CaptureQueriesContext(connection) as seven:
        client.get(reverse("core:home"))

    assert len(seven) == len(one)


def test_an_ades_officer_hears_of_emails_that_could_not_be_sent(client, ades_officer):
    from core.models import OutgoingEmail

    OutgoingEmail.objects.create(to="amy@example.org", subject="Hello", body="-", status="failed")
    OutgoingEmail.objects.create(to="ben@example.org", subject="Hello", body="-", status="failed")
    OutgoingEmail.objects.create(to="cal@example.org", subject="Hello", body="-")  # still on its way
    client.force_login(ades_officer)

    assert needs_you(client) == [("2 emails could not be sent", "/outbox/")]


def test_the_portals_own_failures_come_before_the_programmes_lines(client, ades_officer):
    from core.models import OutgoingEmail

    upcoming = VisitFactory(hosts=["Angus"], starts_on=SOON, key_question="Q?")
    MembershipFactory(visit=upcoming, place="accepted")
    OutgoingEmail.objects.create(to="amy@example.org", subject="Hello", body="-", status="failed")
    client.force_login(ades_officer)

    assert needs_you(client) == [
        ("1 email could not be sent", "/outbox/"),
        (f"Visit to Angus, {upcoming.when}: the team has 1 member; a team has 8 to 10", upcoming.get_absolute_url()),
    ]


def test_a_host_officer_sees_their_open_stakeholder_survey(client, reference):
    from surveys.services import stakeholders

    officer = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))
    visit = VisitFactory(hosts=["Angus"], starts_on=SOON + datetime.timedelta(days=10), key_question="Q?")
    survey = stakeholders.open_round(visit=visit, opens_on=TODAY, closes_on=SOON, by=officer)
    other = VisitFactory(hosts=["Fife"], starts_on=SOON + datetime.timedelta(days=10))
    stakeholders.open_round(visit=other, opens_on=TODAY, closes_on=SOON, by=officer)  # not Angus's
    client.force_login(officer)

    lines = [line for line in needs_you(client) if "self-evaluation" not in line[0]]
    assert lines == [
        (f"Stakeholder survey for Angus, {visit.when}: open until {survey.closes_on:%-d %B}", visit.get_absolute_url())
    ]


def test_an_ades_officer_hears_when_the_task_worker_has_not_picked_up_work(
    client, ades_officer, settings, django_capture_on_commit_callbacks
):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from core import mail

    settings.TASK_MAX_WAIT_SECONDS = 300
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database), django_capture_on_commit_callbacks(execute=True):
        mail.queue_email(to="amy@example.org", subject="Hello", body="-")
    client.force_login(ades_officer)
    in_time = needs_you(client)

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=12))

    assert in_time == []
    assert needs_you(client) == [
        (
            "The task worker has not picked up work for 12 minutes: emails and PDFs wait until it runs "
            "(tell whoever runs the portal's servers)",
            "/outbox/",
        )
    ]
