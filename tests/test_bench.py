"""Every benchmark runs once at its smallest in make test, so a change that breaks one fails here; their figures
are read on demand (README, "Benchmarks"), never asserted as times."""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench_template(django_db_modify_db_settings):
    """A database on the tests' own PostgreSQL server, migrated and with the reference data loaded once, by the
    benchmarks' own set-up (bench/_setup.py), for each benchmark to copy: otherwise every script starts a server of
    its own and migrates an empty database, the same minute's work eight times over. (Run by hand, a script still
    starts its own server; the README says how.)"""
    from django.conf import settings

    database = settings.DATABASES["default"]
    server = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
    _administer("DROP DATABASE IF EXISTS bench_template")  # one a failed set-up left behind
    _administer("CREATE DATABASE bench_template")
    environment = {**os.environ, "DATABASE_URL": f"{server}/bench_template"}
    set_up = "import sys; sys.path.insert(0, 'bench'); import _setup; _setup.configure()"
    ran = subprocess.run([sys.executable, "-c", set_up], capture_output=True, text=True, env=environment, cwd=ROOT)
    assert (ran.returncode, ran.stderr[-2000:]) == (0, "")
    yield server
    _administer("DROP DATABASE bench_template")


@pytest.fixture
def bench_database(bench_template, request):
    """A copy of the template for one benchmark, dropped after it."""
    name = f"bench_{hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]}"
    _administer(f"CREATE DATABASE {name} TEMPLATE bench_template")
    yield f"{bench_template}/{name}"
    _administer(f"DROP DATABASE {name}")


def _administer(statement: str) -> None:
    """A statement outside any transaction (as CREATE and DROP DATABASE must be), on the tests' server."""
    import psycopg2
    from django.conf import settings

    database = settings.DATABASES["default"]
    server = {"host": database["HOST"], "port": database["PORT"], "user": database["USER"]}
    connection = psycopg2.connect(**server, dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("script", "arguments", "printed"),
    [
        (
            "submission.py",
            ["--sizes", "10", "--repeat", "1", "--concurrent", "5"],
            r"round of +10 responses: sealed +[\d.]+ ms, plain insert +[\d.]+ ms, ratio +[\d.]+x; "
            r"its release +[\d.]+ ms\n"
            r"  5 at once into one round: 5 stored in \d+ ms\n$",
        ),
        (
            "aggregation.py",
            ["--answers", "1000", "--repeat", "1"],
            r"1,000 answers \(125 people\): the door +[\d.]+ ms, one query +[\d.]+ ms, ratio +[\d.]+x",
        ),
        (
            "pages.py",
            ["--requests", "1"],
            r"home +[\d.]+ +[\d.]+ +0\nratio, 32 rows to 1 row \(median\): [\d.]+\n$",
        ),
        (
            "programme.py",
            ["--requests", "1"],
            r"320 visits, 3000 team memberships, 1 requests each\n(.*\n)*"
            r"programme page, ADES officer +[\d.]+ +[\d.]+ +\d+ +[\d.]+\n$",
        ),
        (
            "network.py",
            ["--requests", "1"],
            r"2000 actions, 1 requests each\n(.*\n)*theme finder, public +[\d.]+ +[\d.]+ +\d+ +[\d.]+\n$",
        ),
        (
            "lists.py",
            ["--requests", "1", "--reports", "5"],
            r"archive, 5 reports( +[\d.]+){5} +(yes|no) +\d+ +\d+\n"
            r"Quads of a cycle( +[\d.]+){5} +(yes|no) +\d+ +\d+\n"
            r"(not met: .+\n(  (programme|network|archive|Quads).+: .+\n)+)?$",
        ),
        (
            "reports.py",
            ["--repeat", "1"],
            r"cold render \(template, PDF/UA-1, storage, checksum\) +[\d.]+ ms(.*\n)*  ratio +[\d.]+x\n$",
        ),
    ],
)
def test_a_benchmark_runs_at_its_smallest(script, arguments, printed, bench_database):
    environment = {**os.environ, "DATABASE_URL": bench_database}

    ran = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *arguments],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
        cwd=ROOT,
    )

    assert (ran.returncode, ran.stderr[-2000:]) == (0, "")
    assert re.search(printed, ran.stdout), ran.stdout


def test_the_load_scenario_runs_small_with_no_error(bench_database):
    """bench/load.py at its smallest: the Procfile's release, web and worker on a copy of the migrated database (as
    a release meets production's), a few users for ten seconds through every task of the scenario (signing in,
    answering, scheduling, publishing). Any failed request fails here, so the scenario cannot rot while nothing
    runs it."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    small = ["--users", "4", "--seconds", "10", "--workers", "1", "--port", str(port), "--database-url", bench_database]

    ran = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), *small],
        capture_output=True,
        text=True,
        timeout=900,
        env=environment,
        cwd=ROOT,
    )

    last = ran.stdout.strip().splitlines()[-1] if ran.stdout.strip() else ""
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert re.fullmatch(r"requests=[1-9]\d* errors=0 p95_ms=\d+", last), ran.stdout
    assert "CI_PORTAL_ERASURE_LEDGER" not in ran.stderr  # its release runs with a ledger, as production's does
