"""Report PDFs: the portal's cold render against WeasyPrint alone, and a download against a static file.

1. Cold render: publishing's whole rendering (template, PDF/UA-1 render, storage, checksum) of a typical
   report, as a ratio to WeasyPrint rendering the same HTML directly, with peak memory.
2. Download: a published PDF served by its content hash (reports.published, early in the middleware stack, no
   session or database query), as a ratio to WhiteNoise serving a static file of the same size, both through the
   same middleware stack and Django's test client in the same run. Target: at most 1.2x.

Run on demand:  .venv/bin/python bench/reports.py [--repeat N]
Uses DATABASE_URL when set, otherwise a temporary SQLite file.
"""

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from _setup import configure, timed

TYPICAL = {
    "context": "The authority's positive destinations figure had dropped, and analysis showed that many of the young "
    "people without a positive destination had additional support needs or lived in the most deprived areas. " * 3,
    "evidence": "The team met headteachers, depute headteachers, guidance staff, partners from Skills Development "
    "Scotland, CLD and the third sector, young people in S4 to S6, and parents and carers. " * 2,
    "strengths": [
        f"Strength {n}: a clear, shared moral purpose among staff and partners in cluster {n}." for n in range(6)
    ],
    "areas_for_improvement": [
        f"Area {n}: data on leavers is not yet used consistently across schools." for n in range(4)
    ],
    "next_steps": [
        f"Next step {n}: agree a strategic action plan for the working group, with measures." for n in range(6)
    ],
    "impact": [
        {
            "measure": "Positive destinations (%)",
            "group": group,
            "baseline_year": "2022-23",
            "baseline_value": Decimal(base),
            "followup_year": "2023-24",
            "followup_value": Decimal(after),
        }
        for group, base, after in (
            ("All pupils", "94.1", "95.8"),
            ("Q1", "88.6", "92.5"),
            ("ASN", "89.5", "93.2"),
            ("LAC", "71.4", "89.2"),
        )
    ],
}


def median_ms(function, repeat):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    static_dir = Path(tempfile.mkdtemp(prefix="ci-portal-bench-static-"))
    media_dir = Path(tempfile.mkdtemp(prefix="ci-portal-bench-media-"))
    os.environ.setdefault("DJANGO_STATIC_FINDERS", "1")  # WhiteNoise serves the comparison file from its folder
    configure()
    from django.conf import settings

    settings.MEDIA_ROOT = media_dir
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("bench", static_dir)]
    import datetime

    from django.test import Client
    from pypdf import PdfReader
    from weasyprint import HTML

    from authorities.choices import Role
    from authorities.models import Authority, Organisation, Person
    from reports import tasks
    from reports.models import ReportVersion
    from reports.services import drafting
    from reviews.models import Phase, Programme, Visit
    from reviews.services.programmes import theme_named

    ades = Person.objects.create_user(
        email="a@bench.example",
        full_name="ADES",
        role=Role.ADES_OFFICER,
        organisation=Organisation.objects.get(name="ADES"),
    )
    programme = Programme.objects.create(name="Bench programme", slug="bench", kind="ci")
    phase = Phase.objects.create(programme=programme, number=1, name="Phase 1")
    visit = Visit.objects.create(
        programme=programme,
        phase=phase,
        theme=theme_named("Positive Destinations"),
        key_question="To what extent do our partnership pathways ensure a positive destination?",
        starts_on=datetime.date(2024, 8, 27),
        ends_on=datetime.date(2024, 8, 29),
    )
    visit.hosts.set([Authority.objects.get(name="West Lothian")])
    report = drafting.start_report(visit=visit, by=ades)
    drafting.save_draft(report=report, by=ades, **TYPICAL)
    drafting.submit_report(report=report, by=ades)
    version = drafting.publish_report(report=report, by=ades)  # immediate backend: rendered on commit
    version.refresh_from_db()
    html = tasks.document_html(version.content)

    def portal_cold_render():
        fresh = ReportVersion.objects.get(pk=version.pk)
        fresh.pdf.delete(save=True)
        tasks.render_version_pdf.call(fresh.pk)

    def weasyprint_alone():
        HTML(string=html).write_pdf()

    render_ms = median_ms(portal_cold_render, args.repeat)
    plain_ms = median_ms(weasyprint_alone, args.repeat)
    tracemalloc.start()
    portal_cold_render()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    version.refresh_from_db()
    (static_dir / "same-size.pdf").write_bytes(b"0" * version.pdf_size)
    client = Client()
    download_ms = statistics.median(timed(client, version.file_url, args.repeat * 20))
    static_url = f"/{settings.STATIC_URL.strip('/')}/bench/same-size.pdf"
    static_ms = statistics.median(timed(client, static_url, args.repeat * 20))
    pages = len(PdfReader(version.pdf.path).pages)
    print(f"A typical report: {pages} pages, {version.pdf_size / 1024:.0f} KiB; medians")
    print(f"  cold render (template, PDF/UA-1, storage, checksum)  {render_ms:8.1f} ms   peak {peak:.1f} MiB")
    print(f"  WeasyPrint alone, same HTML                          {plain_ms:8.1f} ms")
    print(f"  ratio                                                {render_ms / plain_ms:8.2f}x")
    print(f"  download of the stored PDF                           {download_ms:8.2f} ms")
    print(f"  static file of the same size (WhiteNoise)            {static_ms:8.2f} ms")
    print(f"  ratio                                                {download_ms / static_ms:8.2f}x")


if __name__ == "__main__":
    main()
