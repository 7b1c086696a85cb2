"""The portal as production runs it: only the production requirements (.venv-prod, built by `make setup-test`),
debug off, the Procfile's own lines. The access matrix's world is seeded and committed to the test database, the
`release` line runs on it, `web` (gunicorn) and `worker` start, and every URL is asked for by every visitor over a
real socket: each must answer as the access matrix says. An ADES officer also records an authority's own report
with its PDF, the request that once answered 500 "No module named 'pypdf'" because pypdf was only a dev package.
"""

import ast
import http.client
import json
import os
import re
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from reports.models import AuthorityReport
from reviews.models import Visit
from tests import test_access_matrix as matrix
from tests.core.test_processes import environment, free_port, procfile
from tests.reports.test_authority_reports import a_pdf

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_BIN = ROOT / ".venv-prod" / "bin"
world = matrix.world  # the same seeded objects, and so the same URLs, as the access matrix
# What the test run sets for itself (pytest-env) and a server must not inherit: production reads deploy/env.example.
TEST_ONLY = ("DJANGO_", "CI_PORTAL_", "AXES_", "DATABASE_URL", "WEB_CONCURRENCY", "PORT", "PYTHONPATH", "VIRTUAL_ENV")


@pytest.fixture(scope="module", autouse=True)
def production_environment_built():
    if not (PRODUCTION_BIN / "gunicorn").exists():
        pytest.fail("No production environment: `make setup-test` (or `make .make/python-prod`) builds .venv-prod.")


def env_example() -> dict[str, str]:
    lines = (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {key: value.strip('"') for key, value in pairs}


def production_environment(media: Path, scratch: Path, port: int) -> dict[str, str]:
    """deploy/env.example as an operator fills it in, pointed at the test database, with .venv-prod on the PATH."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(TEST_ONLY)}
    return {
        **base,
        **env_example(),
        "PATH": f"{PRODUCTION_BIN}{os.pathsep}{base['PATH']}",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions this test makes are signed with it
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "DATABASE_URL": environment()["DATABASE_URL"],
        "DJANGO_MEDIA_ROOT": str(media),
        "CI_PORTAL_ERASURE_LEDGER": str(scratch / "erasure-ledger"),  # outside the media folder, as deployed
        "DJANGO_STATIC_ROOT": str(scratch / "static"),  # its own collectstatic, apart from other tests' processes
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # no email leaves a test
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        # The world's organisation sign-in is ready, its secret set as an operator sets it.
        "CI_PORTAL_OIDC_SECRET_ANGUS": os.environ.get("CI_PORTAL_OIDC_SECRET_ANGUS", ""),
    }


class Portal:
    """HTTP to the gunicorn server as through the HTTPS proxy (env.example's DJANGO_BEHIND_HTTPS_PROXY)."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"

    def request(self, method: str, path: str, cookie: str = "", body: bytes | None = None, **headers):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, **headers}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def wait_until_up(self, web: subprocess.Popen, seconds: int = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and web.poll() is None:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("gunicorn did not answer /healthz")


def session_cookies(people: dict) -> dict[str, str]:
    """A signed-in session in the database for each person, as the sign-in page would leave it."""
    cookies = {"anonymous": ""}
    for visitor, person in people.items():
        client = Client()
        client.force_login(person)
        cookies[visitor] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def ask_every_url(portal: Portal, urls: dict[str, str], cookies: dict[str, str]) -> dict[str, tuple]:
    """Each visitor's status for each URL. A PDF the worker is still rendering (202) is asked for again, until the
    worker has rendered it or a minute has passed, so the worker's PDFs count too."""
    seen = {name: [portal.request("GET", url, cookies[v])[0] for v in matrix.VISITORS] for name, url in urls.items()}
    deadline = time.monotonic() + 60
    waiting = [(name, i) for name, row in seen.items() for i, status in enumerate(row) if status == 202]
    while waiting and time.monotonic() < deadline:
        time.sleep(0.5)
        for name, i in list(waiting):
            seen[name][i] = portal.request("GET", urls[name], cookies[matrix.VISITORS[i]])[0]
            if seen[name][i] != 202:
                waiting.remove((name, i))
    return {name: tuple(row) for name, row in seen.items()}


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    for key, (filename, data) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def record_authority_report(portal: Portal, cookie: str, visit: Visit, pdf: bytes):
    """The form's page, then the form sent with its CSRF token and the PDF, as a browser sends it."""
    page = f"/visits/{visit.pk}/authority-report/"
    status, headers, body = portal.request("GET", page, cookie)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    csrf_cookie = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    content_type, data = multipart(
        {"csrfmiddlewaretoken": token, "url": "https://www.westlothian.gov.uk/ci-report", "published_year": "2024"},
        {"pdf": ("West Lothian report.pdf", pdf)},
    )
    sent = portal.request(
        "POST",
        page,
        f"{cookie}; {csrf_cookie}",
        data,
        **{"Content-Type": content_type, "Origin": portal.origin, "Referer": portal.origin + page},
    )
    return status, sent[0], sent[1]["Location"]


def start(command: str, env: dict, logs: Path, name: str) -> subprocess.Popen:
    with open(logs / f"{name}.out", "w") as out, open(logs / f"{name}.err", "w") as err:
        return subprocess.Popen(command, shell=True, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """Stop the process and every process of its group, and wait until all have gone: a server's workers still
    shutting down hold connections to the test database, which could then not be dropped at the end of the run."""
    if process.poll() is None:
        os.killpg(process.pid, 15)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(process.pid, 9)


@pytest.mark.django_db(transaction=True)
def test_the_procfiles_processes_from_the_production_requirements_answer_every_url_as_the_matrix_says(
    world, tmp_path_factory
):
    media, logs, port = Path(settings.MEDIA_ROOT), tmp_path_factory.mktemp("logs"), free_port()
    env = production_environment(media, tmp_path_factory.mktemp("production"), port)
    cookies = session_cookies(world["people"])
    west_lothian = Visit.objects.get(programme__slug="ci-2021-2024", hosts__name="West Lothian")
    pdf = a_pdf()
    release = subprocess.run(procfile()["release"], shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
    assert release.returncode == 0, release.stdout + release.stderr
    # web, worker and any process the Procfile gains: each must start, and still be running at the end.
    processes = {name: start(line, env, logs, name) for name, line in procfile().items() if name != "release"}
    portal = Portal(port)
    try:
        portal.wait_until_up(processes["web"])
        seen = ask_every_url(portal, matrix.urls(world), cookies)
        form, sent, location = record_authority_report(portal, cookies["ades"], west_lothian, pdf)
        held = AuthorityReport.objects.filter(visit=west_lothian).first()
        download = portal.request("GET", held.pdf_url) if held else None
        stopped = {name: process.poll() for name, process in processes.items() if process.poll() is not None}
    finally:
        for process in processes.values():
            stop(process)

    log = [line for name in processes for line in (logs / f"{name}.err").read_text().splitlines()]
    errors = "\n".join(line for line in log if not line.startswith(("Not Found: ", "Method Not Allowed ")))[-5000:]
    assert {name: row for name, row in seen.items() if row != matrix.EXPECTED.get(name)} == {}, errors
    assert set(seen) == set(matrix.EXPECTED)
    assert (form, sent, location) == (200, 302, west_lothian.get_absolute_url()), errors
    assert (held.url, held.published_year, held.pdf_size) == (
        "https://www.westlothian.gov.uk/ci-report",
        2024,
        len(pdf),
    )
    assert (download[0], download[1]["Content-Type"], download[2]) == (200, "application/pdf", pdf)
    assert stopped == {}, errors  # no process stopped on its own


def application_imports() -> set[str]:
    """Every module outside the standard library that the application's code imports (at the top of a module or
    inside a function), and every module its settings name by a dotted path."""
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
    names = set()
    for path in [ROOT / "manage.py", *(p for package in packages for p in (ROOT / package).rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module)
    named = [*settings.MIDDLEWARE, *settings.AUTHENTICATION_BACKENDS, settings.S3_STORAGE["BACKEND"]]
    named.append(settings.STORAGES["staticfiles"]["BACKEND"])
    names.update(dotted.rsplit(".", 1)[0] for dotted in named)
    names.add(settings.DATABASES["default"]["ENGINE"] + ".base")  # it imports the PostgreSQL driver
    return {name for name in names if name.split(".")[0] not in {*sys.stdlib_module_names, *packages}}


def test_every_module_the_application_imports_is_installed_by_the_production_requirements(tmp_path):
    names = sorted(application_imports())
    script = (
        "import django, importlib, json, sys\ndjango.setup()\nmissing = []\n"
        "for name in sys.argv[1:]:\n    try:\n        importlib.import_module(name)\n"
        "    except ImportError as error:\n        missing.append(f'{name}: {error}')\nprint(json.dumps(missing))"
    )
    env = {**production_environment(tmp_path, tmp_path, free_port()), "DJANGO_SETTINGS_MODULE": "ci_portal.settings"}
    run = subprocess.run(
        [PRODUCTION_BIN / "python", "-c", script, *names], cwd=ROOT, env=env, capture_output=True, text=True
    )
    dev_only = subprocess.run([PRODUCTION_BIN / "python", "-c", "import factory"], capture_output=True)

    assert {
        "pypdf",
        "weasyprint",
        "storages.backends.s3",
        "django.db.backends.postgresql.base",
        "whitenoise.middleware",
    } <= set(names)
    assert (run.returncode, json.loads(run.stdout or "null")) == (0, []), run.stderr
    assert dev_only.returncode == 1  # the environment holds no dev package: it is the production one
