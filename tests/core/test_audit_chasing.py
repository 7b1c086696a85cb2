"""The audit log never says who was chased in a survey round: an officer sending a failed reminder or link-again
email again from the outbox is logged under the round, without the recipient, and nothing of it outlives the round's
close (when the emails themselves are forgotten)."""

import datetime

import pytest
from django.urls import reverse

from core import audit, personal_data
from core.models import AuditEntry, AuditSubject, OutgoingEmail
from surveys.services import links, release, rounds
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, survey_round_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def chased(reference, ades_officer, django_capture_on_commit_callbacks):
    """A round whose one member was sent their link again and reminded, both emails failed."""
    visit = VisitFactory(starts_on=datetime.date.today() + datetime.timedelta(days=30))
    person = PersonFactory(full_name="Rae Waiting", email="rae.waiting@example.org")
    MembershipFactory(visit=visit, person=person)
    survey_round = survey_round_for(visit, by=ades_officer)
    links.send_link_again(invitation=survey_round.invitations.get(person=person), by=ades_officer)
    rounds.remind_round(survey_round=survey_round, by=ades_officer)
    OutgoingEmail.objects.filter(kind__in=links.CHASING).update(status="failed", attempts=3)
    return survey_round, person


def _everything_logged() -> str:
    entries = " | ".join(AuditEntry.objects.values_list("summary", flat=True))
    subjects = " | ".join(f"{s.content_type.model}:{s.object_id}" for s in AuditSubject.objects.all())
    return f"{entries} || {subjects}"


def test_sending_a_chasing_email_again_names_nobody_and_is_filed_under_the_round(client, chased, ades_officer):
    survey_round, person = chased
    chasing = list(OutgoingEmail.objects.filter(kind__in=links.CHASING).order_by("kind"))
    client.force_login(ades_officer)

    for email in chasing:
        assert client.post(reverse("office:outbox-send-again", kwargs={"pk": email.pk})).status_code == 302

    sent_again = AuditEntry.objects.filter(kind="email.sent_again").order_by("pk")
    assert [(entry.by, entry.summary) for entry in sent_again] == [
        (
            ades_officer,
            f"Sent again a “Survey link, sent again” email, about {survey_round}, to someone the log does not name",
        ),
        (ades_officer, f"Sent again a “Survey reminder” email, about {survey_round}, to someone the log does not name"),
    ]
    assert not [word for word in ("Rae", "rae.waiting") if word in _everything_logged()]
    about_emails = AuditSubject.objects.filter(object_id__in=[str(email.pk) for email in chasing])
    assert not about_emails.filter(content_type__model="outgoingemail").exists()
    assert audit.about_filters(AuditEntry.objects.filter(kind="email.sent_again"), person=person.pk).count() == 0
    assert (
        audit.about_filters(AuditEntry.objects.filter(kind="email.sent_again"), visit=survey_round.visit.pk).count()
        == 2
    )


def test_after_the_round_closes_no_entry_subject_or_export_row_tells_who_was_chased(client, chased, ades_officer):
    survey_round, person = chased
    chasing = [str(pk) for pk in OutgoingEmail.objects.filter(kind__in=links.CHASING).values_list("pk", flat=True)]
    client.force_login(ades_officer)
    for pk in chasing:
        client.post(reverse("office:outbox-send-again", kwargs={"pk": pk}))

    release.close_round(survey_round=survey_round, by=ades_officer)

    assert not OutgoingEmail.objects.filter(pk__in=chasing).exists()
    assert not AuditSubject.objects.filter(content_type__model="outgoingemail", object_id__in=chasing).exists()
    assert not [word for word in ("Rae", "rae.waiting") if word in _everything_logged()]
    rows = personal_data.export(person)["Changes recorded in the audit log, made by them or about them"]
    assert [row["summary"] for row in rows] == []
    page = client.get(f"/audit/?person={person.pk}")
    assert list(page.context["page"].object_list) == []


def test_an_ordinary_email_sent_again_still_names_its_recipient_and_is_filed_under_them(
    client, reference, ades_officer
):
    person = PersonFactory(full_name="Amy Stone", email="amy@example.org")
    email = OutgoingEmail.objects.create(
        to=person.email, subject="Visit cancelled", body="Sorry", status="failed", attempts=3, person=person
    )
    client.force_login(ades_officer)

    client.post(reverse("office:outbox-send-again", kwargs={"pk": email.pk}))

    entry = AuditEntry.objects.get(kind="email.sent_again")
    assert entry.summary == "Sent again the email “Visit cancelled” to amy@example.org"
    assert audit.about_filters(AuditEntry.objects.all(), person=person.pk).get() == entry


def test_forget_deletes_the_entries_about_those_objects_and_their_subjects(reference, ades_officer):
    kept_email, gone_email = (
        OutgoingEmail.objects.create(to=f"{n}@example.org", subject=n, body="", person=ades_officer) for n in "ab"
    )
    kept = audit.record(by=ades_officer, kind="email.sent_again", summary="kept", about=[kept_email])
    audit.record(by=ades_officer, kind="email.sent_again", summary="gone", about=[gone_email])

    assert audit.forget(OutgoingEmail, [gone_email.pk]) == 1
    assert list(AuditEntry.objects.all()) == [kept]
    assert {s.object_id for s in AuditSubject.objects.all()} == {str(kept_email.pk), str(ades_officer.pk)}
