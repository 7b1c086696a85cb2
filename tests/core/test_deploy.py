"""Production as documented: deploy/env.example passes Django's deployment checks; headers and the health probe."""

import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from reports import tasks
from reports.services import drafting
from surveys.aggregation import Level, StatementResult, diverging_chart
from tests.factories import VisitFactory
from tests.reports.test_workflow import DRAFT

ROOT = Path(__file__).resolve().parents[2]


def example_environment() -> dict[str, str]:
    values = {}
    for line in (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.removeprefix('"').removesuffix('"')
    return values


def check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess:
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**keep, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    environment = example_environment() | {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    ledger_folder = Path(environment["CI_PORTAL_ERASURE_LEDGER"]).parent  # /srv/ci-portal: here, a folder made for it
    environment["CI_PORTAL_ERASURE_LEDGER"] = str(tmp_path / ledger_folder.name / "erasure-ledger")
    (tmp_path / ledger_folder.name).mkdir()

    passed = check_deploy(environment)
    without_hsts = check_deploy(environment | {"DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "0"})
    without_folder = check_deploy(environment | {"CI_PORTAL_ERASURE_LEDGER": str(tmp_path / "nowhere" / "ledger")})

    assert (passed.returncode, passed.stderr) == (0, "")
    assert (without_folder.returncode, "core.W005" in without_folder.stderr) == (1, True)
    assert "System check identified no issues (0 silenced)." in passed.stdout
    assert without_hsts.returncode == 1
    assert "security.W005" in without_hsts.stderr


def variables_the_settings_read() -> set[str]:
    settings_source = (ROOT / "ci_portal" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', settings_source))


def variables_in_the_example() -> set[str]:
    example = (ROOT / "deploy" / "env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^(?:# )?([A-Z0-9_]+)=\S", example, flags=re.MULTILINE))


def test_the_example_environment_names_every_variable_the_settings_read():
    read = variables_the_settings_read()

    assert len(read) == 58
    assert sorted(read - variables_in_the_example()) == []


def test_the_readmes_configuration_table_describes_every_variable():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    configuration = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]  # its section's tables only
    rows = [line.split(" | ") for line in configuration.splitlines() if line.startswith("| `")]
    described = {name for row in rows if len(row) == 3 for name in re.findall(r"`([A-Z0-9_]+)`", row[0])}

    assert all(len(row) == 3 and row[1].strip() and row[2].strip(" |") for row in rows)  # a default and a meaning
    assert sorted((variables_the_settings_read() | variables_in_the_example()) - described) == []


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client):
    response = client.get("/")

    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    """No 'unsafe-inline' anywhere: pages with no inline style or script allow none at all."""
    home, sign_in = client.get("/"), client.get("/accounts/sign-in/")

    assert policy(home) == STRICT_POLICY
    assert policy(sign_in) == STRICT_POLICY
    assert "unsafe" not in home["Content-Security-Policy"]


def test_the_report_preview_links_the_print_stylesheet_that_pdfs_carry_inline(client, ades_officer):
    """The one document shown in a browser links its stylesheet, so no page needs an inline style; the PDF's HTML
    carries the same stylesheet inline, so WeasyPrint fetches nothing."""
    visit = VisitFactory(hosts=["Fife"])
    report = drafting.start_report(visit=visit, by=ades_officer)
    drafting.save_draft(report=report, by=ades_officer, **DRAFT)
    client.force_login(ades_officer)

    preview = client.get(f"/visits/{visit.pk}/report/preview/").content.decode()
    pdf_html = tasks.document_html(drafting.snapshot(report))

    assert re.findall(r"<style|style=|<link[^>]*>", preview) == [
        '<link rel="stylesheet" href="/static/css/document.css">'
    ]
    assert pdf_html.count("<style>@page") == 1
    assert "<link" not in pdf_html


def test_survey_charts_carry_no_inline_css(reference):
    """Matplotlib writes CSS into its SVG; the chart keeps the same look as presentation attributes instead."""
    levels = [
        Level(4, "Strongly agree", 3, 50),
        Level(3, "Agree", 1, 17),
        Level(2, "Disagree", 1, 17),
        Level(1, "-", 1, 16),
    ]
    chart = diverging_chart([StatementResult("a", "One", 6, levels, 67)], title="T")

    assert re.findall(r"<style|style=", chart) == []
    assert chart.startswith('<svg role="img" aria-labelledby="chart-title chart-summary" stroke-linejoin="round"')
    assert len(re.findall(r'fill="#2e7d32"', chart)) == 2  # the bar and its legend key


@pytest.mark.django_db(transaction=True)
def test_the_health_probe_answers_without_a_session_and_says_when_the_database_is_down(client, caplog):
    healthy = client.get("/healthz", HTTP_HOST="10.0.0.5")
    settings = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # a real database that does not answer: nothing listens there
    try:
        with caplog.at_level(logging.WARNING, logger="django.request"):
            down = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.update(settings)

    assert (healthy.status_code, healthy.content, dict(healthy.cookies)) == (200, b"ok\n", {})
    assert (down.status_code, down.content) == (503, b"database unavailable\n")
    assert caplog.records == []
