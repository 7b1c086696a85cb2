"""The network page and the action dashboards with ten years of programmes.

320 visits, 3,000 team memberships and 2,000 actions (with follow-ups). Prints each page's median server time
as a ratio to a bare Django view measured in the same run, its query count, and peak Python memory.

Run on demand:  .venv/bin/python bench/network.py [--requests N]
Uses DATABASE_URL when set (e.g. a PostgreSQL server), otherwise a temporary SQLite file.
"""

import argparse
import datetime
import random
import statistics
import tracemalloc

from _setup import configure, sign_in, timed

ACTIONS = 2000


def fill_actions(rng):
    from authorities.models import Person
    from reports.choices import ActionStatus, FindingKind
    from reports.models import Action, Finding, FollowUp
    from reviews.models import Visit

    visits = list(Visit.objects.filter(programme__slug="ten-years").order_by("pk"))
    findings = Finding.objects.bulk_create(
        [
            Finding(
                visit=visits[n % len(visits)],
                kind=FindingKind.NEXT_STEP,
                position=n // len(visits) + 1,
                text=f"Step {n}",
            )
            for n in range(ACTIONS)
        ]
    )
    people = list(Person.objects.all()[:200])
    start = datetime.date(2016, 6, 1)
    Action.objects.bulk_create(
        [
            Action(
                finding=finding,
                owner=rng.choice(people),
                due_on=start + datetime.timedelta(days=rng.randrange(0, 3800)),
                status=rng.choice([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.DONE]),
            )
            for finding in findings
        ]
    )
    recorder = people[0]
    FollowUp.objects.bulk_create(
        [
            FollowUp(visit=visit, held_on=visit.starts_on + datetime.timedelta(days=180), recorded_by=recorder)
            for visit in visits
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    configure(urlconf="bench.urls")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from programme import MEMBERSHIPS, VISITS, fill

    from authorities.choices import Role
    from authorities.models import Organisation, Person

    ades = fill()
    fill_actions(random.Random(2026))
    officer = Person.objects.create_user(
        email="officer@bench.example",
        password="bench",
        full_name="Fife officer",
        organisation=Organisation.objects.get(authority__name="Fife"),
        role=Role.AUTHORITY_OFFICER,
    )
    print(
        f"{connection.vendor}: {VISITS} visits, {MEMBERSHIPS} team memberships, {ACTIONS} actions, "
        f"{args.requests} requests each"
    )
    bare = statistics.median(timed(Client(), "/bench/bare/", args.requests))
    print(f"{'page':<40}{'median ms':>10}{'ratio':>9}{'queries':>9}{'peak MiB':>10}")
    print(f"{'bare Django view':<40}{bare:>10.2f}{1:>9.1f}{0:>9}{'':>10}")
    pages = (
        ("network page, ADES officer", ades, "/network/"),
        ("actions overview, ADES officer", ades, "/actions/"),
        ("authority dashboard, Fife officer", officer, "/actions/fife/"),
        ("theme finder, public", None, "/themes/"),
    )
    for label, person, url in pages:
        client = Client()
        if person:
            sign_in(client, person)
        median = statistics.median(timed(client, url, args.requests))
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the next request empties the log the capture reads from
        tracemalloc.start()
        client.get(url)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{label:<40}{median:>10.2f}{median / bare:>9.1f}{queries:>9}{peak:>10.1f}")


if __name__ == "__main__":
    main()
