"""What the reports services record in the audit log (core.audit), and what each reports object belongs to."""

from core.audit import audited, counted
from reviews.audit_trail import visit_words

from .choices import FollowUpStatus
from .models import FollowUp


def _report(values, name: str = "report") -> str:
    return f"the report on {visit_words(values[name].visit)}"


# "report.started" is labelled in hooks.py (its entry is recorded by the service that starts a report).
draft_saved = audited(
    "report.draft.saved", lambda v: f"Saved the draft of {_report(v)}", label="Report draft saved", about=["report"]
)
submitted = audited(
    "report.submitted", lambda v: f"Submitted {_report(v)} for approval", label="Report submitted", about=["report"]
)
returned = audited(
    "report.returned", lambda v: f"Returned {_report(v)} to its authors", label="Report returned", about=["report"]
)
published = audited(
    "report.published",
    lambda v: f"Approved and published version {v['result'].number} of {_report(v)}",
    label="Report approved and published",
    about=["report", "result"],
)
correction_started = audited(
    "report.correction.started",
    lambda v: f"Reopened {_report(v)} for a correction",
    label="Report correction started",
    about=["report"],
)
withdrawn = audited("report.withdrawn", lambda v: f"Withdrew {_report(v)}", label="Report withdrawn", about=["report"])
follow_up_recorded = audited(
    "follow_up.recorded",
    lambda v: f"Recorded the follow-up session of {visit_words(v['visit'])} held on {v['held_on']:%-d %B %Y}",
    label="Follow-up session recorded",
    about=["result"],
)
authority_report_attached = audited(
    "authority_report.attached",
    lambda v: (
        f"Recorded the authority's own report of {visit_words(v['visit'])}"
        + (" with its PDF" if v["pdf"] is not None else "")
    ),
    label="Authority report recorded",
    about=["result"],
)
measure_saved = audited(
    "national.measure.saved",
    "Saved the national measure {result}",
    label="National measure saved",
    about=["result"],
)
figure_saved = audited(
    "national.figure.saved",
    lambda v: f"Saved the {v['result'].year} figure of {v['measure']} for {_whose(v['result'])}",
    label="National figure saved",
    about=["result", "measure"],
)
figure_deleted = audited(
    "national.figure.deleted",
    lambda v: f"Deleted the {v['figure'].year} figure of {v['figure'].measure} for {_whose(v['figure'])}",
    label="National figure deleted",
    about=lambda v: [v["figure"].measure],
)
authority_report_removed = audited(
    "authority_report.removed",
    lambda v: f"Removed the authority's own report of {visit_words(v['report'].visit)}",
    label="Authority report removed",
    about=lambda v: [v["report"].visit],
)
figures_imported = audited(
    "national.figures.imported",
    lambda v: f"Imported {counted(v['result'], 'national figure')} from “{v['source'].strip()}”" if v["result"] else "",
    label="National figures imported",
)
impact_linked = audited(
    "report.impact.linked",
    lambda v: f"Named a national measure for {counted(v['result'], 'impact measure')} in {_report(v)}",
    label="Impact measures linked",
    about=["report"],
)
actions_made = audited(
    "action.made",
    lambda v: (
        f"Made {counted(v['result'], 'action')} from the next steps of {visit_words(v['visit'])}" if v["result"] else ""
    ),
    label="Actions made",
    about=["visit"],
)
action_updated = audited(
    "action.updated",
    lambda v: (
        f"Updated an action of {visit_words(v['result'].finding.visit)}: “{v['result'].get_status_display()}”, "
        f"owner {v['owner'].full_name if v['owner'] else 'none'}, due {_on(v['due_on'])}"
    ),
    label="Action updated",
    about=["result"],
)
follow_up_scheduled = audited(
    "follow_up.scheduled",
    lambda v: (
        ""
        if v["before"] == (FollowUpStatus.CONFIRMED, v["planned_on"])
        else f"Set the follow-up session of {visit_words(v['follow_up'].visit)} for {_on(v['planned_on'])}"
    ),
    label="Follow-up session set",
    about=["follow_up"],
    before=lambda v: _follow_up_now(v["follow_up"]),
)
sign_off_answered = audited(
    "report.sign_off.answered",
    lambda v: f"Answered the request to confirm the findings of {_report({'report': v['sign_off'].report})}",
    label="Report sign-off answered",
    about=lambda v: [v["sign_off"].report],
)


def _on(day) -> str:
    return f"{day:%-d %B %Y}" if day else "not set"


def _follow_up_now(follow_up) -> tuple:
    return tuple(FollowUp.objects.filter(pk=follow_up.pk).values_list("status", "planned_on").first() or ())


def _whose(figure) -> str:
    return figure.authority.name if figure.authority_id else f"family group {figure.family_group}'s median"


evaluation_saved = audited(
    "evaluation.saved",
    lambda v: f"Saved ADES's key messages and recommendations for the evaluation report of {v['programme']}",
    label="Evaluation report text saved",
    about=["programme"],
)
evaluation_published = audited(
    "evaluation.published",
    lambda v: f"Published version {v['result'].number} of the evaluation report of {v['programme']}",
    label="Evaluation report published",
    about=["programme", "result"],
)
evaluation_withdrawn = audited(
    "evaluation.withdrawn",
    lambda v: f"Withdrew the evaluation report of {v['programme']}",
    label="Evaluation report withdrawn",
    about=["programme"],
)
authority_reports_imported = audited(
    "authority_report.imported",
    lambda v: (
        f"Imported the links to {counted(len(v['rows']), 'authority report')}: "
        f"{v['result'].added} added, {v['result'].updated} updated"
    ),
    label="Authority reports imported",
)
