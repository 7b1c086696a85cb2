"""Who may see and change visit reports. Drafts are private; only published, not withdrawn, versions are public."""

import rules

from authorities.rules import is_ades_officer, is_authority_officer, is_officer_of_authority
from reviews.rules import is_ci_visit


def _visit(report_or_visit):
    """Rules about a report also answer for its visit, before anyone has started the report."""
    return getattr(report_or_visit, "visit", report_or_visit)


@rules.predicate
def is_host_officer_of_report(user, report):
    return (
        is_authority_officer(user)
        and report is not None
        and _visit(report).hosts.filter(organisation__people=user).exists()
    )


@rules.predicate
def is_team_lead_of_report(user, report):
    return (
        user.is_authenticated and report is not None and _visit(report).team.filter(person=user, is_lead=True).exists()
    )


rules.add_perm("reports.view_draft", is_ades_officer | is_host_officer_of_report | is_team_lead_of_report)
rules.add_perm("reports.write_draft", is_host_officer_of_report)
rules.add_perm("reports.start_correction", is_ades_officer | is_host_officer_of_report)
rules.add_perm("reports.approve", is_ades_officer)
# An authority's own published report of its visit: a group's (a Quad's) meeting has none.
rules.add_perm("reports.record_authority_report", is_ades_officer & is_ci_visit)
rules.add_perm("reports.import_authority_reports", is_ades_officer)
# After the visit: the host authority's officers track actions and follow-ups; ADES officers see and help.
rules.add_perm("reports.track_actions", is_ades_officer | is_host_officer_of_report)
rules.add_perm("reports.view_authority_dashboard", is_ades_officer | is_officer_of_authority)
rules.add_perm("reports.view_all_dashboards", is_ades_officer)
rules.add_perm("reports.view_own_dashboard", is_authority_officer)
# A programme's evaluation report: ADES officers write its text and publish it; its published versions are public.
rules.add_perm("reports.edit_evaluation", is_ades_officer)
