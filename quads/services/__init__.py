"""Every write to the Quads, one module per process: quads (a cycle's Quads and what their meetings agreed),
meetings (scheduling a Quad's meeting), cycles (starting a cycle), self_evaluation (frameworks, grades). The names
most callers use are here too: `services.schedule_meeting(...)`."""

from .cycles import cycle_programme, next_cycle, start_cycle
from .meetings import link_meeting, meeting_name, schedule_meeting
from .quads import (
    QuadWarning,
    SuggestedQuad,
    accept_suggestion,
    has_meetings,
    others_in_cycle,
    quad_warnings,
    quads_of_cycle,
    save_agreements,
    save_quad,
    suggest_split,
    warnings_of,
)

__all__ = [
    "QuadWarning",
    "SuggestedQuad",
    "accept_suggestion",
    "cycle_programme",
    "has_meetings",
    "link_meeting",
    "meeting_name",
    "next_cycle",
    "others_in_cycle",
    "quad_warnings",
    "quads_of_cycle",
    "save_agreements",
    "save_quad",
    "schedule_meeting",
    "start_cycle",
    "suggest_split",
    "warnings_of",
]
