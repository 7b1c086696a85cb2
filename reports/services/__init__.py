"""Every write to reports, one module per business process: drafting and approving a report (drafting), the
external team's sign-off (sign_off), follow-up sessions (follow_ups), actions and their progress (actions), the
final report's case studies (case_studies), national figures and a report's impact (national, national_records),
and authorities' own published reports (authority_reports, and their links imported at once:
authority_report_import)."""
