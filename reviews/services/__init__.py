"""Every write to programmes, visits, teams and documents, one module per process: visits (schedule, change,
confirm, complete, cancel), teams, team_building (pasted lists), places (a member's answer), documents,
day_plans, focus, sourced_focus, programmes (programmes, phases, themes), programme_documents (a programme's own
published documents), induction, importing (spreadsheets, the national programme). Callers import the process
module: `from reviews.services import visits`, then `visits.schedule_visit(...)`."""
