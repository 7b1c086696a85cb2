"""What the Quads ask of an authority's officer on the home page (core.todo): this cycle's self-evaluation."""

from django.urls import reverse

from core import cycles
from core.todo import Line

from .models import SelfEvaluation


def for_authority_officers(request) -> list[Line]:
    authority = getattr(request.user.organisation, "authority", None)
    if authority is None or not request.user.has_perm("quads.write_self_evaluation", authority):
        return []
    cycle = cycles.current_cycle()
    evaluation = SelfEvaluation.objects.filter(authority=authority, cycle=cycle).first()
    if evaluation is not None and evaluation.submitted_at is not None:
        return []
    url = reverse("quads:self-evaluation", kwargs={"slug": authority.slug, "cycle": cycles.to_slug(cycle)})
    state = "not started" if evaluation is None else "not yet submitted"
    return [Line(f"{authority.name}'s self-evaluation for {cycle}: {state}", url)]
