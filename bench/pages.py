"""Times the foundation's pages and counts their queries, on a scratch database.

Run on demand, never in the test suite:  .venv/bin/python bench/pages.py [--requests N]
Uses DATABASE_URL when set (e.g. a PostgreSQL server), otherwise a temporary SQLite file.
"""

import argparse
import statistics

from _setup import configure, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    args = parser.parse_args()
    configure()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages = {
        "authorities, all 32": "/authorities/",
        "authorities, family group 4 (8)": "/authorities/?people_family=4",
        "authorities, one row": "/authorities/?people_family=1&ric=tayside-collaborative",
        "authority detail": "/authorities/glasgow-city/",
        "programme timetable, 32 visits": "/programmes/ci-2021-2024/",
        "home": "/",
    }
    print(f"{connection.vendor}, {args.requests} requests a page")
    print(f"{'page':<34}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    medians = {}
    for label, url in pages.items():
        timings = timed(client, url, args.requests)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        query_count = len(captured)  # read now: each request clears the connection's query log
        medians[label] = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{label:<34}{medians[label]:>10.2f}{p95:>9.2f}{query_count:>9}")
    ratio = medians["authorities, all 32"] / medians["authorities, one row"]
    print(f"ratio, 32 rows to 1 row (median): {ratio:.2f}")


if __name__ == "__main__":
    main()
