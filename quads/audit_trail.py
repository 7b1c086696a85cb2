"""What the Quads services record in the audit log (core.audit)."""

from core import cycles
from core.audit import audited


def _held(values) -> bool:
    from .models import SelfEvaluation

    cycle = cycles.normalise(values["cycle"])
    return SelfEvaluation.objects.filter(authority=values["authority"], cycle=cycle).exists()


def _submitted(values) -> bool:
    from .models import SelfEvaluation

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
