"""What reviews holds about a person: team places and their history, uploaded documents, a calendar feed."""

from collections.abc import Iterator

from core.personal_data import REMOVED_MEMBER, Section, simple

from .models import (
    CalendarFeed,
    FocusGroup,
    FocusProposal,
    InductionPack,
    InductionRead,
    NationalInspection,
    Phase,
    Programme,
    TeamMembership,
    Theme,
    Visit,
    VisitDocument,
    WrittenView,
)

VISIT = {"visit": "visit__id", "visit starts": "visit__starts_on", "visit ends": "visit__ends_on"}


def _delete_feed(person) -> int:
    return CalendarFeed.objects.filter(person=person).delete()[0]


def _changes_made(model, name: str, what: dict[str, str]) -> Section:
    return simple(
        name,
        model,
        "history_user",
        {"when": "history_date", "change": "history_type", **what},
        "Kept as the record of who changed what, with the person's record in place of their name.",
    )


def sections() -> Iterator[Section]:
    """What the app holds about a person (registered from its hooks.py)."""
    memberships_history = TeamMembership.history.model
    yield from [
        simple(
            "Team places",
            TeamMembership,
            "person",
            {**VISIT, "role": "role", "team lead": "is_lead", "attendance confirmed": "attendance_confirmed"},
            f"Kept, so the team stays true: shown as “{REMOVED_MEMBER}”.",
            activity=("visit__ends_on",),
        ),
        simple(
            "Earlier values of their team places",
            memberships_history,
            "person",
            {"when": "history_date", "change": "history_type", "visit": "visit_id", "role": "role"},
            "Kept with the team places, with no name.",
        ),
        _changes_made(Visit.history.model, "Changes they made to visits", {"visit": "id", "status": "status"}),
        _changes_made(memberships_history, "Changes they made to teams", {"visit": "visit_id", "member": "person_id"}),
        _changes_made(Programme.history.model, "Changes they made to programmes", {"programme": "name"}),
        _changes_made(Phase.history.model, "Changes they made to phases", {"phase": "name"}),
        _changes_made(Theme.history.model, "Changes they made to themes", {"theme": "name"}),
        _changes_made(
            NationalInspection.history.model, "Changes they made to national thematic inspections", {"title": "title"}
        ),
        simple(
            "Documents they uploaded",
            VisitDocument,
            "uploaded_by",
            {"title": "title", **VISIT, "uploaded": "created_at", "size in bytes": "size"},
            "Kept for the team, with the person's record in place of their name.",
        ),
    ]
    yield from _induction_and_calendar_sections()
    yield from _focus_sections()
    yield from _evidence_sections()


def _evidence_sections() -> Iterator[Section]:
    """What they recorded in visits' evidence logs: on which visit and when they recorded it, nothing of what the
    entries hold (the log is the team's, confidential to whoever its rule lets read each entry, and names no one who
    took part); a recorder who has left the team learns nothing from an export that the log would not show them."""
    kept = "Kept for the team with the visit, like its documents, with the person's record in place of their name."
    yield from [
        simple(
            "Focus groups they recorded in evidence logs",
            FocusGroup,
            "recorded_by",
            {**VISIT, "recorded": "created_at"},
            kept,
        ),
        simple(
            "Written views they recorded in evidence logs",
            WrittenView,
            "recorded_by",
            {**VISIT, "recorded": "created_at"},
            kept,
        ),
    ]


def _focus_sections() -> Iterator[Section]:
    focus = {"visit": "visit__id", "key question": "key_question", "decision": "decision"}
    kept = "Kept as the record of how the visit's focus was chosen, with the person's record in place of their name."
    yield from [
        simple("Visit focuses they proposed", FocusProposal, "proposed_by", {"proposed": "proposed_at", **focus}, kept),
        simple(
            "Proposed visit focuses they agreed or returned",
            FocusProposal,
            "decided_by",
            {"decided": "decided_at", **focus, "comment": "comment"},
            kept,
        ),
    ]


def _induction_and_calendar_sections() -> Iterator[Section]:
    yield from [
        simple(
            "Induction pack versions they read",
            InductionRead,
            "person",
            {"version": "pack__number", "read": "read_at"},
            "Kept, so the team lists stay true, with no name.",
        ),
        simple(
            "Induction pack versions they wrote",
            InductionPack,
            "created_by",
            {"version": "number", "title": "title", "saved": "created_at"},
            "Kept, with the person's record in place of their name.",
        ),
        simple(
            "Calendar feed",
            CalendarFeed,
            "person",
            {"created": "created_at"},
            "Deleted: the feed's address stops working.",
            erase=_delete_feed,
        ),
    ]
