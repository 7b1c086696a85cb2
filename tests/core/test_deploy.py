"""Production as documented: deploy/env.example passes Django's deployment checks; headers and the health probe."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def example_environment() -> dict[str, str]:
    values = {}
    for line in (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
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


def test_the_documented_production_settings_pass_check_deploy():
    environment = example_environment() | {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}

    passed = check_deploy(environment)
    without_hsts = check_deploy(environment | {"DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "0"})

    assert (passed.returncode, passed.stderr) == (0, "")
    assert "System check identified no issues (0 silenced)." in passed.stdout
    assert without_hsts.returncode == 1
    assert "security.W005" in without_hsts.stderr


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
