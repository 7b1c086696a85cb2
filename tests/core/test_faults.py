"""Faults reach someone: a server error or a failed task is queued once as an email to ADMINS, without personal data;
every request writes one JSON line with its id, and none ties a person to a survey link."""

import json
import logging
import re

import pytest
from django.core import mail
from django.test import Client

from core.models import OutgoingEmail
from tests.core.faulty import PERSON_EMAIL, fail_on_purpose
from tests.factories import MembershipFactory, VisitFactory, survey_round_for

ADMINS = [("Portal support", "support@example.scot"), ("On call", "oncall@example.scot")]


@pytest.fixture
def faulty(settings):
    settings.ROOT_URLCONF = "tests.core.faulty"
    settings.ADMINS = ADMINS
    return Client(raise_request_exception=False)


@pytest.fixture
def request_lines():
    """What the `ci_portal.requests` logger writes (it does not propagate, so caplog cannot see it)."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    keep = Keep()
    logger = logging.getLogger("ci_portal.requests")
    logger.addHandler(keep)
    yield lines
    logger.removeHandler(keep)


def reports():
    return list(OutgoingEmail.objects.filter(kind="error-report").order_by("to"))


@pytest.mark.django_db
def test_a_server_error_is_queued_once_for_each_admin_without_personal_data(faulty, caplog):
    faulty.cookies["sessionid"] = "cookie-value-never-reported"

    response = faulty.post(
        "/s/SECRETKEY123/boom/", {"answer": "a personal answer"}, headers={"X-Request-ID": "front-0001"}
    )

    queued = reports()
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert mail.outbox == []  # Django's own handler sent nothing inside the request
    assert [email.to for email in queued] == ["On call <oncall@example.scot>", "Portal support <support@example.scot>"]
    body = queued[0].body
    assert queued[0].subject == "[Collaborative Improvement Portal] ERROR: Internal Server Error: /s/[link]/boom/"
    assert "Request: POST /s/[link]/boom/\n" in body
    assert f"Request id: {request_id}\nStatus: 500\n" in body
    assert request_id != "front-0001"  # a survey link's request never keeps the front server's id
    assert body.count("Traceback (most recent call last):") == 1
    assert "RuntimeError: no invitation for [email]" in body
    assert 'raise RuntimeError(f"no invitation for {PERSON_EMAIL}")' in body  # the line, not its values
    for personal in ("SECRETKEY123", PERSON_EMAIL, "cookie-value-never-reported", "a personal answer"):
        assert personal not in body
    assert [record.getMessage() for record in caplog.records if record.name == "django.request"] == [
        "Internal Server Error: /s/[link]/boom/"  # as the console writes it too
    ]


@pytest.mark.django_db
def test_the_same_error_again_within_five_minutes_is_not_reported_again(faulty):
    first = faulty.get("/boom/")
    again = faulty.get("/boom/")

    assert (first.status_code, again.status_code) == (500, 500)
    assert len(reports()) == len(ADMINS)
    assert reports()[0].subject == "[Collaborative Improvement Portal] ERROR: Internal Server Error: /boom/"


@pytest.mark.django_db
def test_without_admins_nothing_is_queued(faulty, settings):
    settings.ADMINS = []

    assert faulty.get("/boom/").status_code == 500
    assert reports() == []


@pytest.mark.django_db
def test_a_task_that_fails_is_reported_once(settings):
    settings.ADMINS = ADMINS[:1]

    result = fail_on_purpose.enqueue()

    assert result.status == "FAILED"
    [report] = reports()
    assert report.subject.startswith(f"[Collaborative Improvement Portal] ERROR: Task id={result.id} path=")
    assert "RuntimeError: could not render for [email]" in report.body
    assert PERSON_EMAIL not in report.body


LINE = re.compile(
    r'\{"request_id": "(?P<id>[^"]+)", "method": "(?P<method>[A-Z]+)", "path": "(?P<path>[^"]+)", '
    r'"status": (?P<status>\d+), "ms": \d+, "person": (?P<person>\d+|null)\}'
)


@pytest.mark.django_db
def test_each_request_writes_one_json_line_with_its_id(client, ades_officer, request_lines):
    client.force_login(ades_officer)

    page = client.get("/reports/?q=Siobhan", headers={"X-Request-ID": "front-server-7f3a"})
    client.get("/healthz")
    client.get("/healthz/tasks")
    made = client.get("/reports/", headers={"X-Request-ID": "bad id\nwith a newline"})

    assert page["X-Request-ID"] == "front-server-7f3a"
    assert request_lines[0] == (
        f'{{"request_id": "front-server-7f3a", "method": "GET", "path": "/reports/", "status": 200, '
        f'"ms": {json.loads(request_lines[0])["ms"]}, "person": {ades_officer.pk}}}'
    )
    assert len(request_lines) == 2  # the probes write none
    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    assert json.loads(request_lines[1])["request_id"] == made["X-Request-ID"]


@pytest.mark.django_db
def test_no_line_ties_a_person_to_a_survey_link(client, ades_officer, request_lines):
    visit = VisitFactory(hosts=["Fife"])
    MembershipFactory(visit=visit)
    token = survey_round_for(visit, by=ades_officer).invitations.get().token
    client.force_login(ades_officer)  # even someone signed in is not named beside a survey link

    answered = client.get(f"/s/{token}/", headers={"X-Request-ID": "front-server-7f3a"})
    client.get("/v/not-a-real-link/")

    lines = [json.loads(line) for line in request_lines]
    assert answered.status_code == 200
    assert [(line["path"], line["status"], line["person"]) for line in lines] == [
        ("/s/[link]/", 200, None),
        ("/v/[link]/", 404, None),
    ]
    assert lines[0]["request_id"] == answered["X-Request-ID"] != "front-server-7f3a"
    assert all(LINE.fullmatch(line) for line in request_lines)
    assert token not in "".join(request_lines)


def test_django_admins_are_read_as_name_and_address_and_a_bad_entry_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from core.faults import admins

    assert admins(["CI Portal support <support@example.scot>", "oncall@example.scot"]) == [
        ("CI Portal support", "support@example.scot"),
        ("", "oncall@example.scot"),
    ]
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ADMINS must be addresses"):
        admins(["Support team"])
