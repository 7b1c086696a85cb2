"""Where reports plugs into the apps below it: the only module of the app that registers anything (apps.py imports
it): its emails, home-page lines, links and page sections, personal data, audit declarations, secret links, menu
sections and reference-data loader."""

from core import audit, freshness, links, mail, messages, personal_data, reference, scrub, todo
from core.context_processors import register_menu_section
from core.sections import Page, register

from . import emails
from . import personal_data as mine
from . import todo as lines
from .models import (
    Action,
    AuthorityReport,
    EvaluationReport,
    EvaluationVersion,
    FollowUp,
    MeasureFigure,
    Report,
    ReportVersion,
)
from .sections import (
    authority_figures,
    authority_follow_up,
    home_sources,
    programme_evaluation,
    published_reports,
    reference_national,
    theme_reports,
    visit_authority_report,
    visit_case_study,
    visit_links,
)
from .services.case_studies import load_case_studies
from .services.national import load_first_example


def load_reference(**options):
    """The final report's case studies and its first national figures."""
    yield f"Case studies from the final report: {load_case_studies()} loaded."
    yield f"National figures from the final report (West Lothian's positive destinations): {load_first_example()}."


def _audit() -> None:
    """What the log files each reports object under."""
    audit.register_label("report.started", "Report started")
    audit.register_about(Report, lambda report: [report.visit])
    audit.register_about(ReportVersion, lambda version: [version.report])
    audit.register_about(FollowUp, lambda follow_up: [follow_up.visit])
    audit.register_about(AuthorityReport, lambda authority_report: [authority_report.visit])
    audit.register_about(MeasureFigure, lambda figure: [figure.measure])
    audit.register_about(Action, lambda action: [action.finding.visit])
    audit.register_about(EvaluationReport, lambda evaluation: [evaluation.programme])
    audit.register_about(EvaluationVersion, lambda version: [version.evaluation.programme])


freshness.watch_models_of("reports")
todo.register(lines.for_approvers)
todo.register(lines.for_authority_officers)
todo.register(lines.for_external_members)
messages.register(*emails.KINDS)
links.register(links.LinkKind.PUBLISHED_REPORT, published_reports)
links.register(links.LinkKind.AUTHORITY_FOLLOW_UP, authority_follow_up)
mail.register_label(emails.ACTION_REMINDER, emails.ACTION_REMINDER_LABEL)
personal_data.keep_unchanged(ReportVersion)  # published versions name no individual, and are never rewritten
personal_data.keep_unchanged(EvaluationVersion)  # nor do a programme's evaluation reports
personal_data.register(*mine.sections())
_audit()
register(Page.THEME, "reports/_theme_reports.html", theme_reports)
register(Page.VISIT, "reports/_visit_case_study.html", visit_case_study)
register(Page.VISIT, "reports/_visit_authority_report.html", visit_authority_report)
register(Page.VISIT_LINKS, "reports/_visit_links.html", visit_links)
register(Page.AUTHORITY, "reports/_authority_figures.html", authority_figures)
register(Page.HOME_SOURCES, "reports/_home_sources.html", home_sources)
register(Page.REFERENCE, "reports/_reference_national.html", reference_national)
register(Page.PROGRAMME, "reports/_programme_evaluation.html", programme_evaluation)
scrub.register_secret_link(rf"/follow-ups/calendar/({scrub.SEGMENT})")  # a follow-up's calendar entry
scrub.register_secret_link(rf"/sign-off/({scrub.SEGMENT})")  # a report's sign-off link
register_menu_section("actions", "dashboard", "action", "follow-up", namespace="reports")
reference.register(load_reference)
