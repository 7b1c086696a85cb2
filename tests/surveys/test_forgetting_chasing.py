"""Once a round closes nothing tells who was chased, or who answered before a reminder and who after: the reminders'
rows, the chasing emails and every audit entry about chasing someone in the round are deleted, and an invitation's
row is the same whenever (or whether) its person answered."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from core import audit, personal_data, retention
from core.models import AuditEntry, AuditSubject, OutgoingEmail
from surveys.models import Invitation, Reminder
from surveys.services import links, release, responses, rounds
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, survey_round_for

pytestmark = pytest.mark.django_db


def _rows(survey_round) -> dict[str, dict]:
    """Every column of the round's invitations, straight from the table, by person's name."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Invitation._meta.db_table} WHERE survey_round_id = %s", [survey_round.pk])
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    names = dict(Invitation.objects.filter(survey_round=survey_round).values_list("pk", "person__full_name"))
    return {names[row["id"]]: row for row in rows}


@pytest.fixture
def chased_round(reference, ades_officer, client):
    """Early answers before a reminder (from the button), Late after it, Never not at all; Never was also sent their
    link again from the round's page, and the failed reminder again from the outbox."""
    visit = VisitFactory(starts_on=datetime.date.today() + datetime.timedelta(days=30))
    for name in ("Early", "Late", "Never"):
        MembershipFactory(visit=visit, person=PersonFactory(full_name=name))
    survey_round = survey_round_for(visit, by=ades_officer)
    invitations = {i.person.full_name: i for i in survey_round.invitations.select_related("person")}
    opened = _rows(survey_round)
    answers = dict.fromkeys(survey_round.questionnaire.questions.filter(code="enjoyed"), 4)
    responses.submit_response(invitation=invitations["Early"], answers=answers)
    assert rounds.remind_round(survey_round=survey_round, by=ades_officer) == 2
    responses.submit_response(invitation=invitations["Late"], answers=answers)
    assert links.send_link_again(invitation=invitations["Never"], by=ades_officer) is True
    reminder = OutgoingEmail.objects.get(kind="survey_reminder", person=invitations["Never"].person)
    OutgoingEmail.objects.filter(pk=reminder.pk).update(status="failed", attempts=3)
    client.force_login(ades_officer)
    assert client.post(reverse("office:outbox-send-again", kwargs={"pk": reminder.pk})).status_code == 302
    return survey_round, invitations, opened


def test_before_the_close_the_round_holds_its_chasing(chased_round):
    assert sorted(Reminder.objects.values_list("invitation__person__full_name", flat=True)) == ["Late", "Never"]
    assert sorted(AuditEntry.objects.filter(kind__in=links.CHASING_ENTRIES).values_list("kind", flat=True)) == [
        "email.sent_again",
        "survey.link.sent_again",
    ]


def test_closing_forgets_reminders_and_chasing_entries_and_leaves_invitations_as_they_were_opened(
    chased_round, ades_officer
):
    survey_round, _, opened = chased_round

    release.close_round(survey_round=survey_round, by=ades_officer)

    assert Reminder.objects.count() == 0
    assert not OutgoingEmail.objects.filter(kind__in=links.CHASING).exists()
    assert not AuditEntry.objects.filter(kind__in=links.CHASING_ENTRIES).exists()
    assert sorted(AuditEntry.objects.values_list("kind", flat=True)) == [
        "survey.round.closed",
        "survey.round.opened",
        "survey.round.reminded",  # names nobody and counts nobody; completions hold no time to set it against
    ]
    assert AuditSubject.objects.filter(entry__isnull=True).count() == 0
    assert _rows(survey_round) == opened  # every column, as the round opened: answering, early or late, wrote none
    early, late = (dict(opened[name], id=0, person_id=0, token="", sent_at=None) for name in ("Early", "Late"))
    assert early.keys() == late.keys()
    assert {key for key in early if early[key] != late[key]} <= {"created_at", "updated_at"}


def test_after_the_close_the_chased_persons_export_has_nothing_of_it(chased_round, ades_officer):
    survey_round, invitations, _ = chased_round

    release.close_round(survey_round=survey_round, by=ades_officer)

    exported = personal_data.export(invitations["Never"].person)
    assert exported["Changes recorded in the audit log, made by them or about them"] == []
    assert "remind" not in str(exported).lower()
    assert "again" not in str(exported).lower()


def test_retention_forgets_what_a_round_closed_earlier_kept(chased_round, ades_officer):
    """A round closed before the portal forgot reminders at close (its close written straight to the table)."""
    survey_round, _, _ = chased_round
    type(survey_round).objects.filter(pk=survey_round.pk).update(closed_at=datetime.datetime.now(datetime.UTC))

    forgotten = dict(retention.apply(datetime.datetime.now(datetime.UTC)))

    assert forgotten["Closed survey rounds' reminders and chasing records, forgotten"] == 1
    assert (Reminder.objects.count(), AuditEntry.objects.filter(kind__in=links.CHASING_ENTRIES).count()) == (0, 0)
    assert not OutgoingEmail.objects.filter(kind__in=links.CHASING).exists()
    assert (
        dict(retention.apply(datetime.datetime.now(datetime.UTC)))[
            "Closed survey rounds' reminders and chasing records, forgotten"
        ]
        == 0
    )


def test_retention_finds_a_closed_round_by_its_chasing_entries_alone(reference, ades_officer):
    visits = [VisitFactory(starts_on=datetime.date.today() + datetime.timedelta(days=30)) for _ in range(2)]
    closed, still_open = (survey_round_for(visit, by=ades_officer) for visit in visits)
    type(closed).objects.filter(pk=closed.pk).update(closed_at=datetime.datetime.now(datetime.UTC))
    for survey_round in (closed, still_open):
        audit.record(by=ades_officer, kind=links.LINK_SENT_AGAIN, summary="Sent a link again", about=[survey_round])

    cleared = links.forget_closed_rounds_chasing()

    assert cleared == 1
    left = AuditSubject.objects.filter(  # the round itself, not a visit or phase that happens to share its key
        entry__kind=links.LINK_SENT_AGAIN,
        content_type=ContentType.objects.get_for_model(closed),
        object_id=str(closed.pk),
    )
    assert list(left) == []
    assert AuditEntry.objects.filter(kind=links.LINK_SENT_AGAIN).count() == 1  # the open round's
