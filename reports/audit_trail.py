"""What the reports services record in the audit log (core.audit), and what each reports object belongs to."""

from core.audit import audited, register_about, register_label
from reviews.audit_trail import visit_words


def _report(values, name: str = "report") -> str:
    return f"the report on {visit_words(values[name].visit)}"


register_label("report.started", "Report started")
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


def _whose(figure) -> str:
    return figure.authority.name if figure.authority_id else f"family group {figure.family_group}'s median"


def declare() -> None:
    from .models import AuthorityReport, FollowUp, MeasureFigure, Report, ReportVersion

    register_about(Report, lambda report: [report.visit])
    register_about(ReportVersion, lambda version: [version.report])
    register_about(FollowUp, lambda follow_up: [follow_up.visit])
    register_about(AuthorityReport, lambda authority_report: [authority_report.visit])
    register_about(MeasureFigure, lambda figure: [figure.measure])
