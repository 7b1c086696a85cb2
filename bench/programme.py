"""The programme page with ten years of programmes: 320 visits and 3,000 team memberships.

Prints the page's median server time as a ratio to a bare Django view measured in the same run
(through the same middleware), its query count, and peak Python memory while serving it.

Run on demand:  .venv/bin/python bench/programme.py [--requests N]
Uses DATABASE_URL when set (e.g. a PostgreSQL server), otherwise a temporary SQLite file.
"""

import argparse
import datetime
import random
import statistics
import tracemalloc

from _setup import configure, sign_in, timed

VISITS = 320
MEMBERSHIPS = 3000


def fill():
    from authorities.choices import Role
    from authorities.models import Authority, Organisation, Person
    from reviews.choices import TeamRole, VisitStatus
    from reviews.models import Phase, Programme, TeamMembership, Theme, Visit

    rng = random.Random(2026)
    authorities = list(Authority.objects.all())
    organisations = list(Organisation.objects.all())
    themes = [Theme.objects.get_or_create(name=f"Theme {n}", slug=f"theme-{n}")[0] for n in range(20)]
    people = Person.objects.bulk_create(
        [
            Person(
                email=f"person{n}@bench.example",
                full_name=f"Person {n}",
                organisation=rng.choice(organisations),
                role=Role.TEAM_MEMBER,
            )
            for n in range(600)
        ]
    )
    programme = Programme.objects.create(name="Ten years", slug="ten-years", kind="ci")
    phases = [Phase.objects.create(programme=programme, number=n + 1, name=f"Year {n + 1}") for n in range(10)]
    visits = Visit.objects.bulk_create(
        [
            Visit(
                programme=programme,
                phase=phases[n // 32],
                theme=rng.choice(themes),
                status=VisitStatus.CONFIRMED,
                starts_on=datetime.date(2016, 1, 4) + datetime.timedelta(days=11 * n),
                ends_on=datetime.date(2016, 1, 6) + datetime.timedelta(days=11 * n),
            )
            for n in range(VISITS)
        ]
    )
    Visit.hosts.through.objects.bulk_create(
        [Visit.hosts.through(visit=visit, authority=authorities[n % 32]) for n, visit in enumerate(visits)]
    )
    pairs = set()
    while len(pairs) < MEMBERSHIPS:
        pairs.add((rng.choice(visits).pk, rng.choice(people).pk))
    TeamMembership.objects.bulk_create(
        [TeamMembership(visit_id=v, person_id=p, role=rng.choice(TeamRole.values)) for v, p in sorted(pairs)]
    )
    ades = Person.objects.create_user(
        email="ades@bench.example",
        password="bench",
        full_name="ADES officer",
        organisation=Organisation.objects.get(name="ADES"),
        role=Role.ADES_OFFICER,
    )
    return ades


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    configure(urlconf="bench.urls")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    ades = fill()
    print(f"{connection.vendor}: {VISITS} visits, {MEMBERSHIPS} team memberships, {args.requests} requests each")
    bare = statistics.median(timed(Client(), "/bench/bare/", args.requests))
    print(f"{'page':<36}{'median ms':>10}{'ratio':>9}{'queries':>9}{'peak MiB':>10}")
    print(f"{'bare Django view':<36}{bare:>10.2f}{1:>9.1f}{0:>9}{'':>10}")
    for label, signed_in in (("programme page, public", False), ("programme page, ADES officer", True)):
        client = Client()
        if signed_in:
            sign_in(client, ades)
        median = statistics.median(timed(client, "/programmes/ten-years/", args.requests))
        with CaptureQueriesContext(connection) as captured:
            client.get("/programmes/ten-years/")
        queries = len(captured)
        tracemalloc.start()
        client.get("/programmes/ten-years/")
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{label:<36}{median:>10.2f}{median / bare:>9.1f}{queries:>9}{peak:>10.1f}")


if __name__ == "__main__":
    main()
