"""Confirmed places: a member answers from the signed link in their email, with no account; a decline warns."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEntry
from reviews import place_links, selectors
from reviews.audit_trail import visit_words
from reviews.models import TeamMembership
from reviews.services import teams
from reviews.warnings import visit_warnings
from surveys.models import Completion
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for

FUTURE = datetime.date.today() + datetime.timedelta(days=30)


@pytest.fixture
def team(reference, ades_officer, django_capture_on_commit_callbacks):
    visit = VisitFactory(hosts=["Angus"], starts_on=FUTURE)
    for _ in range(7):
        MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(authority__name="Fife")))
    iona = PersonFactory(
        full_name="Iona Brown", email="iona@example.scot", organisation=organisation(authority__name="Fife")
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = teams.add_team_member(visit=visit, person=iona, role="peer_reviewer", by=ades_officer)
    return membership


def link_in_email() -> str:
    email = next(m for m in mail.outbox if m.to == ["iona@example.scot"])
    return re.search(r"http://127\.0\.0\.1:8000(/places/\S+/)", email.body).group(1)


def test_the_email_link_confirms_a_place_without_signing_in_and_a_second_click_changes_nothing(client, team):
    link = link_in_email()

    page = client.get(link).content.decode()
    confirmed = client.post(link, {"answer": "confirm"}, follow=True).content.decode()
    again = client.post(link, {"answer": "confirm"}, follow=True).content.decode()

    team.refresh_from_db()
    assert 'data-testid="place-answer">Awaiting reply<' in page
    assert "Thank you: your place is confirmed." in confirmed
    assert "You had already given that answer, so nothing changed." in again
    assert team.place == "confirmed"
    assert [h.place for h in team.history.order_by("history_date")] == ["awaiting", "confirmed"]


def test_a_decline_warns_the_officer_and_the_team_checks_leave_them_out(client, team, ades_officer):
    client.post(link_in_email(), {"answer": "decline"})
    client.force_login(ades_officer)

    page = client.get(team.visit.get_absolute_url()).content.decode()
    visit = selectors.visit_detail_queryset().get(pk=team.visit.pk)
    messages = [w.message for w in visit_warnings(visit)]

    assert messages[0] == "Iona Brown has declined their place: the checks below leave them out."
    assert "The team has 7 members; a visit team has 8 to 10." in messages
    assert " ".join(page.split("Places: ")[1].split("</p>")[0].split()) == (
        f'0 confirmed, 1 declined, 7 awaiting reply. <a href="/visits/{team.visit.pk}/team/ask-to-confirm/">'
        "Ask them to confirm</a>"
    )


def test_a_forged_expired_or_removed_link_answers_404_and_changes_nothing(client, team, ades_officer, monkeypatch):
    link = link_in_email()
    token = link.split("/")[2]

    forged = client.post(f"/places/{token[:-2]}xx/", {"answer": "decline"})
    monkeypatch.setattr(place_links, "LINK_DAYS", -1)
    expired = client.post(link, {"answer": "decline"})
    monkeypatch.setattr(place_links, "LINK_DAYS", 120)
    teams.remove_team_member(membership=team, by=ades_officer)
    removed = client.post(link, {"answer": "decline"})

    assert [forged.status_code, expired.status_code, removed.status_code] == [404, 404, 404]
    assert "This link does not work" in removed.content.decode()
    assert TeamMembership.objects.filter(place="declined").count() == 0


def test_after_the_visit_the_place_can_no_longer_be_answered(client, team):
    link = link_in_email()
    visit = team.visit
    type(visit).objects.filter(pk=visit.pk).update(
        starts_on=datetime.date.today() - datetime.timedelta(days=9),
        ends_on=datetime.date.today() - datetime.timedelta(days=7),
    )

    page = client.get(link).content.decode()
    refused = client.post(link, {"answer": "decline"}, follow=True).content.decode()

    team.refresh_from_db()
    assert "has ended or was cancelled, so the place can no longer be answered" in page
    assert "Nothing was changed: this place can no longer be answered here." in refused
    assert team.place == "awaiting"


def test_my_visits_offers_the_answer_for_an_upcoming_place(client, team):
    client.force_login(team.person)

    page = " ".join(client.get(reverse("reviews:my-visits")).content.decode().split())

    link = re.search(
        r'Your place: <strong>Awaiting reply</strong>\. <a href="/places/([^"/]+)/">Confirm or decline', page
    )
    assert place_links.membership_for(link[1]) == team  # signed links carry their second, so read back, not compared


def test_my_visits_links_each_survey_waiting_for_the_person(client, team, ades_officer):
    waiting = survey_round_for(team.visit, by=ades_officer, cohort="pre-visit")
    answered = survey_round_for(team.visit, by=ades_officer, cohort="interim")
    invitation = answered.invitations.get(person=team.person)
    Completion.objects.create(invitation=invitation)
    client.force_login(team.person)

    page = " ".join(client.get(reverse("reviews:my-visits")).content.decode().split())

    link = waiting.invitations.get(person=team.person).get_absolute_url()
    block = page.split('data-testid="waiting-surveys">')[1].split("</ul>")[0]
    assert block.count("<li>") == 1
    assert f'<a href="{link}">Collaborative Improvement participant survey</a> for the visit to' in block


def test_asking_the_team_to_confirm_sends_to_each_awaiting_member_and_is_in_the_audit_log(
    client, team, ades_officer, django_capture_on_commit_callbacks
):
    TeamMembership.objects.exclude(pk=team.pk).filter(visit=team.visit).update(place="confirmed")
    client.force_login(ades_officer)
    mail.outbox.clear()
    url = reverse("reviews:place-requests", kwargs={"pk": team.visit.pk})

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"submission_key": "k1"}, follow=True)

    entry = AuditEntry.objects.get(kind="team.places.requested")
    assert [str(m) for m in sent.context["messages"]] == [
        "Emails asking for an answer are on their way to 1 team member."
    ]
    assert [m.to for m in mail.outbox] == [["iona@example.scot"]]
    assert (entry.by, entry.summary) == (
        ades_officer,
        f"Asked 1 team member to confirm their place on {visit_words(team.visit)}",
    )
