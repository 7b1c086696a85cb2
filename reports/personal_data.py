"""What reports hold about a person: what they published or recorded, actions they own, follow-ups they attended."""

from collections.abc import Iterator

from core.personal_data import Section, simple

from .models import (
    Action,
    AuthorityReport,
    EvaluationReport,
    EvaluationVersion,
    FollowUp,
    MeasureFigure,
    NationalMeasure,
    ReportEvent,
    ReportVersion,
    SignOff,
)

KEPT = "Kept, with the person's record in place of their name."


def sections() -> Iterator[Section]:
    """What the app holds about a person (registered from its hooks.py)."""
    yield from _national_sections()
    yield from [
        simple(
            "Report versions they published",
            ReportVersion,
            "published_by",
            {"report": "report_id", "version": "number", "published": "published_at"},
            "Kept: a published version records who published it by their record, and names no individual.",
        ),
        simple(
            "Report steps they recorded",
            ReportEvent,
            "by",
            {"report": "report_id", "step": "action", "when": "at", "comment": "comment"},
            KEPT,
        ),
    ]
    yield from [
        simple(
            "Reports they were asked to confirm (external sign-off)",
            SignOff,
            "person",
            {"report": "report_id", "answer": "answer", "comment": "comment", "asked": "created_at"},
            "Kept: the approving officer's record of the challenge; the comment stays as written.",
        )
    ]
    yield from [
        simple(
            "Authorities' published reports they attached",
            AuthorityReport,
            "added_by",
            {"visit": "visit_id", "address": "url", "attached": "created_at"},
            "Kept, with the person's record in place of their name: the link is the authority's, not theirs.",
        )
    ]
    yield from _actions_and_follow_ups_sections()
    yield from _evaluation_sections()


def _actions_and_follow_ups_sections() -> Iterator[Section]:
    yield from [
        simple(
            "Actions they own",
            Action,
            "owner",
            {"action": "finding__text", "due": "due_on", "status": "status"},
            KEPT,
            activity=("due_on",),
        ),
        simple(
            "Follow-ups they recorded",
            FollowUp,
            "recorded_by",
            {"visit": "visit_id", "held": "held_on", "notes": "notes"},
            KEPT,
        ),
        simple(
            "Follow-ups they attended",
            FollowUp,
            "attendees",
            {"visit": "visit_id", "held": "held_on"},
            "Kept, so the attendance count stays true.",
            activity=("held_on",),
        ),
    ]


def _national_sections() -> Iterator[Section]:
    yield from [
        simple(
            "Changes they made to national measures",
            NationalMeasure.history.model,
            "history_user",
            {"when": "history_date", "change": "history_type", "measure": "name"},
            KEPT,
        ),
        simple(
            "Changes they made to national figures",
            MeasureFigure.history.model,
            "history_user",
            {"when": "history_date", "change": "history_type", "year": "year", "source": "source"},
            KEPT,
        ),
    ]


def _evaluation_sections() -> Iterator[Section]:
    """A programme's evaluation report: who last saved ADES's text, and who published each version."""
    yield from [
        simple(
            "Evaluation reports whose text they last saved",
            EvaluationReport,
            "updated_by",
            {"programme": "programme__name", "saved": "updated_at"},
            KEPT,
        ),
        simple(
            "Evaluation report versions they published",
            EvaluationVersion,
            "published_by",
            {"programme": "evaluation__programme__name", "version": "number", "published": "published_at"},
            "Kept: a published version records who published it by their record, and names no individual.",
        ),
    ]
