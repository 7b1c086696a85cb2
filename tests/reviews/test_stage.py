"""A visit page that knows its stage: once the visit is over it no longer offers what only fits before it, and the
actions behind those offers refuse with a reason."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from authorities.choices import Role
from reviews.services import teams, visits
from reviews.services.induction import load_first_pack
from surveys.models import SurveyRound
from surveys.services import stakeholders
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "status", "stage"),
    [
        (TODAY + DAY, TODAY + 3 * DAY, "confirmed", "before"),
        (TODAY, TODAY + 2 * DAY, "confirmed", "during"),
        (TODAY - 2 * DAY, TODAY, "confirmed", "during"),
        (TODAY - 3 * DAY, TODAY - DAY, "confirmed", "after"),
        (TODAY + DAY, TODAY + 3 * DAY, "completed", "after"),
    ],
)
def test_a_visit_knows_its_stage_from_its_dates_and_status(reference, starts_on, ends_on, status, stage):
    visit = VisitFactory(starts_on=starts_on, ends_on=ends_on, status=status)

    assert visit.stage == stage


def test_a_cancelled_visit_and_a_visit_known_by_a_past_month_are_over(reference):
    cancelled = VisitFactory(starts_on=TODAY + DAY, status="cancelled", cancellation_reason="Snow")
    by_month = VisitFactory(starts_on=datetime.date(2022, 5, 1), ends_on=None, date_precision="month")

    assert (cancelled.stage, by_month.stage) == ("after", "after")


def _page(client, visit) -> str:
    return " ".join(client.get(visit.get_absolute_url()).content.decode().split())


@pytest.fixture
def host(reference):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus"))


@pytest.mark.parametrize(("days", "offered"), [(20, True), (-20, False)])
def test_ask_them_to_confirm_is_offered_only_until_the_visit_is_over(client, ades_officer, days, offered):
    visit = VisitFactory(hosts=["Angus"], starts_on=TODAY + days * DAY, status="confirmed")
    MembershipFactory(visit=visit)
    client.force_login(ades_officer)

    assert ("Ask them to confirm" in _page(client, visit)) is offered


def test_asking_a_finished_visits_team_to_confirm_sends_nothing_and_says_why(client, ades_officer):
    visit = VisitFactory(hosts=["Angus"], starts_on=TODAY - 20 * DAY, status="confirmed")
    MembershipFactory(visit=visit)
    client.force_login(ades_officer)
    url = reverse("reviews:place-requests", kwargs={"pk": visit.pk})

    shown = client.get(url, follow=True)
    sent = client.post(url, {"submission_key": "k1"}, follow=True)

    why = ["The visit is over: there are no places left to confirm, so no emails were sent."]
    assert shown.redirect_chain == [(visit.get_absolute_url(), 302)]
    assert [str(m) for m in shown.context["messages"]] == why
    assert [str(m) for m in sent.context["messages"]] == why
    assert mail.outbox == []


@pytest.mark.parametrize(("days", "offered"), [(20, True), (0, False), (-20, False)])
def test_the_host_is_asked_for_stakeholders_views_only_before_the_visit(client, host, days, offered):
    visit = VisitFactory(hosts=["Angus"], starts_on=TODAY + days * DAY, status="confirmed")
    client.force_login(host)

    assert ("Ask stakeholders before the visit" in _page(client, visit)) is offered


def test_a_stakeholder_survey_cannot_be_opened_once_the_visit_has_started(client, host):
    visit = VisitFactory(hosts=["Angus"], starts_on=TODAY, status="confirmed")
    client.force_login(host)
    url = reverse("surveys:stakeholder-round-create", kwargs={"pk": visit.pk})

    refused = client.post(url, {"opens_on": TODAY - 5 * DAY, "closes_on": TODAY - DAY}, follow=True)
    with pytest.raises(ValidationError) as service_refused:
        stakeholders.open_round(visit=visit, opens_on=TODAY - 5 * DAY, closes_on=TODAY - DAY, by=host)

    assert [str(m) for m in refused.context["messages"]] == [stakeholders.STARTED]
    assert service_refused.value.messages == [stakeholders.STARTED]
    assert SurveyRound.objects.count() == 0


@pytest.mark.parametrize(("days", "reminded"), [(20, True), (-20, False)])
def test_the_induction_reminder_shows_only_before_the_visit(client, reference, days, reminded):
    load_first_pack()
    visit = VisitFactory(hosts=["Angus"], starts_on=TODAY + days * DAY, status="confirmed")
    member = MembershipFactory(visit=visit).person
    client.force_login(member)

    assert ('data-testid="induction-to-read"' in _page(client, visit)) is reminded


def test_a_finished_visits_team_is_settled_at_every_door(client, ades_officer):
    visit = VisitFactory(starts_on=TODAY - 5 * DAY, ends_on=TODAY - 3 * DAY, status="confirmed")
    newcomer = PersonFactory(full_name="Late Comer", email="late@example.scot")
    client.force_login(ades_officer)
    page = client.get(visit.get_absolute_url()).content.decode()
    doors = ["reviews:team-add", "reviews:team-paste", "reviews:team-new-person"]

    answers = [client.get(reverse(name, args=[visit.pk]), follow=True) for name in doors]
    pasted = client.post(
        reverse("reviews:team-paste", args=[visit.pk]),
        {"lines": "Late Comer, late@example.scot, ADES", "submission_key": "k"},
        follow=True,
    )
    with pytest.raises(ValidationError) as refused:
        teams.add_team_member(visit=visit, person=newcomer, role="peer_reviewer", by=ades_officer)

    assert "Add a team member" not in page
    assert "Check before the visit" not in page
    assert [answer.redirect_chain[-1][0] for answer in answers] == [visit.get_absolute_url()] * 3
    assert [str(m) for m in answers[0].context["messages"]] == [teams.TEAM_SETTLED]
    assert [str(m) for m in pasted.context["messages"]] == [teams.TEAM_SETTLED]
    assert refused.value.messages == [teams.TEAM_SETTLED]
    assert (visit.team.count(), len(mail.outbox)) == (0, 0)


def test_a_proposed_visit_whose_dates_have_passed_is_completed_not_confirmed(client, ades_officer):
    visit = VisitFactory(starts_on=TODAY - 5 * DAY, ends_on=TODAY - 3 * DAY, status="proposed")
    client.force_login(ades_officer)
    page = client.get(visit.get_absolute_url()).content.decode()

    with pytest.raises(ValidationError) as refused:
        visits.confirm_visit(visit=visit, by=ades_officer)
    visits.complete_visit(visit=visit, by=ades_officer)

    assert "Confirm the visit" not in page
    assert "Mark as completed" in page
    assert refused.value.messages == ["This visit's dates have passed: mark it as completed, or cancel it."]
    visit.refresh_from_db()
    assert visit.status == "completed"
