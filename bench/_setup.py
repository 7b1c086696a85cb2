"""Shared by the benchmarks: Django on a scratch database, migrated, with the reference data loaded."""

import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(urlconf: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix="ci-portal-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ci_portal.settings")
    # Benchmarks time the work itself: background tasks run at once, as with debug on.
    os.environ.setdefault("DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    warnings.filterwarnings("ignore", message="No directory at")  # static files come from the finders here

    import django
    from django.conf import settings

    if urlconf:
        settings.ROOT_URLCONF = urlconf
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django.setup()
    import logging

    from django.core.management import call_command

    logging.getLogger("ci_portal.requests").setLevel(logging.WARNING)  # one line per request would bury the figures

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_reference", verbosity=0, stdout=quiet)


def timed(client, url: str, requests: int, before=None) -> list[float]:
    """Milliseconds per request, sorted; `before` runs ahead of each request, outside the timing."""
    import time

    client.get(url)  # warm templates and connections
    timings = []
    for _ in range(requests):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(timings)


def on_postgresql(run, args, urlconf: str | None = None) -> None:
    """Run the benchmark on DATABASE_URL, or on a throwaway PostgreSQL server started as the tests start theirs."""
    import subprocess

    server = None
    if "DATABASE_URL" not in os.environ:
        sys.path.insert(0, str(ROOT))
        from tests import postgres

        server = postgres.start()
        subprocess.run(
            [*server.as_user, str(server.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "bench"],
            check=True,
        )
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{server.port}/bench"
    try:
        configure(urlconf)
        run(args)
    finally:
        if server:
            from django.db import connections

            connections.close_all()
            server.stop()


def sign_in(client, person) -> None:
    """Sign the test client in as the portal's two steps leave a session: the password, then the second factor. The
    person is given an authenticator app if they have none (every ADES officer holds one); the figures are of the
    pages, not of signing in."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import RequestFactory

    app = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
    if app is None:
        app = TOTP.activate(person, generate_totp_secret()).instance
    client.force_login(person)
    request = RequestFactory().get("/")
    request.session, request.user = client.session, person
    record_authentication(request, person, "password", email=person.email)
    record_authentication(request, person, "mfa", id=app.pk, type=app.type)
    request.session.save()
