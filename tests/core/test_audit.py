"""The audit log: each kind of change the issue names records exactly who, what and on what; a refused change
records nothing; erasure rewrites names in it; retention deletes old entries; the page filters by visit, person and
kind."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import audit, personal_data, retention
from core.models import AuditEntry, MessageTemplate
from office.services import erasure
from reports.services import drafting as reports
from reviews.choices import TeamRole
from reviews.services import teams, visits
from surveys.choices import Moderation
from surveys.models import TextAnswer
from surveys.services import moderation, release, responses
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, survey_round_for
from tests.reports.test_workflow import DRAFT

pytestmark = pytest.mark.django_db

WHEN = "the visit to Angus, 5 March to 7 March 2030"


def log() -> list[tuple]:
    return [(e.by, e.kind, e.summary) for e in AuditEntry.objects.select_related("by").order_by("at", "pk")]


def about(entry_kind: str, name: str) -> list[str]:
    """What the entries of this kind are about, as (model label) for the registered filter `name`'s model."""
    entry = AuditEntry.objects.filter(kind=entry_kind).latest("at")
    return sorted(f"{s.content_type.app_label}.{s.content_type.model}" for s in entry.subjects.all())


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"])


def test_a_survey_round_opened_closed_and_reopened_is_logged_with_who_and_its_visit(visit, ades_officer):
    MembershipFactory(visit=visit)
    survey_round = survey_round_for(visit, by=ades_officer)
    release.close_round(survey_round=survey_round, by=ades_officer)  # no respondents: not released
    closes_on = timezone.localdate() + datetime.timedelta(days=7)
    release.reopen_round(survey_round=survey_round, closes_on=closes_on, by=ades_officer)

    assert log() == [
        (ades_officer, "survey.round.opened", f"Opened the survey round {survey_round}"),
        (ades_officer, "survey.round.closed", f"Closed the survey round {survey_round}"),
        (
            ades_officer,
            "survey.round.reopened",
            f"Reopened the survey round {survey_round} until {closes_on:%-d %B %Y}",
        ),
    ]
    by_visit = audit.about_filters(AuditEntry.objects.all(), visit=visit.pk)
    assert by_visit.count() == 3


def test_a_refused_reopening_logs_nothing(visit, ades_officer):
    survey_round = survey_round_for(visit, by=ades_officer)
    release.close_round(survey_round=survey_round, by=ades_officer)
    before = log()

    with pytest.raises(ValidationError):
        release.reopen_round(
            survey_round=survey_round, closes_on=timezone.localdate() - datetime.timedelta(days=1), by=ades_officer
        )

    assert log() == before


def test_moderating_a_comment_logs_the_round_never_the_comment(visit, ades_officer, settings):
    settings.SURVEY_MIN_GROUP = 1
    MembershipFactory(visit=visit)
    survey_round = survey_round_for(visit, by=ades_officer)
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    responses.submit_response(
        invitation=survey_round.invitations.first(),
        answers={questions["enjoyed"]: 4, questions["improve"]: "Ann Lee talked too much."},
    )
    release.close_round(survey_round=survey_round, by=ades_officer)

    moderation.moderate_comment(comment=TextAnswer.objects.get(), moderation=Moderation.HIDDEN, by=ades_officer)

    assert log()[-1] == (
        ades_officer,
        "survey.comment.moderated",
        f"Marked a comment in the survey round {survey_round} as “Hidden”",
    )
    assert about("survey.comment.moderated", "visit") == [
        "reviews.phase",
        "reviews.programme",
        "reviews.visit",
        "surveys.surveyround",
    ]
    assert not any("talked" in summary for _, _, summary in log())
    # Opening, closing and moderating, and nothing for the answer: an answer is never logged.
    assert [kind for _, kind, _ in log()] == [
        "survey.round.opened",
        "survey.round.closed",
        "survey.comment.moderated",
    ]


def test_team_places_added_changed_and_removed_are_logged(visit, ades_officer):
    person = PersonFactory(full_name="Ann Lee")

    membership = teams.add_team_member(visit=visit, person=person, role=TeamRole.PEER_REVIEWER, by=ades_officer)
    teams.update_team_membership(
        membership=membership, role=TeamRole.PEER_REVIEWER, is_lead=True, attendance_confirmed=False, by=ades_officer
    )
    teams.remove_team_member(membership=membership, by=ades_officer)

    assert log() == [
        (
            ades_officer,
            "team.place.added",
            f"Added Ann Lee as “Peer reviewer from another authority” to the team of {WHEN}",
        ),
        (
            ades_officer,
            "team.place.changed",
            f"Changed the team place of Ann Lee on {WHEN}: made team lead",
        ),
        (ades_officer, "team.place.removed", f"Removed Ann Lee from the team of {WHEN}"),
    ]
    assert audit.about_filters(AuditEntry.objects.all(), person=person.pk).count() == 3
    assert audit.about_filters(AuditEntry.objects.all(), visit=visit.pk).count() == 3


def test_a_place_refused_logs_nothing(visit, ades_officer):
    membership = MembershipFactory(visit=visit)

    with pytest.raises(ValidationError):
        teams.add_team_member(visit=visit, person=membership.person, role=TeamRole.PEER_REVIEWER, by=ades_officer)

    assert log() == []


def test_a_visit_rescheduled_changed_and_cancelled_is_logged(visit, ades_officer):
    hosts = list(visit.hosts.all())

    visits.update_visit(visit=visit, hosts=hosts, by=ades_officer, venue="Forfar")
    visits.update_visit(visit=visit, hosts=hosts, by=ades_officer, starts_on=datetime.date(2030, 3, 6))
    with pytest.raises(ValidationError):
        visits.cancel_visit(visit=visit, reason=" ", by=ades_officer)
    visits.cancel_visit(visit=visit, reason="The school closed.", by=ades_officer)

    assert log() == [
        (ades_officer, "visit.changed", f"Changed {WHEN}"),
        (ades_officer, "visit.rescheduled", "Rescheduled the visit to Angus from 5–7 March 2030 to 6–7 March 2030"),
        (ades_officer, "visit.cancelled", "Cancelled the visit to Angus, 6 March to 7 March 2030"),
    ]


def test_a_report_submitted_returned_approved_published_and_withdrawn_is_logged(
    visit, ades_officer, glasgow_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = reports.start_report(visit=visit, by=glasgow_officer)
    reports.save_draft(report=report, by=glasgow_officer, **DRAFT)
    reports.submit_report(report=report, by=glasgow_officer)
    with pytest.raises(ValidationError):
        reports.return_report(report=report, comment="", by=ades_officer)
    reports.return_report(report=report, comment="Name the partners.", by=ades_officer)
    reports.submit_report(report=report, by=glasgow_officer)
    reports.publish_report(report=report, by=ades_officer)
    reports.withdraw_report(report=report, reason="Published in error.", by=ades_officer)

    on = f"the report on {WHEN}"
    assert log() == [
        (glasgow_officer, "report.started", f"Started {on}"),
        (glasgow_officer, "report.draft.saved", f"Saved the draft of {on}"),
        (glasgow_officer, "report.submitted", f"Submitted {on} for approval"),
        (ades_officer, "report.returned", f"Returned {on} to its authors"),
        (glasgow_officer, "report.submitted", f"Submitted {on} for approval"),
        (ades_officer, "report.published", f"Approved and published version 1 of {on}"),
        (ades_officer, "report.withdrawn", f"Withdrew {on}"),
    ]
    assert audit.about_filters(AuditEntry.objects.all(), visit=visit.pk).count() == 7


def test_an_export_and_an_erasure_are_logged_and_the_erased_name_leaves_the_log(client, visit, ades_officer):
    person = PersonFactory(full_name="Ann Lee")
    teams.add_team_member(visit=visit, person=person, role=TeamRole.PEER_REVIEWER, by=ades_officer)
    client.force_login(ades_officer)

    exported = json.loads(client.get(f"/people/{person.pk}/export.json").content)
    erasure.erase(person=person, by=ades_officer, via="the person's page")

    section = exported["Changes recorded in the audit log, made by them or about them"]
    assert [(row["what"], row["summary"], row["by_them"]) for row in section] == [
        ("Team place added", f"Added Ann Lee as “Peer reviewer from another authority” to the team of {WHEN}", False)
    ]
    assert log() == [
        (
            ades_officer,
            "team.place.added",
            f"Added [name removed] as “Peer reviewer from another authority” to the team of {WHEN}",
        ),
        (
            ades_officer,
            "personal_data.exported",
            "Exported everything held about [name removed] (a subject access export)",
        ),
        (ades_officer, "personal_data.erased", "Erased a person's personal data, from the person's page"),
    ]


def test_what_an_officer_did_is_in_their_own_export(visit, ades_officer):
    visits.cancel_visit(visit=visit, reason="Closed.", by=ades_officer)

    rows = personal_data.export(ades_officer)["Changes recorded in the audit log, made by them or about them"]

    assert [(row["summary"], row["by_them"]) for row in rows] == [(f"Cancelled {WHEN}", True)]


def test_editing_an_emails_wording_is_logged_and_a_refused_wording_is_not(client, ades_officer):
    client.force_login(ades_officer)

    client.post("/messages/place_request/", {"subject": "Your {nonsense}", "body": "Hello"})
    client.post("/messages/place_request/", {"subject": "Your place", "body": "Hello {name}"})
    client.post("/messages/place_request/", {"reset": "1"})

    assert MessageTemplate.objects.count() == 0
    assert [(by, kind) for by, kind, _ in log()] == [(ades_officer, "message.saved"), (ades_officer, "message.reset")]
    assert log()[0][2].startswith("Saved new wording for the email “")


def test_a_change_saved_in_data_maintenance_is_logged(client, reference):
    from authorities.choices import AliasKind
    from authorities.models import Authority, AuthorityAlias

    staff = PersonFactory(is_superuser=True)
    client.force_login(staff)
    alias = AuthorityAlias.objects.create(
        authority=Authority.objects.get(name="Fife"), kind=AliasKind.values[0], value="Kingdom of Fife"
    )

    response = client.post(f"/admin/authorities/authorityalias/{alias.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert log() == [(staff, "maintenance.deleted", f"Deleted the authority alias “{alias}” in data maintenance")]


def test_retention_deletes_entries_older_than_the_history_period(visit, ades_officer, settings):
    settings.RETENTION = {**settings.RETENTION, "history_years": 6}
    visits.confirm_visit(visit=visit, by=ades_officer)
    visits.cancel_visit(visit=visit, reason="Closed.", by=ades_officer)
    old, kept = AuditEntry.objects.order_by("pk")
    now = timezone.now()
    AuditEntry.objects.filter(pk=old.pk).update(at=now - datetime.timedelta(days=6 * 366))
    AuditEntry.objects.filter(pk=kept.pk).update(at=now - datetime.timedelta(days=6 * 365 - 10))

    done = dict(retention.apply(now))

    assert done["Audit log entries older than the history period, deleted"] == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_log_page_filters_by_visit_person_and_kind(client, visit, ades_officer):
    other = VisitFactory(hosts=["Fife"])
    person = PersonFactory(full_name="Ann Lee")
    teams.add_team_member(visit=visit, person=person, role=TeamRole.PEER_REVIEWER, by=ades_officer)
    visits.confirm_visit(visit=other, by=ades_officer)
    visits.cancel_visit(visit=visit, reason="Closed.", by=ades_officer)
    client.force_login(ades_officer)

    def listed(query):
        response = client.get(f"/audit/{query}")
        assert response.status_code == 200
        return [entry.summary for entry in response.context["page"].object_list]

    assert listed("") == [f"Cancelled {WHEN}", "Confirmed the visit to Fife, 5 March to 7 March 2030", listed("")[2]]
    assert listed(f"?visit={visit.pk}") == [f"Cancelled {WHEN}", listed("")[2]]
    assert listed(f"?person={person.pk}") == [listed("")[2]]
    assert listed("?kind=visit.confirmed") == ["Confirmed the visit to Fife, 5 March to 7 March 2030"]
    assert listed(f"?visit={visit.pk}&kind=visit.confirmed") == []
    assert client.get("/audit/?visit=x").status_code == 404
    assert b"No change on record matches" in client.get(f"/audit/?visit={visit.pk}&kind=visit.confirmed").content


def _filtered_by(content: bytes) -> str:
    """The sentence saying what the log is filtered by, as a person reads it (tags gone, spacing collapsed)."""
    import re

    [sentence] = re.findall(r'data-testid="audit-filtered-by">(.*?)<a href="/audit/', content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", "", sentence).split())


def test_the_log_says_what_it_is_filtered_by_as_the_registering_app_words_it(client, visit, ades_officer, monkeypatch):
    from reviews.models import Programme

    client.force_login(ades_officer)
    by_visit = client.get(f"/audit/?visit={visit.pk}").content

    monkeypatch.setattr(audit, "_filters", dict(audit._filters))
    audit.register_filter("programme", Programme, link=lambda programme: f"<i>{programme.name}</i>")
    by_programme = client.get(f"/audit/?programme={visit.programme.pk}").content

    assert b"<title>Audit log: the visit to Angus" in by_visit
    assert _filtered_by(by_visit) == (
        "Changes about the visit to Angus, 5 March to 7 March 2030 (its survey rounds, team, documents and report too)."
    )
    assert f'<a href="{visit.get_absolute_url()}">the visit to Angus'.encode() in by_visit
    assert f"<title>Audit log: {visit.programme.name}".encode() in by_programme  # str() when the app gives no title
    assert _filtered_by(by_programme) == f"Changes about &lt;i&gt;{visit.programme.name}&lt;/i&gt;."
    assert f'<input type="hidden" name="programme" value="{visit.programme.pk}">'.encode() in by_programme
