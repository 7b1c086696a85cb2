"""List pages against floors: each page's median time as a ratio to a floor template that prints the same rows
without logic (the same layout and middleware, one plain query), measured in the same run, with query counts.

Each page is timed twice: as served from its cached fragment while nothing changes, and as rebuilt on its first
view after a change (every write gives the data a new version; see core/freshness.py).

Data: the programme page with 320 visits and 3,000 team places; the network page over them; the archive with 500
published reports (20 to a page); the Quads of a cycle. Target: at most 1.5x the floor, cached and rebuilt alike (the
table's "met" column says whether each page meets it; under the table, a page that does not is named with what it
reads and prints beyond its floor), and query counts that do not grow with rows (the tests check those).

Run on demand:  .venv/bin/python bench/lists.py [--requests N] [--reports N]
(on a throwaway PostgreSQL unless DATABASE_URL)
"""

import argparse
import datetime
import statistics

from _setup import on_postgresql, sign_in, timed

REPORTS = 500
TARGET = 1.5  # each page, cached and rebuilt, at most this many times its floor
CYCLE = "2025–26"
BEYOND_THE_FLOOR = [  # printed under the table for a page that misses the target, in the order of the pages
    "the filter form's choices (its phases, themes, authorities, collaboratives) and the theme counts",
    "the public page's work and the planner's: the coverage (every team place, counted), the history, the status",
    "the coverage beside the flows, the quad meetings, the visits with no team recorded",
    "the floor reads only the 20 rows; the page also reads its filter's four choice lists, the years and phases, the"
    " count, the case studies, the authorities' own reports and the 2021–24 visits not held (each with their hosts),"
    " and renders a filter form of eight fields: some 15 round trips and the form cost a few times the floor's 4 ms",
    "beside the Quads and their members: the cycle's programme, the cycles to choose from, the authorities in no Quad"
    " and each Quad's warnings; 7 round trips more than the floor's",
]


def fill_archive(ades, reports: int = REPORTS) -> None:
    """Published reports (500 by default), each on its own visit; their PDFs are named, not rendered (the list never
    opens them)."""
    from authorities.models import Authority
    from reports.models import ReportVersion
    from reports.services import drafting
    from reviews.models import Phase, Programme, Theme, Visit

    programme = Programme.objects.create(name="Archive", slug="archive", kind="ci")
    phase = Phase.objects.create(programme=programme, number=1, name="Phase 1")
    themes, authorities = list(Theme.objects.all()), list(Authority.objects.all())
    for n in range(reports):
        visit = Visit.objects.create(
            programme=programme,
            phase=phase,
            theme=themes[n % len(themes)],
            key_question=f"How well do we support learners, question {n}?",
            starts_on=datetime.date(2015, 1, 5) + datetime.timedelta(days=7 * n),
            ends_on=datetime.date(2015, 1, 7) + datetime.timedelta(days=7 * n),
        )
        visit.hosts.set([authorities[n % 32]])
        report = drafting.start_report(visit=visit, by=ades)
        drafting.save_draft(
            report=report,
            by=ades,
            context="c",
            evidence="e",
            strengths=["s"],
            next_steps=["n"],
            areas_for_improvement=["a"],
            impact=[],
        )
        drafting.submit_report(report=report, by=ades)
        drafting.publish_report(report=report, by=ades)
    ReportVersion.objects.update(pdf="reports/bench.pdf", pdf_size=1000, pdf_sha256="0" * 64)


def fill_quads() -> None:
    from authorities.models import Authority
    from quads.services import quads

    authorities = list(Authority.objects.order_by("people_family", "name"))
    for n in range(8):
        quads.save_quad(name=f"Quad {n + 1}", cycle=CYCLE, members=authorities[4 * n : 4 * n + 4], by=None)


def run(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from programme import fill

    from core import freshness
    from reviews.models import Programme

    ades = fill()
    fill_archive(ades, args.reports)
    fill_quads()
    client = Client()
    sign_in(client, ades)
    slug = Programme.objects.get(name="Ten years").slug
    pages = [
        ("programme, 320 visits, public", f"/programmes/{slug}/", f"/bench/floor/programme/{slug}/", False),
        ("programme, 320 visits, ADES", f"/programmes/{slug}/", f"/bench/floor/programme/{slug}/", True),
        ("network, 3,000 places", f"/network/?programme={slug}", f"/bench/floor/network/{slug}/", True),
        (f"archive, {args.reports:,} reports", "/reports/", "/bench/floor/archive/", False),
        ("Quads of a cycle", "/quads/?cycle=2025-26", "/bench/floor/quads/", True),
    ]
    beyond = {label: BEYOND_THE_FLOOR[n] for n, (label, *_) in enumerate(pages)}
    print(f"{connection.vendor}: {args.requests} requests each; medians in ms")
    print("cached: the page as served while nothing changes; rebuilt: its first view after any change")
    print(f"target: cached/floor and rebuilt/floor both at most {TARGET}x (met: yes or no); queries: cached, rebuilt")
    print(
        f"{'page':<32}{'cached':>8}{'rebuilt':>9}{'floor':>8}{'cached/floor':>13}{'rebuilt/floor':>14}{'met':>5}"
        f"{'queries':>9}{'rebuilt':>9}"
    )
    missed = []
    for label, url, floor, signed_in in pages:
        visitor = client if signed_in else Client()
        cached = statistics.median(timed(visitor, url, args.requests))
        rebuilt = statistics.median(timed(visitor, url, args.requests, before=freshness.changed))
        floor_ms = statistics.median(timed(visitor, floor, args.requests))
        counts = []
        for before in (None, freshness.changed):
            if before:
                before()
            with CaptureQueriesContext(connection) as captured:
                visitor.get(url)
            counts.append(len(captured))
        met = "yes" if max(cached, rebuilt) / floor_ms <= TARGET else "no"
        if met == "no":
            missed.append(f"  {label}: {beyond[label]}")
        print(
            f"{label:<32}{cached:>8.2f}{rebuilt:>9.2f}{floor_ms:>8.2f}{cached / floor_ms:>13.2f}"
            f"{rebuilt / floor_ms:>14.2f}{met:>5}{counts[0]:>9}{counts[1]:>9}"
        )

    if missed:
        print("not met: what the page, rebuilt, reads and prints beyond its floor (one plain query of the same rows)")
        print("\n".join(missed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reports", type=int, default=REPORTS, help="published reports in the archive (500)")
    on_postgresql(run, parser.parse_args(), urlconf="bench.urls")


if __name__ == "__main__":
    main()
