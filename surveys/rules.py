"""Who may run survey rounds and read their figures. Answers are never tied to anyone, so no rule is about them.

Figures are read only through surveys/results.py, which asks `surveys.view_results` here. A stakeholder round is
answered through an open link its host authority hands out; anyone who hands out a link, or is handed it, could answer
it themselves and subtract their own answers from the results, so the host's officers and staff never read its
figures, nor partner bodies (whom the host asks) nor anyone with a declared link to a host: ADES officers and the
team's other members independent of the hosts do.
"""

import rules

from authorities.rules import is_ades_officer, is_authority_officer
from reviews.rules import is_group_meeting, is_host_officer, is_team_member_independent_of_hosts


@rules.predicate
def is_open_link_round(user, survey_round):
    return survey_round is not None and survey_round.is_open_link


@rules.predicate
def is_officer_of_surveyed_host(user, survey_round):
    return (
        is_authority_officer(user)
        and survey_round is not None
        and survey_round.visit_id is not None
        and survey_round.visit.hosts.filter(organisation__people=user).exists()
    )


@rules.predicate
def is_on_team_independent_of_hosts(user, survey_round):
    return survey_round is not None and is_team_member_independent_of_hosts(user, survey_round.visit)


rules.add_perm("surveys.run_rounds", is_ades_officer)
rules.add_perm(
    "surveys.view_results",
    (~is_open_link_round & (is_ades_officer | is_officer_of_surveyed_host))
    | (is_open_link_round & (is_ades_officer | is_on_team_independent_of_hosts)),
)


# The pre-visit stakeholder survey is the host authority's: its officers open it and share its link (and so never
# read its figures, above). A group's meeting is not a review of its hosts: it has none.
rules.add_perm("surveys.ask_stakeholders", is_host_officer & ~is_group_meeting)
