"""Subject access, retention that runs by itself, who looked, and a privacy notice that says what really happens."""

import datetime
import html
import io
import json

import pytest
from axes.models import AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from authorities.models import Person
from core import retention
from core.models import DownloadRecord
from office.services import erasure
from reviews.services import teams
from surveys.models import Invitation
from tests.factories import PersonFactory, VisitFactory, sign_in_freshly, survey_round_for
from tests.office.test_erasure import EMAIL, NAME, morag, world  # noqa: F401 (fixtures)
from tests.surveys.test_anonymity import answer

NOW = timezone.now()


def page_text(response) -> str:
    """The page's words, without its markup."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def test_the_export_lists_everything_held_and_never_an_answer(client, world, morag):  # noqa: F811
    ades, visit = world["people"]["ades"], world["visit"]
    survey_round = survey_round_for(visit, by=ades, cohort="with Morag")
    answer(survey_round, morag, value=2, comment="A comment only she could have written.")
    sign_in_freshly(client, ades)

    response = client.get(reverse("office:person-export", kwargs={"pk": morag.pk}))
    held = json.loads(response.content)
    printed = io.StringIO()
    call_command("export_person", EMAIL, stdout=printed)

    assert response["Content-Disposition"] == f'attachment; filename="person-{morag.pk}.json"'
    by_command = json.loads(printed.getvalue())
    logged = "Changes recorded in the audit log, made by them or about them"
    assert by_command[logged][:-1] == held[logged]  # and then the page's export, recorded once it was made
    assert by_command[logged][-1]["what"] == "Personal data exported"
    assert {**by_command, logged: []} == {**held, logged: []}
    assert next(iter(held)) == "Their record"
    assert [(r["email"], r["full_name"], r["organisation__name"]) for r in held["Their record"]] == [
        (EMAIL, NAME, "Fife Council")
    ]
    assert [(r["visit"], r["role"]) for r in held["Team places"]] == [(visit.pk, "peer_reviewer")]
    assert [r["role"] for r in held["Earlier values of their team places"]] == [
        "peer_reviewer",
        "host_officer",
        "peer_reviewer",
    ]
    assert [r["title"] for r in held["Documents they uploaded"]] == [f"Data pack from {NAME}"]
    assert [(r["questionnaire"], r["answered"]) for r in held["Survey invitations"]] == [
        (survey_round.questionnaire.name, True)
    ]
    assert [r["kind"] for r in held["Sign-in records"]] == ["sign-ins"]
    assert len(held["Sessions"]) == 1
    assert "A comment only she could have written." not in response.content.decode()
    assert '"value"' not in response.content.decode()


def test_retention_deletes_what_is_past_its_period_and_is_safe_to_run_twice(world, morag, settings):  # noqa: F811
    settings.RETENTION = {**settings.RETENTION, "sign_in_days": 90, "downloads_days": 30, "history_years": 2}
    AccessLog.objects.filter(username=EMAIL).update(attempt_time=NOW - datetime.timedelta(days=91))
    old = DownloadRecord.objects.create(person=morag, what="Old", path="/", at=NOW - datetime.timedelta(days=31))
    recent = DownloadRecord.objects.create(person=morag, what="Recent", path="/", at=NOW - datetime.timedelta(days=29))
    expired = SessionStore()
    expired.set_expiry(NOW - datetime.timedelta(seconds=1))
    expired.create()
    history = world["visit"].history.model
    history.objects.filter(notes__contains="Ask").update(history_date=NOW - datetime.timedelta(days=2 * 366))

    first = dict(retention.apply(NOW))
    second = dict(retention.apply(NOW))

    assert first["Sign-in records older than the period, deleted"] == 1
    assert first["Download records older than the period, deleted"] == 1
    assert first["Expired sessions, deleted"] == 1
    assert first["Earlier values of records older than the period, deleted"] == 1
    assert set(second.values()) == {0}
    assert list(DownloadRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    assert DownloadRecord.objects.filter(pk=old.pk).exists() is False
    assert Session.objects.filter(session_key=expired.session_key).exists() is False
    assert history.objects.filter(notes__contains="has the data pack").count() == 1


def test_a_closed_rounds_links_are_cleared_and_whether_each_was_used_stays(world, morag):  # noqa: F811
    ades, visit = world["people"]["ades"], world["visit"]
    today = NOW.date()
    survey_round = survey_round_for(visit, by=ades, cohort="with Morag", opens_on=today - datetime.timedelta(days=9))
    answer(survey_round, morag)
    open_round = survey_round_for(VisitFactory(hosts=["Fife"]), by=ades, cohort="still open")
    teams.add_team_member(visit=open_round.visit, person=morag, role="peer_reviewer", by=ades)

    retention.apply(NOW)  # the round is still open: its links stay
    still = Invitation.objects.filter(survey_round=survey_round, token__isnull=False).count()
    type(survey_round).objects.filter(pk=survey_round.pk).update(closes_on=today - datetime.timedelta(days=1))
    cleared = dict(retention.apply(NOW))["Personal survey links of closed rounds, cleared"]

    invitations = Invitation.objects.filter(survey_round=survey_round)
    assert (still, cleared) == (survey_round.invitations.count(), survey_round.invitations.count())
    assert set(invitations.values_list("token", flat=True)) == {None}
    assert invitations.filter(person=morag, completion__isnull=False).count() == 1
    assert Invitation.objects.filter(survey_round=open_round, token__isnull=True).count() == 0


def test_people_with_no_activity_are_proposed_for_erasure_never_erased(client, world, morag, settings):  # noqa: F811
    settings.RETENTION = {**settings.RETENTION, "inactive_person_years": 3}
    long_gone = PersonFactory(full_name="Long Gone")
    Person.objects.filter(pk=long_gone.pk).update(date_joined=NOW - datetime.timedelta(days=4 * 366), last_login=None)

    proposed = dict(retention.apply(NOW))["People with no activity for the period, proposed for erasure"]
    again = dict(retention.apply(NOW))["People with no activity for the period, proposed for erasure"]
    sign_in_freshly(client, world["people"]["ades"])
    listed = page_text(client.get(reverse("office:people"), {"proposed": "1"}))
    home = client.get(reverse("core:home")).content.decode()

    assert (proposed, again) == (1, 0)
    assert Person.objects.get(pk=long_gone.pk).erased_at is None
    assert "1 person has had no activity for the retention period and is proposed for erasure." in listed
    assert "1 person proposed for erasure" in listed
    assert '<a href="/people/?proposed=1">1 person is proposed for erasure</a>' in home
    assert ("Long Gone" in listed, NAME in listed) == (True, False)


def test_downloads_of_pre_reading_and_drafts_are_recorded_for_ades_officers(client, world, morag):  # noqa: F811
    ades, visit = world["people"]["ades"], world["visit"]
    document = visit.documents.get()
    sign_in_freshly(client, morag)
    download = client.get(reverse("reviews:document-download", kwargs={"pk": visit.pk, "document_pk": document.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.7"  # read to its end, which closes the file
    sign_in_freshly(client, ades)
    from reports.services import drafting as reports

    reports.start_report(visit=visit, by=ades)
    client.get(reverse("reports:report-preview", kwargs={"visit_pk": visit.pk}))

    listed = page_text(client.get(reverse("office:downloads")))

    assert list(DownloadRecord.objects.order_by("at").values_list("person__full_name", "what")) == [
        (NAME, f"Pre-reading “Data pack from {NAME}” for {visit}"),
        (ades.full_name, f"Draft report for {visit}"),
    ]
    assert f"{NAME}, Fife Council Pre-reading “Data pack from {NAME}” for {visit}" in listed
    assert "2 downloads" in listed


def test_the_privacy_notice_shows_the_periods_the_retention_job_applies(client, settings):
    settings.RETENTION = {"sign_in_days": 45, "downloads_days": 200, "history_years": 4, "inactive_person_years": 5}
    settings.DATA_CONTROLLER = "Education Scotland"

    notice = client.get(reverse("core:privacy"))
    cookies = page_text(client.get(reverse("core:cookies")))

    text = page_text(notice)
    page = notice.content.decode()
    cells = {
        cell: page.split(f'data-testid="{cell}">')[1].split("</td>")[0]
        for cell in ("keep-sign-ins", "keep-downloads", "keep-history", "keep-task-records")
    }
    assert {cell: " ".join(value.split()) for cell, value in cells.items()} == {
        "keep-sign-ins": "45 days",
        "keep-downloads": "200 days",
        "keep-history": "4 years",
        "keep-task-records": "14 days",
    }
    assert "After 5 years with no visit, action or sign-in" in text
    assert "The data controller is Education Scotland." in text
    assert "This is to be confirmed by the data controller" in text
    assert "These cookies are strictly necessary, so the law does not require us to ask for your consent" in cookies
    assert "sessionid Keeps you signed in. Set only when you sign in. After 14 days, or when you sign out" in cookies


@pytest.mark.parametrize("name", ["core:home", "core:privacy", "reports:archive"])
def test_every_page_links_the_privacy_notice_and_cookies_from_its_footer(client, db, name):
    footer = client.get(reverse(name)).content.decode().split('<footer class="ds_site-footer">')[1]

    assert ['href="/privacy/"' in footer, 'href="/cookies/"' in footer] == [True, True]


def test_an_upload_by_an_erased_person_still_downloads_for_the_team(client, world, morag):  # noqa: F811

    erasure.erase(person=morag, via="test")
    sign_in_freshly(client, world["people"]["member"])
    document = world["visit"].documents.get()

    response = client.get(
        reverse("reviews:document-download", kwargs={"pk": world["visit"].pk, "document_pk": document.pk})
    )

    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"%PDF-1.7")
    assert document.title == "Data pack from [name removed]"
