"""Erasure that really erases: after it, the person's name and email are in no column of any table, while the visit,
its survey figures and the published report stay exactly as they were."""

import io

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from authorities.choices import OrganisationKind, Role
from authorities.models import Person
from core import personal_data
from core.models import ErasureRecord
from office.services import erasure
from reports.models import ReportVersion
from reports.services import drafting as reports
from reviews.services import documents, teams, visits
from surveys.models import AnswerCounter, Completion, Invitation
from surveys.services import release
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    PersonFactory,
    VisitFactory,
    organisation,
    sign_in_freshly,
    survey_round_for,
    with_totp,
)
from tests.reports.test_workflow import DRAFT
from tests.surveys.test_anonymity import answer

NAME, EMAIL = "Morag Dunsmuir", "morag.dunsmuir@fife.example.scot"


def tables_holding(*words: str) -> list[str]:
    """Every text, character and JSON column of every table in the database, searched for each word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            for word in words:
                cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s', [f"%{word}%"])
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}")
    return found


@pytest.fixture
def world(reference, settings, tmp_path):
    return make_world(settings, tmp_path)


def make_world(settings, tmp_path) -> dict:
    """A visit hosted by Angus, an ADES officer, the host's officer, and eight colleagues from Fife on its team."""
    settings.MEDIA_ROOT = tmp_path
    people = {
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES)),
        "host_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "member": PersonFactory(),
    }
    visit = VisitFactory(hosts=["Angus"])
    team = [PersonFactory(organisation=organisation(authority__name="Fife")) for _ in range(8)]
    for person in [people["member"], *team]:
        MembershipFactory(visit=visit, person=person)
    return {"people": people, "visit": visit, "team": team}


@pytest.fixture
def morag(world):
    """On a team, answered the survey, uploaded a document, her place and the visit edited twice, signed in."""
    ades, visit = world["people"]["ades"], world["visit"]
    person = PersonFactory(full_name=NAME, email=EMAIL, organisation=organisation(authority__name="Fife"))
    membership = teams.add_team_member(visit=visit, person=person, role="peer_reviewer", by=ades)  # emails her
    teams.update_team_membership(
        membership=membership, role="host_officer", is_lead=True, attendance_confirmed=False, by=ades
    )
    teams.update_team_membership(
        membership=membership, role="peer_reviewer", is_lead=False, attendance_confirmed=True, by=ades
    )
    hosts = list(visit.hosts.all())
    visits.update_visit(visit=visit, hosts=hosts, by=ades, notes=f"Ask {NAME} ({EMAIL}) about the data pack.")
    visits.update_visit(visit=visit, hosts=hosts, by=ades, notes=f"{NAME.upper()} has the data pack.")
    documents.attach_document(
        visit=visit, title=f"Data pack from {NAME}", upload=SimpleUploadedFile("pack.pdf", b"%PDF-1.7"), by=person
    )
    signed_in = Client()
    assert signed_in.post(reverse("accounts:sign-in"), {"username": EMAIL, "password": PASSWORD}).status_code == 302
    return person


def test_an_erased_person_is_in_no_table_and_what_others_rely_on_is_unchanged(client, world, morag):
    ades, visit = world["people"]["ades"], world["visit"]
    survey_round = survey_round_for(visit, by=ades, cohort="with Morag")
    for person in [*world["team"], morag]:
        answer(survey_round, person, value=5, comment=f"{NAME} kept us to time." if person == morag else "")
    release.close_round(survey_round=survey_round, by=ades)
    report = reports.start_report(visit=visit, by=ades)
    reports.save_draft(report=report, by=ades, **DRAFT)
    reports.submit_report(report=report, by=ades)
    reports.publish_report(report=report, by=ades)
    sign_in_freshly(client, ades)
    before = {
        "places": visit.team.count(),
        "answers": sorted(AnswerCounter.objects.values_list("question_id", "respondent_kind", "value", "count")),
        "completions": Completion.objects.count(),
        "versions": list(ReportVersion.objects.values_list("content", "search_text", "pdf_sha256")),
        "results": client.get(reverse("surveys:round-export", kwargs={"pk": survey_round.pk, "fmt": "csv"})).content,
    }
    assert sorted(set(tables_holding(NAME, EMAIL))) != []  # she is there to be found, before

    response = client.post(reverse("office:person-erase", kwargs={"pk": morag.pk}))

    assert (response.status_code, response["Location"]) == (302, reverse("office:people"))
    assert tables_holding(NAME, EMAIL) == []
    assert [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()] == [str(ades.pk)]
    # Her sign-ins are gone, addresses and all; the officer's own remains.
    assert (list(AccessLog.objects.values_list("username", flat=True)), AccessAttempt.objects.count()) == (
        [ades.email],
        0,
    )
    after = {
        "places": visit.team.count(),
        "answers": sorted(AnswerCounter.objects.values_list("question_id", "respondent_kind", "value", "count")),
        "completions": Completion.objects.count(),
        "versions": list(ReportVersion.objects.values_list("content", "search_text", "pdf_sha256")),
        "results": client.get(reverse("surveys:round-export", kwargs={"pk": survey_round.pk, "fmt": "csv"})).content,
    }
    assert after == before
    team_page = client.get(reverse("reviews:visit-detail", kwargs={"pk": visit.pk})).content.decode()
    assert "A member from Fife Council (removed)" in team_page
    assert Invitation.objects.filter(person=morag, completion__isnull=False).count() == 1  # she still answered
    record = ErasureRecord.objects.get()
    assert (record.by, record.via, record.rows_rewritten > 0) == (ades, "the person's page", True)


def test_the_erased_record_cannot_sign_in_and_a_second_erasure_changes_nothing(client, world, morag):
    ades = world["people"]["ades"]
    sign_in_freshly(client, ades)
    client.post(reverse("office:person-erase", kwargs={"pk": morag.pk}))
    erased = Person.objects.get(pk=morag.pk)

    again = client.post(reverse("office:person-erase", kwargs={"pk": morag.pk}), follow=True)

    assert (erased.is_active, erased.has_usable_password(), erased.erased_at is not None) == (False, False, True)
    assert erased.email.endswith("@removed.invalid")
    assert "That person had already been erased, so nothing more was done." in again.content.decode()
    assert ErasureRecord.objects.count() == 1
    assert Client().post(reverse("accounts:sign-in"), {"username": EMAIL, "password": PASSWORD}).status_code == 200


def test_the_confirmation_page_says_what_will_happen_and_changes_nothing(client, world, morag):
    sign_in_freshly(client, world["people"]["ades"])

    page = client.get(reverse("office:person-erase", kwargs={"pk": morag.pk})).content.decode()

    assert "<strong>Team places (1)</strong>: Kept, so the team stays true" in page
    assert "<strong>Documents they uploaded (1)</strong>" in page
    assert "<strong>Sign-in records (1)</strong>: Deleted." in page
    assert "<strong>Sessions (1)</strong>: Deleted: the person is signed out everywhere." in page
    assert Person.objects.get(pk=morag.pk).full_name == NAME


def test_only_ades_officers_may_see_export_or_erase(client, world, morag):
    """Each signed in with a second factor (without one, an office page sends them to set one up before anything)."""
    for visitor in (None, world["people"]["host_officer"], world["people"]["member"], morag):
        if visitor:
            with_totp(visitor)
            sign_in_freshly(client, visitor)
        statuses = [
            client.get(reverse(name, kwargs={"pk": morag.pk})).status_code
            for name in ("office:person", "office:person-export", "office:person-erase")
        ]
        erase = client.post(reverse("office:person-erase", kwargs={"pk": morag.pk})).status_code
        expected = 404 if visitor else 302  # the anonymous visitor is sent to sign in
        assert (statuses, erase) == ([expected] * 3, expected), visitor
    assert Person.objects.get(pk=morag.pk).erased_at is None


def test_the_command_erases_as_the_page_does(world, morag):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("erase_person", EMAIL.upper(), "--yes", stdout=out)

    assert "Team places (1): Kept, so the team stays true" in out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("Erased. ")
    assert tables_holding(NAME, EMAIL) == []
    assert ErasureRecord.objects.get().via == "manage.py erase_person"


def test_every_pointer_to_a_person_is_declared():
    """A new model that points at a person must say what is exported and erased, or this fails."""
    from django.apps import apps
    from django.conf import settings

    pointers = {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.concrete
        and (f.many_to_one or f.one_to_one or f.many_to_many)
        and f.related_model._meta.label == settings.AUTH_USER_MODEL
    }
    assert pointers - personal_data.declared_fields() == set()


def test_a_published_version_that_names_the_person_is_shown_and_left_unchanged(client, world, morag):
    ades, visit = world["people"]["ades"], world["visit"]
    report = reports.start_report(visit=visit, by=ades)
    reports.save_draft(report=report, by=ades, **{**DRAFT, "evidence": f"The team met {NAME} and others."})
    reports.submit_report(report=report, by=ades)
    reports.publish_report(report=report, by=ades)
    sign_in_freshly(client, ades)
    content = ReportVersion.objects.get().content

    page = client.get(reverse("office:person-erase", kwargs={"pk": morag.pk})).content.decode()
    client.post(reverse("office:person-erase", kwargs={"pk": morag.pk}))

    assert "A published report version names them in its text." in page
    assert ReportVersion.objects.get().content == content
    assert [t for t in tables_holding(NAME) if not t.startswith("reports_reportversion.")] == []


def test_a_colleague_with_a_longer_name_is_left_alone(world, morag):
    MembershipFactory(visit=world["visit"], person=PersonFactory(full_name=f"{NAME}-Reid"))

    erasure.erase(person=morag, via="test")

    assert Person.objects.filter(full_name=f"{NAME}-Reid").count() == 1


def test_a_name_in_a_comment_still_sealed_is_removed_and_the_comment_kept(world, morag, settings):
    from surveys import sealing

    ades = world["people"]["ades"]
    survey_round = survey_round_for(world["visit"], by=ades, cohort="open still")
    answer(survey_round, world["team"][0], comment=f"{NAME} kept us to time.")
    answer(survey_round, world["team"][1], comment="Nothing to add.")
    before = sorted(bytes(s) for s in survey_round.sealed_responses.values_list("sealed", flat=True))

    erasure.erase(person=morag, by=ades, via="test")

    opened = [sealing.unseal(s)["texts"] for s in survey_round.sealed_responses.values_list("sealed", flat=True)]
    after = sorted(bytes(s) for s in survey_round.sealed_responses.values_list("sealed", flat=True))
    assert sorted(text for texts in opened for _, text in texts) == [
        "Nothing to add.",
        "[name removed] kept us to time.",
    ]
    assert set(after).isdisjoint(before)  # every one sealed again, so the one that named her does not stand out


def test_a_name_in_a_released_round_still_waiting_to_be_counted_is_removed_before_it_is(world, morag):
    from django.test import override_settings

    from surveys import results

    ades = world["people"]["ades"]
    survey_round = survey_round_for(world["visit"], by=ades, cohort="waiting for the worker")
    for n, person in enumerate(world["team"][:5]):
        answer(survey_round, person, comment=f"{NAME} kept us to time." if n == 0 else "Fine.")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        release.close_round(survey_round=survey_round, by=ades)  # released; the worker has not counted it yet
    waiting = results.state(survey_round)

    erasure.erase(person=morag, by=ades, via="test")
    release.close_due_rounds()  # the daily command counts what the worker has not

    comments = sorted(survey_round.text_answers.values_list("text", flat=True))
    assert (waiting, results.state(survey_round)) == (results.State.COUNTING, results.State.RELEASED)
    assert comments == ["Fine."] * 4 + ["[name removed] kept us to time."]
