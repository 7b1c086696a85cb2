"""What the Quads hold about a person: self-evaluations they submitted, the steps they recorded and the versions of
the Quads guidance they wrote."""

from collections.abc import Iterator

from core.personal_data import Section, simple

from .models import QuadsGuidance, SelfEvaluation, SelfEvaluationEvent

KEPT = "Kept, with the person's record in place of their name."


def sections() -> Iterator[Section]:
    """What the app holds about a person (registered from its hooks.py)."""
    yield from [
        simple(
            "Self-evaluations they submitted",
            SelfEvaluation,
            "submitted_by",
            {"authority": "authority__name", "cycle": "cycle", "submitted": "submitted_at"},
            KEPT,
        ),
        simple(
            "Self-evaluation steps they recorded",
            SelfEvaluationEvent,
            "by",
            {"authority": "self_evaluation__authority__name", "step": "step", "when": "at", "comment": "comment"},
            KEPT,
            activity=("at",),
        ),
        simple(
            "Quads guidance versions they wrote",
            QuadsGuidance,
            "created_by",
            {"version": "number", "title": "title", "saved": "created_at"},
            KEPT,
        ),
    ]
