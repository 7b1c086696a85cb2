"""What the Quads services record in the audit log (core.audit)."""

from core import cycles
from core.audit import audited, counted
from reviews.audit_trail import visit_words

from .models import SelfEvaluation


def _held(values) -> bool:
    cycle = cycles.normalise(values["cycle"])
    return SelfEvaluation.objects.filter(authority=values["authority"], cycle=cycle).exists()


def _submitted(values) -> bool:
    return SelfEvaluation.objects.filter(pk=values["self_evaluation"].pk, submitted_at__isnull=False).exists()


started = audited(
    "self_evaluation.started",
    lambda v: "" if v["before"] else f"Started the {v['result']}",
    label="Self-evaluation started",
    about=lambda v: [v["result"], v["authority"]],
    before=_held,
)
grades_saved = audited(
    "self_evaluation.saved",
    lambda v: f"{'Submitted' if v['submit'] else 'Saved the grades of'} the {v['result']}",
    label="Self-evaluation saved or submitted",
    about=lambda v: [v["result"], v["result"].authority],
)
reopened = audited(
    "self_evaluation.reopened",
    lambda v: f"Reopened the {v['result']}" if v["before"] else "",
    label="Self-evaluation reopened",
    about=lambda v: [v["result"], v["result"].authority],
    before=_submitted,
)


def _quad(quad) -> str:
    return f"Quad {quad.name} of {quad.cycle}"


def _quad_saved(values) -> str:
    quad = values["result"]
    members = ", ".join(sorted(member.name for member in quad.members.all()))
    return f"{'Changed' if values['before'] else 'Made'} {_quad(quad)}: {members}"


# Its kinds, "quad.made" and "quad.changed", are labelled in hooks.py.
quad_saved = audited(
    lambda v: "quad.changed" if v["before"] else "quad.made",
    _quad_saved,
    about=lambda v: [v["result"], *v["result"].members.all()],
    before=lambda v: bool(v["quad"] is not None and v["quad"].pk),
)
agreements_saved = audited(
    "quad.agreements.saved",
    lambda v: f"Saved the challenges and support agreed by {_quad(v['quad'])}",
    label="Quad agreements saved",
    about=["quad"],
)
meeting_linked = audited(
    "quad.meeting.linked",
    lambda v: f"Made {visit_words(v['visit'])} the meeting of {_quad(v['quad'])}",
    label="Quad meeting scheduled",
    about=["result"],
)
framework_imported = audited(
    "framework.imported",
    lambda v: f"Imported the framework “{v['result'].name}” with {counted(len(v['rows']), 'quality indicator')}",
    label="Framework imported",
    about=["result"],
)
guidance_saved = audited(
    "quads.guidance.saved",
    "Saved version {result.number} of the Quads guidance, “{result.title}”",
    label="Quads guidance saved",
)
