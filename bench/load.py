"""Load: the Procfile's web and worker processes on a throwaway PostgreSQL, driven by Locust (bench/locustfile.py).

The database is set up by the Procfile's release line, then seeded: an ADES officer, reports published through
the worker, reports waiting for approval, and a survey round over 320 team places whose personal links the
respondents use. Then Locust runs headless, mixing the public archive and PDF downloads, programme and visit pages,
survey answering, and signed-in officers scheduling visits and publishing reports.

Prints p50 and p95 per page and, last, `requests=N errors=E p95_ms=P`. Target: 0 errors, p95 under 1 s for every
GET on this machine.

Run on demand:  .venv/bin/python bench/load.py [--users 50] [--seconds 60]
(on a throwaway PostgreSQL server of its own, or on the scratch database --database-url names: it is seeded)
"""

import argparse
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-passphrase"
PUBLISHED, WAITING, TEAM_PLACES = 32, 40, 320


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def environment(database_url: str, scratch: Path, port: int, workers: int) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-test-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_MEDIA_ROOT": str(scratch / "media"),
        "DJANGO_STATIC_ROOT": str(scratch / "static"),  # its own collectstatic, apart from other runs
        "CI_PORTAL_ERASURE_LEDGER": str(scratch / "erasure-ledger"),  # as production has one, outside the media
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
    }


def seed(data_file: Path) -> None:
    """The data the scenario needs, made through the portal's own services."""
    from decimal import Decimal

    from authorities.choices import Role
    from authorities.models import Authority, Organisation, Person
    from reports.services import drafting as reports
    from reviews.models import Programme
    from reviews.services import teams
    from reviews.services.visits import schedule_visit
    from surveys.models import Questionnaire
    from surveys.services.rounds import open_round

    officer = Person.objects.create_user(
        email="officer@load.example",
        password=PASSWORD,
        full_name="Load officer",
        organisation=Organisation.objects.get(name="ADES"),
        role=Role.ADES_OFFICER,
    )
    programme = Programme.objects.get(slug="ci-2021-2024")
    visits = list(programme.visits.order_by("starts_on"))
    draft = {
        "context": "The authority's positive destinations figure had dropped. " * 4,
        "evidence": "The team met headteachers, practitioners, partners and young people. " * 3,
        "strengths": ["Openness and honesty throughout", "A shared moral purpose across partners"],
        "areas_for_improvement": ["More involvement of CLD and ASN colleagues"],
        "next_steps": ["Create a strategic action plan", "Track leavers with barriers to learning"],
        "impact": [
            {
                "measure": "Positive destinations (%)",
                "group": "All pupils",
                "baseline_year": "2022-23",
                "baseline_value": Decimal("94.1"),
                "followup_year": "2023-24",
                "followup_value": Decimal("95.8"),
            }
        ],
    }
    extra = [
        schedule_visit(
            programme=programme,
            hosts=[visits[n % 32].hosts.first()],
            phase=visits[0].phase,
            theme=visits[n % 32].theme,
            starts_on=datetime.date(2025, 1, 6) + datetime.timedelta(days=7 * n),
            ends_on=datetime.date(2025, 1, 8) + datetime.timedelta(days=7 * n),
            by=officer,
        )
        for n in range(PUBLISHED + WAITING - len(visits))
    ]
    published, waiting = [], []
    for n, visit in enumerate(visits + extra):
        report = reports.start_report(visit=visit, by=officer)
        reports.save_draft(report=report, by=officer, **draft)
        reports.submit_report(report=report, by=officer)
        if n < PUBLISHED:
            published.append(reports.publish_report(report=report, by=officer))
        else:
            waiting.append(visit.pk)
    organisations = list(Organisation.objects.order_by("pk"))
    coming = [  # a visit that is over has a settled team: the survey's audience is on visits still to come
        schedule_visit(
            programme=programme,
            hosts=[visits[n].hosts.first()],
            phase=visits[0].phase,
            theme=visits[n].theme,
            starts_on=datetime.date.today() + datetime.timedelta(days=60 + 7 * n),
            ends_on=datetime.date.today() + datetime.timedelta(days=62 + 7 * n),
            by=officer,
        )
        for n in range(4)
    ]
    for n in range(TEAM_PLACES):
        person = Person.objects.create_user(
            email=f"member{n}@load.example", full_name=f"Member {n}", organisation=organisations[n % len(organisations)]
        )
        teams.add_team_member(visit=coming[n % len(coming)], person=person, role="peer_reviewer", by=officer)
    survey = open_round(
        questionnaire=Questionnaire.objects.get(slug="ci-participant-survey"),
        cohort="final",
        opens_on=datetime.date.today(),
        closes_on=datetime.date.today() + datetime.timedelta(days=14),
        by=officer,
        programme=programme,
    )
    data = {
        "officer": officer.email,
        "password": PASSWORD,
        "programme": programme.get_absolute_url(),
        "phase_id": str(visits[0].phase_id),
        "theme_id": str(visits[0].theme_id),
        "authority_ids": [str(pk) for pk in Authority.objects.values_list("pk", flat=True)],
        "authorities": [authority.get_absolute_url() for authority in Authority.objects.all()],
        "visits": [visit.get_absolute_url() for visit in visits],
        "reports": [
            {"page": f"/reports/{v.report_id}/", "pdf": f"/reports/{v.report_id}/v{v.number}.pdf"} for v in published
        ],
        "submitted_visits": waiting,
        "tokens": list(survey.invitations.values_list("token", flat=True).order_by("?")),
        "words": ["destinations", "numeracy", "inclusion", "attendance", "leadership"],
    }
    data_file.write_text(json.dumps(data), encoding="utf-8")


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s.")


def report(stats_file: Path) -> None:
    rows = list(csv.DictReader(stats_file.open(encoding="utf-8")))
    print(f"{'request':<34}{'method':>7}{'count':>7}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}")
    for row in rows:
        if row["Name"] != "Aggregated":
            print(
                f"{row['Name']:<34}{row['Type']:>7}{row['Request Count']:>7}{row['Failure Count']:>7}"
                f"{row['50%']:>8}{row['95%']:>8}"
            )
    slowest_get = max((int(r["95%"]) for r in rows if r["Type"] == "GET"), default=0)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"slowest GET p95: {slowest_get} ms (target under 1000)")
    print(f"requests={total['Request Count']} errors={total['Failure Count']} p95_ms={total['95%']}")


def run(args, database_url: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="ci-portal-load-"))
    port = args.port
    env = environment(database_url, scratch, port, args.workers)
    subprocess.run(procfile()["release"], shell=True, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO_", "CI_PORTAL_", "DATABASE_URL"))})
    os.environ["DJANGO_SETTINGS_MODULE"] = "ci_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    data_file = scratch / "load.json"
    seed(data_file)
    from django.db import connections

    connections.close_all()
    processes = [
        subprocess.Popen(
            procfile()[name],
            shell=True,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for name in ("web", "worker")
    ]
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        from reports.models import ReportVersion

        deadline = time.monotonic() + 300
        while ReportVersion.objects.filter(pdf="").exists() and time.monotonic() < deadline:
            time.sleep(1)  # the worker renders the published reports' PDFs first
        connections.close_all()
        subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(max(1, args.users // 10)),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(scratch / "load"),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            env={**env, "CI_PORTAL_LOAD_DATA": str(data_file)},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    report(scratch / "load_stats.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url", help="a scratch PostgreSQL database to seed and load instead of a server of its own"
    )
    args = parser.parse_args()
    if args.database_url:  # a scratch database of the caller's (the test suite's copy of a migrated one)
        run(args, args.database_url)
        return
    sys.path.insert(0, str(ROOT))
    from tests import postgres

    server = postgres.start()
    try:
        subprocess.run(
            [*server.as_user, str(server.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "load"],
            check=True,
        )
        run(args, f"postgres://postgres@127.0.0.1:{server.port}/load")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
