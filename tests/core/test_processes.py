"""The Procfile's processes as an operator runs them: gunicorn serves the portal, and the worker renders PDFs."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from reports.models import ReportVersion
from reports.services import drafting
from tests.factories import VisitFactory
from tests.reports.test_workflow import DRAFT

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def environment(**extra) -> dict[str, str]:
    """The test settings, pointed at the test database, with the virtual environment's commands on the PATH."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "DATABASE_URL": url, "PATH": path, **extra}


def start_web(port: int, *, log: str) -> subprocess.Popen:
    """The Procfile's web line with one worker on the port, keeping one of its streams ("stdout", the access log, or
    "stderr", the error log) and dropping the other."""
    kept = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, log: subprocess.PIPE}
    return subprocess.Popen(
        procfile()["web"],
        shell=True,
        cwd=ROOT,
        env=environment(PORT=str(port), WEB_CONCURRENCY="1"),
        text=True,
        start_new_session=True,
        **kept,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_procfile_names_web_worker_and_release():
    processes = procfile()

    assert sorted(processes) == ["release", "web", "worker"]
    assert processes["web"].startswith("gunicorn ci_portal.wsgi:application --workers ${WEB_CONCURRENCY:-3}")
    assert processes["worker"] == "python manage.py db_worker"
    assert processes["release"].split(" && ") == [
        "python manage.py migrate --noinput",
        "python manage.py reapply_erasures",
        "python manage.py load_reference",
        "python manage.py identity_provider_from_env",
        "python manage.py collectstatic --noinput",
    ]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_procfiles_web_line_and_logs_no_secret_query_or_probe(reference, ades_officer):
    import datetime

    from reviews.place_links import link_for
    from surveys.services import stakeholders
    from tests.factories import MembershipFactory, survey_round_for

    visit = VisitFactory(hosts=["Fife"], starts_on=datetime.date.today() + datetime.timedelta(days=30))
    place = link_for(MembershipFactory(visit=visit))
    personal = survey_round_for(visit, by=ades_officer).invitations.get().token
    today = datetime.date.today()
    open_link = stakeholders.open_round(
        visit=visit, opens_on=today, closes_on=today + datetime.timedelta(days=3), by=ades_officer
    ).open_token
    port = free_port()
    web = start_web(port, log="stdout")  # the access log
    paths = ("/healthz", "/reports/?q=Siobhan", f"/s/{personal}/", f"/v/{open_link}/", place, "/healthz/tasks")
    try:
        answers = {}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not answers:
            try:
                for path in paths:
                    asked = urllib.request.Request(
                        f"http://127.0.0.1:{port}{path}", headers={"Referer": f"{place}?q=N"}
                    )
                    with urllib.request.urlopen(asked, timeout=5) as response:
                        answers[path] = (response.status, response.headers["Content-Type"])
            except OSError:
                answers = {}
                time.sleep(0.3)
    finally:
        os.killpg(web.pid, 15)
        log, _ = web.communicate(timeout=30)

    html = "text/html; charset=utf-8"
    assert answers == {
        "/healthz": (200, "text/plain"),
        paths[1]: (200, html),
        paths[2]: (200, html),
        paths[3]: (200, html),
        place: (200, html),
        "/healthz/tasks": (200, "text/plain"),
    }
    request_lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    access_lines = [line for line in log.splitlines() if not line.startswith("{")]
    secret = place.split("/")[2]
    assert [line.split('"')[1] for line in access_lines] == [
        "GET /reports/ HTTP/1.1",
        "GET /s/[link]/ HTTP/1.1",
        "GET /v/[link]/ HTTP/1.1",
        "GET /places/[link]/ HTTP/1.1",
    ]  # no line per probe, no query string
    assert [line.split('"')[3] for line in access_lines] == ["/places/[link]/"] * 4  # the referrer, without either
    assert [line.startswith("- ") for line in access_lines] == [False, True, True, False]  # no address beside a survey
    assert (personal in log, open_link in log, secret in log, "Siobhan" in log) == (False, False, False, False)
    # The portal's own line per request (core/request_log.py), on stdout beside gunicorn's; none for /healthz.
    assert [(line["path"], line["status"], line["person"]) for line in request_lines] == [
        ("/reports/", 200, None),
        ("/s/[link]/", 200, None),
        ("/v/[link]/", 200, None),
        ("/places/[link]/", 200, None),
    ]


def heads(port: int, paths: tuple[str, ...]) -> dict[str, tuple[int, bytes, str | None]]:
    """Each path asked with HEAD once the server answers: status, body and Content-Length."""
    deadline = time.monotonic() + 30
    while True:
        try:
            answers = {}
            for path in paths:
                asked = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="HEAD")
                try:
                    with urllib.request.urlopen(asked, timeout=5) as response:
                        answers[path] = (response.status, response.read(), response.headers["Content-Length"])
                except urllib.error.HTTPError as refused:
                    answers[path] = (refused.code, refused.read(), refused.headers["Content-Length"])
            return answers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.django_db(transaction=True)
def test_head_to_a_probe_or_a_page_under_gunicorn_sends_no_body_and_logs_no_warning(reference):
    port = free_port()
    web = start_web(port, log="stderr")  # the error log
    try:
        answers = heads(port, ("/healthz", "/healthz/tasks", "/reports/", "/no-such-page/"))
    finally:
        os.killpg(web.pid, 15)
        _, errors = web.communicate(timeout=30)

    assert {path: (status, body) for path, (status, body, _) in answers.items()} == {
        "/healthz": (200, b""),
        "/healthz/tasks": (200, b""),
        "/reports/": (200, b""),
        "/no-such-page/": (404, b""),
    }
    assert answers["/healthz"][2] == "3"  # what a GET would carry: "ok\n"
    assert "no-body" not in errors
    assert "Booting worker" in errors  # the error log was read, not lost


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_a_published_reports_pdf_outside_the_request(reference, ades_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(TASKS=DATABASE_BACKEND):
        report = drafting.start_report(visit=VisitFactory(hosts=["Fife"]), by=ades_officer)
        drafting.save_draft(report=report, by=ades_officer, **DRAFT)
        drafting.submit_report(report=report, by=ades_officer)
        version = drafting.publish_report(report=report, by=ades_officer)
    waiting = bool(ReportVersion.objects.get(pk=version.pk).pdf)

    worker = subprocess.run(
        [*procfile()["worker"].split(), "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment(DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend", DJANGO_MEDIA_ROOT=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )

    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        start = handle.read(5)
    assert waiting is False
    assert worker.returncode == 0, worker.stderr
    assert start == b"%PDF-"
    assert len(version.pdf_sha256) == 64
