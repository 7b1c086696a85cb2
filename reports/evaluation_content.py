"""A programme's evaluation report, built from the programme's data: one plain dict (JSON, so a published version
freezes it as it was) that the draft page, the published page, the PDF and the tests all read.

Every section says where its figures come from; what the portal does not record is "not recorded", never a zero.
The survey, actions, impact, case studies, evidence and what is not held are built in evaluation_parts.py.
"""

import json
from collections import Counter
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from authorities.models import Authority
from core import cycles
from reviews.choices import PUBLIC_STATUSES
from reviews.models import Programme, Visit

from . import evaluation_parts as parts

SOURCES = Path(__file__).resolve().parent / "data" / "evaluation_sources.json"
NOT_RECORDED = "not recorded"

SECTIONS = [
    ("coverage", "Coverage: every visit (Appendix 1)"),
    ("themes", "Themes over time"),
    ("survey", "Participant survey by cohort"),
    ("actions", "Actions and follow-ups"),
    ("impact", "Impact"),
    ("case-studies", "Case studies (Appendix 2)"),
    ("evidence", "Evidence gathered"),
    ("ades", "Key messages and recommendations"),
    ("not-held", "What this report does not hold"),
]


def seed_sources(programme: Programme) -> dict:
    """What a published source says of the programme that the portal does not hold as records (by its slug)."""
    return json.loads(SOURCES.read_text(encoding="utf-8")).get(programme.slug, {})


def text_blocks(text: str) -> list[dict]:
    """Typed text as blocks: each line a paragraph, consecutive lines starting "- " or "* " one list of bullets.
    Kept as typed; the templates escape it."""
    blocks: list[dict] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if line[:2] in ("- ", "* "):
            if not blocks or "bullets" not in blocks[-1]:
                blocks.append({"bullets": []})
            blocks[-1]["bullets"].append(line[2:].strip())
        else:
            blocks.append({"paragraph": line})
    return blocks


def programme_visits(programme: Programme) -> list[Visit]:
    """The programme's visits the public may see (agreed, never proposals or cancellations; not a group's meetings),
    with their hosts, theme and phase: a fixed number of queries however many visits there are."""
    return list(
        Visit.objects.filter(programme=programme, meeting_of="", status__in=PUBLIC_STATUSES)
        .select_related("phase", "theme__broader")
        .prefetch_related(Prefetch("hosts", queryset=Authority.objects.order_by("name")))
        .order_by("starts_on", "pk")
    )


def coverage(programme: Programme, visits: list[Visit]) -> dict:
    """The Appendix 1 table: every visit by phase, with its hosts, when (as precisely as recorded), theme and key
    question; and which authorities hosted."""
    phases: dict[int, dict] = {}
    for visit in visits:
        phase = phases.setdefault(visit.phase_id, {"name": visit.phase.name, "rows": []})
        phase["rows"].append(
            {
                "hosts": visit.host_names,
                "when": visit.when,
                "theme": visit.theme.name,
                "key_question": visit.key_question or NOT_RECORDED,
            }
        )
    hosted = {host.pk for visit in visits for host in visit.hosts.all()}
    authorities = list(Authority.objects.order_by("name").values_list("pk", "name"))
    recorded_from = sorted({visit.source for visit in visits if visit.source})
    source = f"The portal's records of the visits of {programme.name}"
    if recorded_from:
        source += ", recorded from: " + "; ".join(recorded_from)
    return {
        "source": source + ".",
        "phases": list(phases.values()),
        "visits": len(visits),
        "authorities": len(authorities),
        "hosted": len(hosted),
        "not_hosted": [name for pk, name in authorities if pk not in hosted],
    }


def outside_years(programme: Programme, visits: list[Visit]) -> str:
    """Where the programme's visits fall outside its recorded school years (as CI 2021–24's August to November 2024
    visits do), said from the records: "3 of its visits fall in 2024–25."; empty where none do."""
    within = cycles.cycles_of_span(programme.school_years)
    outside = Counter(
        cycles.cycle_of(v.starts_on) for v in visits if within and cycles.cycle_of(v.starts_on) not in within
    )
    parts = [f"{n} of its visits fall{'s' if n == 1 else ''} in {year}" for year, n in sorted(outside.items())]
    return f"{'; '.join(parts)}." if parts else ""


def themes_over_time(visits: list[Visit]) -> dict:
    """Visits per theme group (a theme's broader theme, or the theme itself) in each phase, with the school years
    each phase's visits fell in."""
    phases: dict[int, dict] = {}
    for visit in visits:
        phase = phases.setdefault(visit.phase_id, {"name": visit.phase.name, "years": [], "counts": Counter()})
        year = cycles.cycle_of(visit.starts_on)
        if year not in phase["years"]:
            phase["years"].append(year)
        group = visit.theme.broader or visit.theme
        phase["counts"][group.name] += 1
    columns = [f"{phase['name']} ({', '.join(phase['years'])})" for phase in phases.values()]
    groups = sorted({name for phase in phases.values() for name in phase["counts"]}, key=str.casefold)
    rows = [
        {
            "theme": name,
            "counts": [phase["counts"][name] for phase in phases.values()],
            "total": sum(phase["counts"][name] for phase in phases.values()),
        }
        for name in groups
    ]
    return {
        "source": "The portal's records of the visits: each visit's theme, counted under its broader theme where it "
        "has one.",
        "columns": columns,
        "rows": rows,
        "totals": [sum(phase["counts"].values()) for phase in phases.values()],
    }


def build(programme: Programme, *, version: int | None = None) -> dict:
    """The whole report, live from the data (or as frozen for version `version`)."""
    evaluation = getattr(programme, "evaluation", None)
    seed = seed_sources(programme)
    visits = programme_visits(programme)
    content = {
        "title": f"Evaluation report: {programme.name}",
        "programme": programme.name,
        "programme_slug": programme.slug,
        "school_years": programme.school_years,
        "outside_years": outside_years(programme, visits),
        "dates_note": programme.dates_note,  # where the sources disagree about when it ran, in the note's own words
        "sections": SECTIONS,
        "coverage": coverage(programme, visits),
        "themes": themes_over_time(visits),
        "survey": parts.survey(programme, seed),
        "actions": parts.actions(programme),
        "impact": parts.impact(programme),
        "case_studies": parts.case_studies(programme),
        "evidence": parts.evidence(programme),
        # the visits whose published reports the survey and evidence figures drew on: withdrawing one withdraws this
        "drew_on": parts.drew_on(programme),
        "key_messages": text_blocks(evaluation.key_messages if evaluation else ""),
        "recommendations": text_blocks(evaluation.recommendations if evaluation else ""),
        "version": version,
        "published_on": f"{timezone.localdate():%-d %B %Y}" if version else "",
        "file_stem": f"ci-evaluation-{slugify(programme.slug)}",
    }
    content["not_held"] = parts.not_held(content, seed)
    return content


def searchable_text(content: dict) -> str:
    """The version's words, for the archive's search."""
    words = [content["title"], content["programme"]]
    for key in ("key_messages", "recommendations"):
        for block in content[key]:
            words += block.get("bullets") or [block.get("paragraph", "")]
    words += [row["theme"] for phase in content["coverage"]["phases"] for row in phase["rows"]]
    return "\n".join(word for word in words if word)
