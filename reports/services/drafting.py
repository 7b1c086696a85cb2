"""A report's drafting and approval: the draft, submission, return, publication, correction and withdrawal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from authorities.models import Person
from core import audit, freshness
from core.text import remove_direction_controls, without_direction_controls
from reviews.evidence import evidence_counts
from reviews.models import Visit
from surveys import results as survey_results

from .. import audit_trail, published, selectors
from ..choices import EDITABLE, FindingKind, ReportAction, ReportStatus, SignOffAnswer
from ..models import Finding, Report, ReportEvent, ReportVersion
from ..tasks import render_version_pdf
from . import evaluation, follow_ups, national, sign_off


def _record(report: Report, action: ReportAction, by: Person, comment: str = "") -> None:
    ReportEvent.objects.create(report=report, action=action, by=by, comment=comment)


def _require_status(report: Report, allowed, doing: str) -> None:
    if report.status not in allowed:
        raise ValidationError(f"A report that is {report.get_status_display().lower()} cannot be {doing}.")


@transaction.atomic
def start_report(*, visit: Visit, by: Person) -> Report:
    report, created = Report.objects.get_or_create(visit=visit)
    if created:
        _record(report, ReportAction.STARTED, by)
        summary = f"Started the report on {audit_trail.visit_words(visit)}"
        audit.record(by=by, kind="report.started", summary=summary, about=[report])
    return report


@audit_trail.draft_saved
@transaction.atomic
def save_draft(
    *,
    report: Report,
    by: Person,
    context: str,
    evidence: str,
    hosts_named_as: str = "",
    strengths: list[str],
    areas_for_improvement: list[str],
    next_steps: list[str],
    impact: list[dict] | None = None,
    no_areas_reason: str = "",
) -> Report:
    """Save the host authority's draft; only drafts and returned reports can change. A reason for naming no areas
    for improvement is kept only while there are none."""
    _require_status(report, EDITABLE, "edited")
    report.context, report.evidence, report.hosts_named_as = context, evidence, hosts_named_as
    report.no_areas_reason = "" if areas_for_improvement else no_areas_reason.strip()
    report.save(update_fields=["context", "evidence", "hosts_named_as", "no_areas_reason", "updated_at"])
    for kind, items in (
        (FindingKind.STRENGTH, strengths),
        (FindingKind.AREA_FOR_IMPROVEMENT, areas_for_improvement),
        (FindingKind.NEXT_STEP, next_steps),
    ):
        report.visit.findings.filter(kind=kind).delete()
        Finding.objects.bulk_create(
            remove_direction_controls(Finding(visit=report.visit, kind=kind, position=n, text=text))
            for n, text in enumerate(items, start=1)
        )
    if impact is not None:
        national.replace_impact(report, impact)
    freshness.changed()  # bulk writes send no signals
    return report


@audit_trail.submitted
@transaction.atomic
def submit_report(*, report: Report, by: Person) -> Report:
    _require_status(report, EDITABLE, "submitted")
    if not report.visit.findings.filter(kind=FindingKind.NEXT_STEP).exists():
        raise ValidationError("Add at least one next step before submitting.")
    if not _has_areas(report) and not report.no_areas_reason:
        raise ValidationError(
            "The report names no areas for improvement. Add at least one, or say in the draft why there are none."
        )
    report.status = ReportStatus.SUBMITTED
    report.save(update_fields=["status", "updated_at"])
    asked = sign_off.ask(report)
    _record(
        report,
        ReportAction.SUBMITTED,
        by,
        f"{asked} external team member{'s' if asked != 1 else ''} asked to confirm it" if asked else "",
    )
    return report


def _has_areas(report: Report) -> bool:
    return report.visit.findings.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT).exists()


@audit_trail.returned
@transaction.atomic
def return_report(*, report: Report, comment: str, by: Person) -> Report:
    """Send a submitted report back to its authors, saying what to change."""
    _require_status(report, (ReportStatus.SUBMITTED,), "returned")
    if not comment.strip():
        raise ValidationError({"comment": "Say what the authors should change."})
    report.status, report.return_comment = ReportStatus.RETURNED, comment.strip()
    report.save(update_fields=["status", "return_comment", "updated_at"])
    _record(report, ReportAction.RETURNED, by, comment.strip())
    return report


def _survey_section(visit: Visit) -> dict | None:
    """The visit's latest released participant round, charted, as the survey's one door gives it to the public.
    Stakeholders' views never appear here: they stay with the team."""
    figures = survey_results.for_report(visit)
    if figures is None:
        return None
    introduction = figures.survey_round.questionnaire.introduction
    return {
        "round": figures.survey_round.pk,  # which round the public has: the evaluation report counts only this one
        "introduction": introduction,
        "responses": figures.respondents,
        "chart": figures.chart(label=f"{introduction} Bars to the right agree; the table has the figures."),
        "rows": [(s.text, s.n, s.agreeing_percent) for s in figures.statements if not s.suppressed],
    }


def _sections(*, impact: bool, survey: bool) -> list[tuple[str, str]]:
    """The report's sections in order, as its page, preview and PDF all list them."""
    sections = [
        ("context", "Context"),
        ("focus", "Focus and key question"),
        ("evidence", "How evidence was gathered"),
        ("strengths", "Strengths"),
        ("areas", "Areas for improvement"),
        ("next-steps", "Next steps"),
    ]
    if impact:
        sections.append(("impact", "Impact"))
    if survey:
        sections.append(("survey", "Participants' views"))
    return sections


def snapshot(report: Report, *, version: int | None = None) -> dict:
    """The report's content as a plain document: what is previewed, and what publishing freezes."""
    visit = report.visit
    authorities = list(visit.hosts.order_by("name"))
    hosts = [host.name for host in authorities]
    findings = {kind: [] for kind in FindingKind.values}
    for finding in visit.findings.order_by("kind", "position"):
        findings[finding.kind].append(finding.text)
    impact = selectors.impact_rows(report, authorities)
    survey = _survey_section(visit)
    return {
        "title": f"Collaborative Improvement visit report: {', '.join(hosts)}",
        "author": report.hosts_named_as or " and ".join(hosts),
        "programme": str(visit.programme),
        "phase": str(visit.phase),
        "hosts": hosts,
        "hosts_joined": ", ".join(hosts),
        "hosts_named_as": report.hosts_named_as,
        "when": visit.when,
        "theme": visit.theme.name,
        "theme_group": visit.theme.broader.name if visit.theme.broader_id else "",
        "key_question": visit.key_question,
        "focus_areas": visit.focus_areas,
        "scope": _scope(visit, several_hosts=len(hosts) > 1),
        "context": report.context,
        "evidence": report.evidence,
        "evidence_log": _evidence_log(visit),
        "strengths": findings[FindingKind.STRENGTH],
        "areas_for_improvement": findings[FindingKind.AREA_FOR_IMPROVEMENT],
        "next_steps": findings[FindingKind.NEXT_STEP],
        "survey": survey,
        "impact": impact,
        "sections": _sections(impact=bool(impact), survey=bool(survey)),
        "challenge": _challenge(report),
        "version": version,
        "published_on": f"{timezone.localdate():%-d %B %Y}" if version else "",
        "file_stem": f"ci-report-{slugify('-'.join(hosts))}-{visit.starts_on:%Y-%m}",
    }


def _evidence_log(visit: Visit) -> dict | None:
    """How many focus groups and written views the team recorded: the only thing of its confidential evidence log a
    report may say; None when it recorded none ("not recorded")."""
    counts = evidence_counts(visit)
    return None if counts is None else {**counts.as_dict(), "sentence": counts.sentence}


def _scope(visit: Visit, *, several_hosts: bool) -> list[str]:
    """The establishments or cluster the visit focused on ("Focus: Inverurie Academy (SEED 5244439)"), each with its
    host where the visit had several; none for an authority-wide review."""
    places = visit.focus_establishments.select_related("host")
    return [f"{p.label}, {p.host.name}" if several_hosts and p.host else p.label for p in places]


def _challenge(report: Report) -> dict:
    """How many external team members were asked to confirm the findings and how many did (never who; and not at
    all when only one was asked, since the count would say what that one person answered), and the host's reason
    for naming no areas for improvement, if it named none."""
    counts = selectors.tally(report)
    return {
        "asked": counts["asked"],
        "confirmed": counts[SignOffAnswer.CONFIRMED] if counts["asked"] > 1 else None,
        "team_recorded": counts["team_recorded"],
        "no_areas_reason": report.no_areas_reason,
    }


def searchable_text(content: dict) -> str:
    parts = [content["title"], content["theme"], content.get("theme_group", ""), content["key_question"]]
    parts += [*content.get("scope", []), content["context"], content["evidence"]]
    parts += content["strengths"] + content["areas_for_improvement"] + content["next_steps"]
    parts += [f"{row['measure']} {row['group']}" for row in content["impact"]]
    return "\n".join(part for part in parts if part)


def _approval_notes(report: Report, *, accept_no_areas: bool, objection_reason: str) -> list[str]:
    """What the approving officer accepted, for the record; refuses an approval that has not faced the challenge."""
    notes, errors = [], {}
    if not _has_areas(report):
        if accept_no_areas:
            notes.append("Accepted the host's reason for naming no areas for improvement")
        else:
            errors["accept_no_areas"] = "Read the host's reason for naming no areas for improvement, and accept it."
    if report.sign_offs.filter(answer=SignOffAnswer.COMMENTED).exists():
        if objection_reason.strip():
            notes.append(f"Approved over an external member's comment: {objection_reason.strip()}")
        else:
            errors["objection_reason"] = "An external team member commented: say why the report is approved as it is."
    if errors:
        raise ValidationError(errors)
    return notes


@audit_trail.published
@transaction.atomic
def publish_report(
    *, report: Report, by: Person, accept_no_areas: bool = False, objection_reason: str = ""
) -> ReportVersion:
    """Approve and publish: freeze the content as a new version, supersede the last, and render its PDF once.

    A report naming no areas for improvement needs the officer to accept the host's reason, and one an external
    team member commented on needs the officer's reason for approving it as it is.
    """
    Report.objects.select_for_update().filter(pk=report.pk).exists()  # one publication at a time
    report.refresh_from_db(fields=["status"])
    _require_status(report, (ReportStatus.SUBMITTED,), "published")
    notes = _approval_notes(report, accept_no_areas=accept_no_areas, objection_reason=objection_reason)
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    report.versions.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
    freshness.changed()  # updates send no signals
    content = snapshot(report, version=number)
    version = ReportVersion.objects.create(
        report=report, number=number, content=content, published_by=by, search_text=searchable_text(content)
    )
    report.status, report.return_comment = ReportStatus.PUBLISHED, ""
    report.save(update_fields=["status", "return_comment", "updated_at"])
    _record(report, ReportAction.PUBLISHED, by, ". ".join([f"Version {number}", *notes]))
    if number == 1:
        follow_ups.propose(report.visit, published_on=timezone.localdate())
    transaction.on_commit(lambda: render_version_pdf.enqueue(version.pk))
    return version


@audit_trail.correction_started
@transaction.atomic
def start_correction(*, report: Report, by: Person) -> Report:
    """Reopen a published report for a correction; the published version stays served until the next is published."""
    _require_status(report, (ReportStatus.PUBLISHED,), "corrected")
    report.status = ReportStatus.DRAFT
    report.save(update_fields=["status", "updated_at"])
    _record(report, ReportAction.CORRECTION_STARTED, by)
    return report


@audit_trail.withdrawn
@transaction.atomic
def withdraw_report(*, report: Report, reason: str, by: Person) -> Report:
    """Withdraw every published version: kept in the record with the reason, no longer served; and every published
    version of the programme's evaluation report that drew on it."""
    reason = without_direction_controls(reason)  # written with update(), which sends no signal
    if not report.versions.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError("Only a published report can be withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the report is withdrawn."})
    withdrawn = report.versions.filter(withdrawn_at__isnull=True)
    published.make_private(list(withdrawn.select_for_update()))  # first: if the store fails, nothing is withdrawn
    withdrawn.update(withdrawn_at=timezone.now(), withdrawn_reason=reason.strip())
    evaluation.withdraw_drawing_on(visit=report.visit, by=by)
    freshness.changed()  # updates send no signals
    report.status = ReportStatus.WITHDRAWN
    report.save(update_fields=["status", "updated_at"])
    _record(report, ReportAction.WITHDRAWN, by, reason.strip())
    return report
