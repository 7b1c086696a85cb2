import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from authorities.models import Authority, Person
from reviews.choices import DatePrecision, TeamRole, VisitStatus
from reviews.models import TeamMembership, Visit
from reviews.services import documents, teams, visits
from tests.factories import MembershipFactory, PersonFactory, PhaseFactory, ThemeFactory, VisitFactory, organisation

MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def phase(reference):
    return PhaseFactory()


def test_schedule_visit_saves_a_proposed_visit_with_its_hosts(phase, ades_officer):
    visit = visits.schedule_visit(
        programme=phase.programme,
        phase=phase,
        hosts=Authority.objects.filter(name__in=["Orkney Islands", "Shetland Islands"]),
        theme=ThemeFactory(),
        starts_on=MONDAY,
        ends_on=MONDAY + datetime.timedelta(days=2),
        key_question="How well do we support transitions?",
        focus_areas=["partnerships"],
        by=ades_officer,
    )

    visit.refresh_from_db()
    assert (visit.status, visit.date_precision, visit.sequence) == (VisitStatus.PROPOSED, DatePrecision.DAY, 0)
    assert sorted(visit.hosts.values_list("name", flat=True)) == ["Orkney Islands", "Shetland Islands"]
    assert {record.history_user for record in visit.history.all()} == {ades_officer}


def test_database_refuses_a_visit_ending_before_it_starts(phase):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            programme=phase.programme,
            phase=phase,
            theme=ThemeFactory(),
            starts_on=MONDAY,
            ends_on=MONDAY - datetime.timedelta(days=1),
        )


def test_database_refuses_an_invented_day_for_a_month_only_visit(phase):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            programme=phase.programme,
            phase=phase,
            theme=ThemeFactory(),
            starts_on=datetime.date(2022, 5, 17),
            date_precision=DatePrecision.MONTH,
        )


def test_schedule_visit_refuses_a_phase_of_another_programme(phase, ades_officer):
    other_phase = PhaseFactory(programme__slug="other", programme__name="Other")

    with pytest.raises(ValidationError) as raised:
        visits.schedule_visit(
            programme=phase.programme,
            phase=other_phase,
            hosts=[],
            theme=ThemeFactory(),
            starts_on=MONDAY,
            ends_on=MONDAY,
            by=ades_officer,
        )

    assert raised.value.message_dict == {"phase": ["Choose a phase of this visit's programme."]}
    assert Visit.objects.count() == 0


def test_rescheduling_raises_the_sequence_and_emails_the_team(phase, ades_officer, django_capture_on_commit_callbacks):
    visit = VisitFactory(phase=phase, starts_on=MONDAY)
    member = MembershipFactory(visit=visit).person

    with django_capture_on_commit_callbacks(execute=True):
        visits.update_visit(
            visit=visit,
            hosts=visit.hosts.all(),
            starts_on=MONDAY + datetime.timedelta(days=7),
            ends_on=MONDAY + datetime.timedelta(days=9),
            by=ades_officer,
        )

    visit.refresh_from_db()
    assert visit.sequence == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([member.email], "Visit rescheduled: Angus, 9 March to 11 March 2026")
    ]


def test_changing_only_the_key_question_neither_reschedules_nor_emails(
    phase, ades_officer, django_capture_on_commit_callbacks
):
    visit = VisitFactory(phase=phase)
    MembershipFactory(visit=visit)

    with django_capture_on_commit_callbacks(execute=True):
        visits.update_visit(visit=visit, hosts=visit.hosts.all(), key_question="A sharper question?", by=ades_officer)

    visit.refresh_from_db()
    assert (visit.key_question, visit.sequence, mail.outbox) == ("A sharper question?", 0, [])


def test_visit_history_shows_each_change_once_with_who_made_it(phase, ades_officer):
    from reviews.selectors import visit_history

    visit = visits.schedule_visit(
        programme=phase.programme,
        phase=phase,
        hosts=Authority.objects.filter(name="Angus"),
        theme=ThemeFactory(),
        starts_on=MONDAY,
        ends_on=MONDAY,
        by=ades_officer,
    )
    visits.update_visit(visit=visit, hosts=Authority.objects.filter(name="Dundee City"), by=ades_officer)
    visits.update_visit(visit=visit, hosts=visit.hosts.all(), venue="Dundee House", by=ades_officer)
    MembershipFactory(visit=visit, person=ades_officer, role=TeamRole.ADES_OFFICER)

    history = [(entry.who, entry.what) for entry in visit_history(visit)]

    assert list(visit.hosts.values_list("name", flat=True)) == ["Dundee City"]
    assert history == [
        ("System", f"{ades_officer.full_name} added to the team"),
        (ades_officer.full_name, "Changed venue"),
        (ades_officer.full_name, "Changed host authorities"),
        (ades_officer.full_name, "Visit created"),
    ]


def test_confirm_then_complete(phase, ades_officer):
    visit = VisitFactory(phase=phase)

    visits.confirm_visit(visit=visit, by=ades_officer)
    visits.complete_visit(visit=visit, by=ades_officer)

    visit.refresh_from_db()
    assert (visit.status, visit.sequence) == (VisitStatus.COMPLETED, 2)


def test_a_proposed_visit_cannot_be_completed(phase, ades_officer):
    visit = VisitFactory(phase=phase)

    with pytest.raises(ValidationError) as raised:
        visits.complete_visit(visit=visit, by=ades_officer)

    assert raised.value.messages == ["A proposed visit cannot be marked completed."]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PROPOSED


def test_cancel_needs_a_reason_and_tells_the_team(phase, ades_officer, django_capture_on_commit_callbacks):
    visit = VisitFactory(phase=phase)
    member = MembershipFactory(visit=visit).person

    with pytest.raises(ValidationError):
        visits.cancel_visit(visit=visit, reason="  ", by=ades_officer)
    with django_capture_on_commit_callbacks(execute=True):
        visits.cancel_visit(visit=visit, reason="Clashes with a thematic inspection", by=ades_officer)

    visit.refresh_from_db()
    assert (visit.status, visit.cancellation_reason) == (VisitStatus.CANCELLED, "Clashes with a thematic inspection")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([member.email], "Visit cancelled: Angus, 5 March to 7 March 2030")
    ]
    assert "Reason: Clashes with a thematic inspection" in mail.outbox[0].body


def test_add_team_member_once_and_email_them(phase, ades_officer, django_capture_on_commit_callbacks):
    visit = VisitFactory(phase=phase)
    person = PersonFactory()

    with django_capture_on_commit_callbacks(execute=True):
        teams.add_team_member(visit=visit, person=person, role=TeamRole.PEER_REVIEWER, by=ades_officer)
    with pytest.raises(ValidationError) as raised:
        teams.add_team_member(visit=visit, person=person, role=TeamRole.HMI, by=ades_officer)

    assert raised.value.messages == [f"{person.full_name} is on this team already."]
    assert list(visit.team.values_list("person", "role")) == [(person.pk, TeamRole.PEER_REVIEWER)]
    assert [m.subject for m in mail.outbox] == ["You are on the team for a visit: Angus, 5 March to 7 March 2030"]
    assert f"/visits/{visit.pk}/calendar.ics" in mail.outbox[0].body


def test_add_new_person_creates_an_account_without_a_password(phase, ades_officer):
    visit = VisitFactory(phase=phase)

    membership = teams.add_new_person_to_team(
        visit=visit,
        full_name="Ailsa Reid",
        email="ailsa.reid@cld.example.scot",
        organisation=organisation(authority__name="Fife"),
        role=TeamRole.PARTNER_CLD,
        by=ades_officer,
    )

    person = Person.objects.get(email="ailsa.reid@cld.example.scot")
    assert membership.person == person
    assert (person.has_usable_password(), person.role) == (False, "team_member")


def test_remove_team_member_is_recorded(phase, ades_officer):
    membership = MembershipFactory(visit=VisitFactory(phase=phase))

    teams.remove_team_member(membership=membership, by=ades_officer)

    assert TeamMembership.objects.count() == 0
    assert list(TeamMembership.history.values_list("history_type", flat=True).order_by("history_date")) == ["+", "-"]


def test_attach_document_accepts_pdf_and_refuses_other_types_and_large_files(phase, ades_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(phase=phase)

    document = documents.attach_document(
        visit=visit, title="", upload=SimpleUploadedFile("Context paper.pdf", b"%PDF-1.7 ..."), by=ades_officer
    )
    with pytest.raises(ValidationError) as wrong_type:
        documents.attach_document(visit=visit, title="x", upload=SimpleUploadedFile("run.exe", b"MZ"), by=ades_officer)
    big = SimpleUploadedFile("big.pdf", b"0" * (documents.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(ValidationError) as too_big:
        documents.attach_document(visit=visit, title="x", upload=big, by=ades_officer)

    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 a program")
    with pytest.raises(ValidationError) as renamed:
        documents.attach_document(visit=visit, title="x", upload=disguised, by=ades_officer)

    assert (document.title, document.content_type, document.size) == ("Context paper", "application/pdf", 12)
    assert renamed.value.message_dict == {"file": ["The file is not really a PDF file. Check it opens."]}
    assert wrong_type.value.message_dict == {"file": ["Choose a PDF, Word document or spreadsheet."]}
    assert too_big.value.message_dict == {"file": ["The file must be smaller than 20 MB."]}
    assert list(visit.documents.values_list("title", flat=True)) == ["Context paper"]
