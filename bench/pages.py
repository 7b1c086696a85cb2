"""Times the foundation's pages and counts their queries, on a scratch database.

Run on demand, never in the test suite:  .venv/bin/python bench/pages.py [--requests N]
Uses DATABASE_URL when set (e.g. a PostgreSQL server), otherwise a temporary SQLite file.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="ci-portal-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ci_portal.settings")
    warnings.filterwarnings("ignore", message="No directory at")  # static files come from the finders here

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    client = Client()
    pages = {
        "authorities, all 32": "/authorities/",
        "authorities, family group 4 (8)": "/authorities/?people_family=4",
        "authorities, one row": "/authorities/?people_family=1&ric=tayside-collaborative",
        "authority detail": "/authorities/glasgow-city/",
        "home": "/",
    }
    print(f"{connection.vendor}, {args.requests} requests a page")
    print(f"{'page':<34}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    medians = {}
    for label, url in pages.items():
        client.get(url)  # warm templates and connections
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        query_count = len(captured)  # read now: each request clears the connection's query log
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        medians[label] = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{label:<34}{medians[label]:>10.2f}{p95:>9.2f}{query_count:>9}")
    ratio = medians["authorities, all 32"] / medians["authorities, one row"]
    print(f"ratio, 32 rows to 1 row (median): {ratio:.2f}")


if __name__ == "__main__":
    main()
