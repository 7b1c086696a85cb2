"""Messages sent: every email is kept as a record (what, to whom, when, whether the mail server took it) without its
body; ADES officers list them, by person and by visit; one person's invitation, place request or survey link is
sent again by the service that sent it first. A survey's chasing emails are forgotten when the round closes."""

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import mail as outbox
from core import retention
from core.models import OutgoingEmail
from reviews.models import TeamMembership
from surveys.services import release
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, sign_in_freshly, survey_round_for


@pytest.fixture
def visit(ades_officer):
    return VisitFactory(starts_on=datetime.date.today() + datetime.timedelta(days=30))


@pytest.fixture
def member(visit, team_member):
    MembershipFactory(visit=visit, person=team_member)
    return team_member


def test_a_sent_email_stays_as_a_record_without_its_body(ades_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = outbox.queue_email(
            to=ades_officer.email, subject="Hello", body="Your link: https://x/s/secret", kind="k", person=ades_officer
        )

    kept = OutgoingEmail.objects.get(pk=queued.pk)
    assert [m.body for m in mail.outbox] == ["Your link: https://x/s/secret"]
    assert (kept.status, kept.body, kept.kind, kept.person, kept.sent_at is not None) == (
        "sent",
        "",
        "k",
        ades_officer,
        True,
    )
    assert kept.can_send_again is False
    assert outbox.send_again(kept.pk) is False  # a sent email is never sent again from its record


def test_the_list_shows_what_to_whom_and_when_never_a_link(
    client, ades_officer, visit, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey_round_for(visit, by=ades_officer)
    sign_in_freshly(client, ades_officer)

    response = client.get(reverse("office:messages-sent"))

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert '<h2 id="sent-heading" data-testid="sent-count"> 1 message </h2>' in " ".join(body.split())
    assert '<th scope="row">Survey invitation</th>' in body
    assert member.email in body
    assert "Handed to the mail server" in body
    assert "/s/" not in body  # no personal link, nor any part of one


def test_the_list_filters_by_person(client, ades_officer, team_member, django_capture_on_commit_callbacks):
    other = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_email(to=team_member.email, subject="For them", body="-", person=team_member)
        outbox.queue_email(to=other.email, subject="For another", body="-", person=other)
    sign_in_freshly(client, ades_officer)

    response = client.get(reverse("office:messages-sent") + f"?person={team_member.pk}")
    person_page = client.get(reverse("office:person", kwargs={"pk": team_member.pk}))

    assert response.status_code == 200
    assert "For them" in response.content.decode()
    assert "For another" not in response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert "1 message sent to them" in person_page.content.decode()
    assert client.get(reverse("office:messages-sent") + "?person=abc").status_code == 404


def test_the_visit_page_lists_messages_about_the_visit_for_officers(
    client, ades_officer, visit, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    from reviews.services import teams

    with django_capture_on_commit_callbacks(execute=True):
        teams.add_team_member(visit=visit, person=person, role="peer_reviewer", by=ades_officer)
    sign_in_freshly(client, ades_officer)

    response = client.get(visit.get_absolute_url())

    assert response.context["emails"]["count"] == 1
    assert "The portal has sent 1 email about this visit." in " ".join(response.content.decode().split())
    sign_in_freshly(client, person)
    assert client.get(visit.get_absolute_url()).context["emails"] is None


def test_a_survey_link_is_sent_again_to_one_person_and_a_double_click_sends_one(
    client, ades_officer, visit, member, django_capture_on_commit_callbacks
):
    other = PersonFactory()
    MembershipFactory(visit=visit, person=other)
    with django_capture_on_commit_callbacks(execute=True):
        survey_round = survey_round_for(visit, by=ades_officer)
    invitation = survey_round.invitations.get(person=member)
    url = reverse("surveys:round-send-again", kwargs={"pk": survey_round.pk})
    sign_in_freshly(client, ades_officer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"invitation": invitation.pk}, follow=True)
        second = client.post(url, {"invitation": invitation.pk}, follow=True)

    assert [m.to for m in mail.outbox] == [[member.email]]
    assert invitation.token in mail.outbox[0].body  # the same personal link, made afresh by the service
    assert f"{member.full_name}'s survey link is on its way to them again." in html.unescape(first.content.decode())
    assert "a moment ago, so it was not sent again" in second.content.decode()
    assert list(invitation.emails.values_list("kind", flat=True).order_by("kind")) == [
        "survey_invitation",
        "survey_link_again",
    ]


def test_reminders_and_links_sent_again_are_forgotten_when_the_round_closes(
    ades_officer, visit, member, django_capture_on_commit_callbacks
):
    from surveys.services import links, rounds

    with django_capture_on_commit_callbacks(execute=True):
        survey_round = survey_round_for(visit, by=ades_officer)
        invitation = survey_round.invitations.get(person=member)
        links.send_link_again(invitation=invitation, by=ades_officer)
        rounds.remind_round(survey_round=survey_round, by=None)
    assert sorted(OutgoingEmail.objects.values_list("kind", flat=True)) == [
        "survey_invitation",
        "survey_link_again",
        "survey_reminder",
    ]

    release.close_round(survey_round=survey_round, by=ades_officer)

    # Everyone was invited, so the invitation says nothing; the others would say who had not answered.
    assert list(OutgoingEmail.objects.values_list("kind", flat=True)) == ["survey_invitation"]


def test_a_place_request_is_sent_again_to_one_member_only(
    client, ades_officer, visit, member, django_capture_on_commit_callbacks
):
    other = PersonFactory()
    MembershipFactory(visit=visit, person=other)
    membership = TeamMembership.objects.get(visit=visit, person=member)
    url = reverse("reviews:place-request-again", kwargs={"pk": visit.pk, "membership_pk": membership.pk})
    sign_in_freshly(client, ades_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
        client.post(url)

    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "/places/" in mail.outbox[0].body
    assert "is on its way to" in response.content.decode()
    assert visit.emails.get().kind == "place_request"


def test_a_password_link_is_sent_to_one_person_from_their_page(
    client, ades_officer, team_member, django_capture_on_commit_callbacks
):
    url = reverse("authorities:person-password-link", kwargs={"pk": team_member.pk})
    page = reverse("office:person", kwargs={"pk": team_member.pk})
    sign_in_freshly(client, ades_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": page}, follow=True)
        again = client.post(url, {"next": "https://elsewhere.example/"})

    assert [m.to for m in mail.outbox] == [[team_member.email]]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert response.redirect_chain == [(page, 302)]
    assert f"A link to set a password is on its way to {team_member.full_name}." in response.content.decode()
    assert again["Location"] == "/"  # never sent elsewhere
    assert OutgoingEmail.objects.get().kind == "password_link"


def test_only_ades_officers_send_again(client, team_member, glasgow_officer, visit, member):
    sign_in_freshly(client, glasgow_officer)

    response = client.post(reverse("authorities:person-password-link", kwargs={"pk": team_member.pk}))

    assert response.status_code == 404
    assert OutgoingEmail.objects.count() == 0


def test_records_of_sent_emails_follow_retention(ades_officer, settings, django_capture_on_commit_callbacks):
    settings.RETENTION = {**settings.RETENTION, "messages_days": 30}
    with django_capture_on_commit_callbacks(execute=True):
        old = outbox.queue_email(to="a@example.org", subject="Old", body="-")
        new = outbox.queue_email(to="b@example.org", subject="New", body="-")
    OutgoingEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - datetime.timedelta(days=31))
    failed = OutgoingEmail.objects.create(to="c@example.org", subject="Failed", body="-", status="failed")
    OutgoingEmail.objects.filter(pk=failed.pk).update(queued_at=timezone.now() - datetime.timedelta(days=90))

    done = dict(retention.apply())

    assert done["Records of emails sent older than the period, deleted"] == 1
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == {new.pk, failed.pk}


def test_a_one_letter_search_says_what_it_needs(client, ades_officer):
    sign_in_freshly(client, ades_officer)

    response = client.get(reverse("office:people") + "?q=a")

    body = " ".join(response.content.decode().split())
    assert "Type at least 2 letters" in body
    assert response.context["page"].paginator.count == 0
    assert 'aria-invalid="true"' in body


@pytest.mark.parametrize("door", ["list", "person", "export"])
def test_a_round_past_its_date_forgets_who_was_chased_before_anyone_reads_the_record(
    client, ades_officer, visit, member, django_capture_on_commit_callbacks, door
):
    from surveys.services import rounds

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        survey_round = survey_round_for(visit, by=ades_officer, opens_on=today, closes_on=today + datetime.timedelta(1))
        rounds.remind_round(survey_round=survey_round, by=None)
    type(survey_round).objects.filter(pk=survey_round.pk).update(
        opens_on=today - datetime.timedelta(days=3), closes_on=today - datetime.timedelta(days=1)
    )
    sign_in_freshly(client, ades_officer)
    url = {
        "list": reverse("office:messages-sent"),
        "person": reverse("office:person", args=[member.pk]),
        "export": reverse("office:person-export", args=[member.pk]),
    }[door]

    page = client.get(url).content.decode()

    survey_round.refresh_from_db()
    assert survey_round.closed_at is not None
    assert list(OutgoingEmail.objects.values_list("kind", flat=True)) == ["survey_invitation"]
    assert "survey_reminder" not in page
    assert "Survey reminder" not in page


def test_the_workers_records_of_finished_tasks_go_after_two_weeks_and_waiting_ones_stay(db):
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()

    def task(status: str, finished_days_ago: int | None) -> str:
        finished = now - datetime.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        made = DBTaskResult.objects.create(
            status=status,
            task_path="core.tasks.deliver_email",
            args_kwargs={"args": [status], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            finished_at=finished,
        )
        return str(made.pk)

    old_done, old_failed = task("SUCCESSFUL", 15), task("FAILED", 15)
    recent, waiting = task("SUCCESSFUL", 13), task("READY", None)

    done = dict(retention.apply(now))

    assert done["Finished background tasks' records older than two weeks, deleted"] == 2
    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == {recent, waiting}
    assert {old_done, old_failed}.isdisjoint(str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True))
