"""Who may run survey rounds and see their results. Answers are never tied to anyone, so no rule is about them."""

import rules

from authorities.rules import is_ades_officer, is_authority_officer, is_officer_of_authority


@rules.predicate
def is_officer_of_surveyed_host(user, survey_round):
    return (
        is_authority_officer(user)
        and survey_round is not None
        and survey_round.visit_id is not None
        and survey_round.visit.hosts.filter(organisation__people=user).exists()
    )


@rules.predicate
def is_officer_of_evaluated_authority(user, self_evaluation):
    """Asked of a self-evaluation, or of the authority before it has one."""
    return is_officer_of_authority(user, getattr(self_evaluation, "authority", self_evaluation))


rules.add_perm("surveys.run_rounds", is_ades_officer)
# Self-evaluations: the authority's own officers write them; ADES officers read them and may reopen them.
# Officers of the rest of a Quad read submitted ones only through the Quad's page.
rules.add_perm("surveys.view_self_evaluation", is_ades_officer | is_officer_of_evaluated_authority)
rules.add_perm("surveys.view_all_self_evaluations", is_ades_officer)
rules.add_perm("surveys.write_self_evaluation", is_officer_of_evaluated_authority)
rules.add_perm("surveys.reopen_self_evaluation", is_ades_officer | is_officer_of_evaluated_authority)
rules.add_perm("surveys.view_frameworks", is_ades_officer | is_authority_officer)
rules.add_perm("surveys.manage_frameworks", is_ades_officer)
rules.add_perm("surveys.view_results", is_ades_officer | is_officer_of_surveyed_host)

for _model in ("questionnaire", "question", "surveyround", "invitation"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"surveys.{_action}_{_model}", is_ades_officer)
rules.add_perm("surveys", is_ades_officer)
