"""Email wording kept by ADES officers: placeholders listed and checked on save, text filled in as plain text, and a
bulk send that previews its first email and says how many before anything is sent."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from core.models import MessageTemplate
from reviews.services import teams
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, sign_in_freshly, with_totp

SOON = datetime.date.today() + datetime.timedelta(days=30)


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"], starts_on=SOON, key_question="{name} <b>and</b> {{everyone}}")


def test_unknown_placeholders_are_refused_beside_the_field_and_nothing_is_saved(client, ades_officer):
    sign_in_freshly(client, ades_officer)
    url = reverse("office:message-edit", kwargs={"key": "team_added"})

    unknown = client.post(url, {"subject": "Hello {nme}", "body": "Join us {visit.theme.__class__}"})

    assert unknown.context["form"].errors == {
        "subject": [
            "This message cannot use {nme}. It can use: {name}, {event}, {what}, {What}, {hosts}, {when}, {theme}, "
            "{key_question}, {visit_link}, {calendar_link}, {place_link}."
        ],
        "body": ["Write placeholders as a name in braces, like {name}; for a brace itself, write {{ or }}."],
    }
    assert MessageTemplate.objects.count() == 0


def test_an_officers_wording_is_sent_with_typed_text_filled_in_as_plain_text(
    client, visit, ades_officer, django_capture_on_commit_callbacks
):
    sign_in_freshly(client, ades_officer)
    client.post(
        reverse("office:message-edit", kwargs={"key": "team_added"}),
        {
            "subject": "Welcome, {name}\nBcc: all@example.org",
            "body": "Dear {name}, the question is: {key_question}. Reply here: {place_link}",
        },
    )
    member = PersonFactory(full_name="Iona Brown", email="iona@example.scot")

    with django_capture_on_commit_callbacks(execute=True):
        teams.add_team_member(visit=visit, person=member, role="peer_reviewer", by=ades_officer)

    email = next(m for m in mail.outbox if m.to == ["iona@example.scot"])
    assert (email.subject, email.bcc) == ("Welcome, Iona Brown Bcc: all@example.org", [])
    assert email.body.startswith(
        "Dear Iona Brown, the question is: {name} <b>and</b> {{everyone}}. Reply here: http://127.0.0.1:8000/places/"
    )


def test_going_back_to_the_portals_own_wording(client, ades_officer):
    sign_in_freshly(client, ades_officer)
    url = reverse("office:message-edit", kwargs={"key": "survey_reminder"})
    client.post(url, {"subject": "Last call: {questionnaire}", "body": "{link}"})
    listed = client.get(reverse("office:messages")).content.decode()

    client.post(url, {"reset": "1"})

    assert f"Changed by {ades_officer.full_name}" in listed
    assert MessageTemplate.objects.count() == 0
    assert 'value="Reminder: {questionnaire} closes on {closes_on}"' in client.get(url).content.decode()


def test_only_ades_officers_change_wording(client, glasgow_officer, team_member):
    for person in (glasgow_officer, team_member):
        with_totp(person)  # signed in with a second factor, so that the role is what refuses them
        sign_in_freshly(client, person)
        statuses = (
            client.get(reverse("office:messages")).status_code,
            client.post(
                reverse("office:message-edit", kwargs={"key": "team_added"}), {"subject": "x", "body": "y"}
            ).status_code,
        )
        assert statuses == (404, 404)
    assert MessageTemplate.objects.count() == 0


def test_asking_the_team_to_confirm_previews_the_first_email_and_the_count_then_sends_once(
    client, visit, ades_officer, django_capture_on_commit_callbacks
):
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Ann Awaiting", email="ann@example.scot"))
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Bob Awaiting", email="bob@example.scot"))
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Cat Confirmed"), place="confirmed")
    sign_in_freshly(client, ades_officer)
    url = reverse("reviews:place-requests", kwargs={"pk": visit.pk})

    preview = " ".join(client.get(url).content.decode().split())
    sent_before_post = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"submission_key": "k1"})
        client.post(url, {"submission_key": "k1"})  # a double click

    assert "2 team members have not answered." in preview
    assert "The first email, to Ann Awaiting" in preview
    assert "<strong>Subject:</strong> Please confirm your place: Angus," in preview
    assert sent_before_post == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.scot", "bob@example.scot"]
