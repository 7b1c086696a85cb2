"""The evaluation report's sections after the visits themselves (evaluation_content.py): the participant survey by
cohort, actions and follow-ups, impact, case studies, the evidence gathered, and what the report does not hold.
Each returns plain values, with the sentence saying where they come from."""

from django.conf import settings
from django.db.models import Count

from authorities.models import Authority
from reviews.choices import PUBLIC_STATUSES
from reviews.models import Programme
from surveys import results

from .choices import ActionStatus, FollowUpStatus
from .models import Action, CaseStudy, FollowUp, MeasureFigure
from .selectors import _host_figures, public_versions
from .selectors import case_studies as all_case_studies
from .services.national import FIRST_EXAMPLE_SOURCE

NOT_RECORDED = "not recorded"
# The sources of national figures that are a case study's own (loaded from its table): never shown beside the case
# study again as if they were figures from a second source.
CASE_STUDY_FIGURES = (FIRST_EXAMPLE_SOURCE,)
WEIGHTING = (
    "Pooled: the share agreeing of everyone who answered, all responses together. Weighted by authority: the mean "
    "of each host authority's share, so that one large authority cannot skew the picture (as the West Partnership "
    "evaluation put it, “these should be 'weighted' as Glasgow data can skew the overall picture”). Both are "
    "computed from exactly the same rounds and statements."
)


def survey(programme: Programme, seed: dict) -> dict:
    """Each cohort: its responses, response rate and, per agreement statement, pooled and weighted figures; the
    seed's cohorts are listed as the seed gives them, apart from the portal's."""
    given = _published(programme, "survey__round")
    cohorts_held = results.for_evaluation(programme, published_rounds=given)
    # The published source's cohorts as it gives them, and the portal's rounds apart from them, never merged by a
    # label they share: a round labelled "Final" is not the source's final survey, and its count is not the source's.
    words = seed.get("cohort_words", {})
    cohorts = [_cohort(label, None, words.get(label, {})) for label in seed.get("cohorts", [])]
    cohorts += [_cohort(figures.label, figures, None, in_source=bool(seed)) for figures in cohorts_held]
    charted = _published(programme, "survey__responses")  # a report with figures, frozen before the round was named
    unnamed = sum(1 for visit, responses in charted.items() if responses is not None and given.get(visit) is None)
    return {
        "source": "The programme's participant survey rounds in the portal. A round counts only when its figures are "
        f"already public: closed with at least {settings.SURVEY_MIN_GROUP} responses, and the very round its visit's "
        "published report gives; a statement answered by fewer is left out of both figures. No other round is "
        "mentioned; one for a whole phase or programme has no host authority to weight it by, so it is not counted.",
        "explanation": WEIGHTING,
        "cohorts": cohorts,
        "unnamed_rounds": (
            f"{unnamed} visit report{'s were' if unnamed > 1 else ' was'} published before the portal recorded which "
            "round a report gives, so "
            f"{'their' if unnamed > 1 else 'its'} survey figures are not counted here until "
            f"{'they are' if unnamed > 1 else 'it is'} published again."
            if unnamed
            else ""
        ),
    }


def _published(programme: Programme, key: str, *, public_visits_only: bool = False) -> dict[int, object]:
    """Each visit of the programme whose report is published: what its current public version froze under `key`
    (a path into its content, like "survey__round"), or None. The evaluation draws on what the public already has,
    never on what a visit's records hold now. `public_visits_only`: only the visits the report covers (agreed, not
    a group's meeting)."""
    versions = public_versions().filter(report__visit__programme=programme).prefetch_related(None).order_by()
    if public_visits_only:
        versions = versions.filter(report__visit__status__in=PUBLIC_STATUSES, report__visit__meeting_of="")
    return dict(versions.values_list("report__visit", f"content__{key}"))


def drew_on(programme: Programme) -> list[int]:
    """The visits whose published reports the evaluation's figures are drawn from (their survey rounds and evidence
    counts): every visit of the programme whose report is public now."""
    return sorted(_published(programme, "survey__round"))


def _cohort(label: str, figures: results.CohortFigures | None, words: dict | None, *, in_source=False) -> dict:
    """A cohort: the portal's counted rounds of one label (`figures`), or one the programme's published source names
    (`words`, as the source gives it); `in_source` where the programme has a published source, so the portal's are
    told apart from its."""
    counted = figures is not None and figures.rounds > 0
    named_as = f"The {label} cohort"
    if words is not None:
        named_as += ", as the programme's published report gives it"
    elif in_source:
        named_as += ": rounds in the portal"
    return {
        "label": label,
        "origin": "source" if words is not None else "portal",
        "named_as": named_as,
        "held": counted,
        "rounds": figures.rounds if counted else None,
        "respondents": figures.respondents if counted else None,
        "response_rate": _rate(figures) if counted else NOT_RECORDED,
        "statements": [vars(statement) for statement in figures.statements] if counted else [],
        "words": (words or {}).get("words", ""),
        "words_source": (words or {}).get("source", ""),
        "statements_note": (words or {}).get("statements_note", ""),
    }


def _rate(figures: results.CohortFigures) -> str:
    if not figures.invited:
        return NOT_RECORDED
    return f"{figures.respondents * 100 / figures.invited:.0f}% ({figures.respondents} of {figures.invited} invited)"


# Fewer host authorities than this and a count over the programme would be one authority's own tracking.
ACTIONS_MIN_AUTHORITIES = 3


def actions(programme: Programme) -> dict:
    """How many of the next steps in the programme's published reports were taken on as actions, by status, and the
    follow-up sessions, by status: counts over the visits whose reports are public now (the ones `drew_on` lists, so
    withdrawing a report withdraws them too), and only when at least ACTIONS_MIN_AUTHORITIES host authorities'
    visits hold some, so they are never one authority's own tracking, which only it and ADES may read."""
    visits = list(_published(programme, "survey__round", public_visits_only=True))
    actions = Action.objects.filter(finding__visit__in=visits)
    follow_ups = FollowUp.objects.filter(visit__in=visits)
    hosts = set(actions.values_list("finding__visit__hosts", flat=True)) | set(
        follow_ups.values_list("visit__hosts", flat=True)
    )
    few = len(hosts) < ACTIONS_MIN_AUTHORITIES  # counted either way, so the page asks as many queries
    by_status = dict(actions.values_list("status").annotate(n=Count("pk")).order_by())
    held = dict(follow_ups.values_list("status").annotate(n=Count("pk")).order_by())
    if few:
        by_status, held = {}, {}
    return {
        "source": "The actions and follow-up sessions the host authorities record in the portal after their reports "
        "are published, for the visits whose reports are public; counted only when at least "
        f"{ACTIONS_MIN_AUTHORITIES} authorities' visits hold some, so no count is one authority's own tracking.",
        "held_back": bool(hosts) and few,
        "min_authorities": ACTIONS_MIN_AUTHORITIES,
        "actions": [[status.label, by_status.get(status.value, 0)] for status in ActionStatus] if by_status else [],
        "actions_total": sum(by_status.values()),
        "follow_ups": [[s.label, held.get(s.value, 0)] for s in FollowUpStatus] if held else [],
        "follow_ups_total": sum(held.values()),
    }


def impact(programme: Programme) -> dict:
    """The impact measures in the programme's published reports (with the national figures each was published
    with), and the figures its case studies give, with the national figures held for their authorities."""
    reports = [
        {"hosts": version.content["hosts_joined"], "rows": version.content["impact"]}
        for version in public_versions().filter(report__visit__programme=programme).order_by("report__visit__starts_on")
        if version.content.get("impact")
    ]
    studies = [study for study in all_case_studies().filter(visit__programme=programme) if study.impact]
    hosts = sorted({host for study in studies for host in study.visit.hosts.all()}, key=lambda a: a.name)
    national = _national(hosts)
    return {
        "source": "The impact measures of the programme's published visit reports, the figures its case studies "
        "give, and the national figures the portal holds, each with its own source.",
        "reports": reports,
        "case_studies": [
            {
                "hosts": study.visit.host_names,
                "rows": study.impact,
                "source": study.impact_source,
                "note": study.impact_note,
                "national": [entry for host in study.visit.hosts.all() for entry in national.get(host.pk, [])],
                "national_none": f"National figures for {study.visit.host_names} from a source other than its case "
                "study: not recorded.",
            }
            for study in studies
        ],
    }


def _national(hosts: list[Authority]) -> dict[int, list[dict]]:
    """Every national measure held for each authority, as the portal's figures tables show them, less the figures
    that are a case study's own (by their source): two queries."""
    held = MeasureFigure.objects.exclude(source__in=CASE_STUDY_FIGURES)
    figures = held.filter(authority__in=hosts).select_related("measure").order_by("measure", "year")
    medians = {
        (median.measure_id, median.family_group, median.year): median
        for median in held.filter(family_group__in={host.people_family for host in hosts})
    }
    by_host: dict[tuple[int, int], tuple] = {}
    for figure in figures:
        entry = by_host.setdefault((figure.authority_id, figure.measure_id), (figure.measure, []))
        host = next(host for host in hosts if host.pk == figure.authority_id)
        entry[1].append((figure, medians.get((figure.measure_id, host.people_family, figure.year))))
    national: dict[int, list[dict]] = {}
    for (authority_id, _), (measure, rows) in by_host.items():
        host = next(host for host in hosts if host.pk == authority_id)
        national.setdefault(authority_id, []).append({"name": str(measure), "host": _host_figures(host, rows)})
    return national


def case_studies(programme: Programme) -> dict:
    studies: list[CaseStudy] = list(all_case_studies().filter(visit__programme=programme).order_by("visit__starts_on"))
    return {
        "source": "The authorities' own accounts of their visits, word for word from their published sources.",
        "items": [
            {
                "hosts": study.visit.host_names,
                "when": study.visit.when,
                "key_question": study.key_question or NOT_RECORDED,
                "url": study.get_absolute_url(),
                "source": study.source,
            }
            for study in studies
        ],
    }


def evidence_held(programme: Programme) -> dict | None:
    """How many focus groups and written views the published reports of the programme's visits (agreed, not a group's
    meetings) say their teams recorded in their evidence logs, as each report's current version froze them: never
    the logs as they stand now, so nothing of a visit whose report is not public is counted.
    {"focus_groups": n, "written_views": n, "visits": n}, or None when no published report gives any ("not
    recorded", never zero)."""
    counts = [logged for logged in _published(programme, "evidence_log", public_visits_only=True).values() if logged]
    if not counts:
        return None
    return {
        "focus_groups": sum(logged["focus_groups"] for logged in counts),
        "written_views": sum(logged["written_views"] for logged in counts),
        "visits": len(counts),
    }


def evidence(programme: Programme) -> dict:
    held = evidence_held(programme)
    return {
        "source": "What each visit's published report says its team recorded in its evidence log (the log is "
        "confidential to the team: only how many is published).",
        # a count no visit's team recorded anything towards is not recorded, never zero
        "focus_groups": held["focus_groups"] if held and held["focus_groups"] else NOT_RECORDED,
        "written_views": held["written_views"] if held and held["written_views"] else NOT_RECORDED,
        "visits_recorded": held["visits"] if held else NOT_RECORDED,
    }


def not_held(content: dict, seed: dict) -> list[str]:
    """What the portal does not record for the programme, from the report's own sections, and what the programme's
    published report holds that this one does not reproduce."""
    lines = [
        cohort["statements_note"] or f"The {cohort['label']} cohort's survey figures: {NOT_RECORDED}."
        for cohort in content["survey"]["cohorts"]
        if cohort["statements_note"] or not cohort["held"]
    ]  # a cohort's own note says it all
    if not content["survey"]["cohorts"]:
        lines.append(f"The participant survey's figures: {NOT_RECORDED}; no round's figures are public yet.")
    if content["survey"]["unnamed_rounds"]:
        lines.append(content["survey"]["unnamed_rounds"])
    rows = [row for phase in content["coverage"]["phases"] for row in phase["rows"]]
    missing = sum(row["key_question"] == NOT_RECORDED for row in rows)
    if missing:
        lines.append(f"The key question of {missing} of the {len(rows)} visits: not recorded.")
    if len(content["case_studies"]["items"]) < len(rows):
        lines.append(
            f"A case study of {len(rows) - len(content['case_studies']['items'])} of the {len(rows)} visits: "
            "not recorded."
        )
    if not content["actions"]["actions_total"]:
        lines.append("Actions and follow-up sessions: none are recorded for the programme's visits.")
    if content["evidence"]["focus_groups"] == NOT_RECORDED:
        lines.append("How many focus groups were held and written views received: not recorded.")
    lines.append("What focus groups said, and survey respondents' comments: the portal never publishes them.")
    if seed.get("not_reproduced"):
        lines += [f"From {seed['report']}: {line}" for line in seed["not_reproduced"]]
    return lines
