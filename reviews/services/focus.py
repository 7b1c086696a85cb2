"""The host chooses the focus: a host authority's officer proposes the key question and focus areas of their visit,
and an ADES officer agrees them (they become the visit's key question and focus areas) or returns them with a
comment, after which the host may propose again. Every proposal is kept, with who decided and when."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Person

from .. import audit_trail
from ..choices import FocusDecision, VisitStage
from ..models import FocusProposal, Visit

QUESTION_LENGTH = range(10, 501)
MOST_FOCUS_AREAS = 6
FOCUS_AREA_LENGTH = 200


def check_focus(key_question: str, focus_areas: list[str]) -> tuple[str, list[str]]:
    """The question and areas, tidied; a ValidationError naming the field when either will not do."""
    question = " ".join(key_question.split())
    areas = [" ".join(area.split()) for area in focus_areas if area.strip()]  # a blank line between is no area
    errors = {}
    if not question:
        errors["key_question"] = "Write the key question the visit will answer."
    elif len(question) not in QUESTION_LENGTH:
        errors["key_question"] = (
            f"Write the key question in {QUESTION_LENGTH.start} to {QUESTION_LENGTH.stop - 1} characters "
            f"(it has {len(question)})."
        )
    seen = {area.casefold() for area in areas}
    if len(seen) < len(areas):
        errors["focus_areas"] = "Write each focus area once."
    elif len(areas) > MOST_FOCUS_AREAS:
        errors["focus_areas"] = f"Choose at most {MOST_FOCUS_AREAS} focus areas (there are {len(areas)})."
    elif any(len(area) > FOCUS_AREA_LENGTH for area in areas):
        errors["focus_areas"] = f"Keep each focus area to {FOCUS_AREA_LENGTH} characters or fewer."
    if errors:
        raise ValidationError(errors)
    return question, areas


def _open_for_focus(visit: Visit) -> None:
    if visit.stage == VisitStage.AFTER:
        raise ValidationError("The visit is over: its focus can no longer be proposed or agreed.")


@audit_trail.focus_proposed
@transaction.atomic
def propose_focus(*, visit: Visit, key_question: str, focus_areas: list[str], by: Person) -> FocusProposal:
    """A new proposal from the host; one still waiting is replaced by it, not lost."""
    _open_for_focus(visit)
    question, areas = check_focus(key_question, focus_areas)
    Visit.objects.select_for_update().filter(pk=visit.pk).first()  # one proposer at a time per visit
    visit.focus_proposals.filter(decision=FocusDecision.WAITING).update(decision=FocusDecision.REPLACED)
    return FocusProposal.objects.create(visit=visit, key_question=question, focus_areas=areas, proposed_by=by)


def _waiting(proposal: FocusProposal) -> FocusProposal:
    locked = FocusProposal.objects.select_for_update().select_related("visit").get(pk=proposal.pk)
    if locked.decision != FocusDecision.WAITING:
        raise ValidationError("This proposal has been decided or replaced already: nothing was changed.")
    _open_for_focus(locked.visit)
    return locked


@audit_trail.focus_agreed
@transaction.atomic
def agree_focus(*, proposal: FocusProposal, by: Person) -> FocusProposal:
    """The agreed question and areas become the visit's, recorded in its history as changed by the agreeing officer."""
    proposal = _waiting(proposal)
    proposal.decision, proposal.decided_by, proposal.decided_at = FocusDecision.AGREED, by, timezone.now()
    proposal.save(update_fields=["decision", "decided_by", "decided_at"])
    visit = proposal.visit
    visit.key_question, visit.focus_areas = proposal.key_question, proposal.focus_areas
    visit._history_user = by
    visit.save(update_fields=["key_question", "focus_areas", "updated_at"])
    return proposal


@audit_trail.focus_returned
@transaction.atomic
def return_focus(*, proposal: FocusProposal, comment: str, by: Person) -> FocusProposal:
    """Back to the host with a comment saying why, so they can propose again."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Say why the focus is returned, so the host can propose it again."})
    proposal = _waiting(proposal)
    proposal.decision, proposal.decided_by, proposal.decided_at = FocusDecision.RETURNED, by, timezone.now()
    proposal.comment = comment
    proposal.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
    return proposal
