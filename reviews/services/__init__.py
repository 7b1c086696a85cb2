"""Every write to programmes, visits, teams and documents, one module per process: visits (schedule, change,
confirm, complete, cancel), teams, team_building (pasted lists), places (a member's answer), documents,
day_plans, focus, programmes (programmes, phases, themes), induction, importing (spreadsheets, the national
programme). The names most callers use are here too: `services.schedule_visit(...)`."""

from .documents import ALLOWED_DOCUMENTS, MAX_DOCUMENT_BYTES, attach_document, remove_document
from .importing import (
    CI_PROGRAMME,
    ImportRefused,
    ImportResult,
    import_visits,
    import_visits_from_upload,
    load_ci_programme,
)
from .programmes import theme_named
from .teams import TEAM_SETTLED, add_new_person_to_team, add_team_member, remove_team_member, update_team_membership
from .visits import (
    VISIT_FIELDS,
    calendar_feed_for,
    cancel_visit,
    complete_visit,
    confirm_visit,
    schedule_visit,
    update_visit,
)

__all__ = [
    "ALLOWED_DOCUMENTS",
    "CI_PROGRAMME",
    "MAX_DOCUMENT_BYTES",
    "TEAM_SETTLED",
    "VISIT_FIELDS",
    "ImportRefused",
    "ImportResult",
    "add_new_person_to_team",
    "add_team_member",
    "attach_document",
    "calendar_feed_for",
    "cancel_visit",
    "complete_visit",
    "confirm_visit",
    "import_visits",
    "import_visits_from_upload",
    "load_ci_programme",
    "remove_document",
    "remove_team_member",
    "schedule_visit",
    "theme_named",
    "update_team_membership",
    "update_visit",
]
