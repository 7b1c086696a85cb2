"""Who may run survey rounds and see their results. Answers are never tied to anyone, so no rule is about them."""

import rules

from authorities.rules import is_ades_officer, is_authority_officer
from reviews.rules import is_host_officer


@rules.predicate
def is_officer_of_surveyed_host(user, survey_round):
    return (
        is_authority_officer(user)
        and survey_round is not None
        and survey_round.visit_id is not None
        and survey_round.visit.hosts.filter(organisation__people=user).exists()
    )


rules.add_perm("surveys.run_rounds", is_ades_officer)
rules.add_perm("surveys.view_results", is_ades_officer | is_officer_of_surveyed_host)

for _model in ("questionnaire", "question", "surveyround", "invitation"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"surveys.{_action}_{_model}", is_ades_officer)
rules.add_perm("surveys", is_ades_officer)

# The pre-visit stakeholder survey: the host authority's officers set it up for their visit, as ADES officers may.
rules.add_perm("surveys.ask_stakeholders", is_ades_officer | is_host_officer)
