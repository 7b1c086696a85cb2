"""Cohort comparisons are scoped: an authority officer compares their round only with their own rounds and with
cohorts drawn widely enough that no other authority's results show through; ADES officers compare with every
released round. The page says why a cohort is not shown."""

import html

import pytest
from django.utils import timezone

from surveys.services import release, responses
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, survey_round_for
from tests.facts import CI_SURVEY_STATEMENTS


def released_round(host, cohort, by, value):
    visit = VisitFactory(hosts=[host])
    survey_round = survey_round_for(visit, by=by, cohort=cohort)
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    for _ in range(5):
        person = PersonFactory(organisation=organisation(authority__name="Moray"))
        MembershipFactory(visit=visit, person=person)
        invitation = survey_round.invitations.create(person=person)
        responses.submit_response(invitation=invitation, answers={questions[c]: value for c in CI_SURVEY_STATEMENTS})
    release.close_round(survey_round=survey_round, by=by)
    return survey_round


@pytest.fixture
def glasgow(reference, ades_officer):
    return released_round("Glasgow City", "final", ades_officer, value=4)


def cohorts_seen(client, person, survey_round):
    client.force_login(person)
    response = client.get(f"/surveys/rounds/{survey_round.pk}/results/")
    figures = response.context["figures"]
    columns = [
        (group, cell.shown) for group, cell in zip(figures.by_cohort.groups, figures.by_cohort.respondents, strict=True)
    ]
    return columns, figures.cohorts_withheld, " ".join(html.unescape(response.content.decode()).split())


REASON = (
    "1 other cohort is compared by ADES officers only: a cohort pooling other authorities' rounds, less those whose "
    "figures are published and your own, could show another authority's results."
)


def test_another_authoritys_round_is_not_a_cohort_an_officer_sees(client, glasgow, glasgow_officer, ades_officer):
    fife = released_round("Fife", "pilot", ades_officer, value=1)

    own, withheld, page = cohorts_seen(client, glasgow_officer, glasgow)
    everything, nothing_withheld, _ = cohorts_seen(client, ades_officer, glasgow)
    directly = client.get(f"/surveys/rounds/{fife.pk}/results/")

    assert own == [("final", "5")]
    assert withheld == [REASON]
    assert REASON in page
    assert "<td>0% of 5</td>" not in page
    assert (everything, nothing_withheld) == ([("final", "5"), ("pilot", "5")], [])
    assert directly.status_code == 200  # as ADES, the last to sign in; Glasgow's officer gets 404
    client.force_login(glasgow_officer)
    assert client.get(f"/surveys/rounds/{fife.pk}/results/").status_code == 404


def test_however_widely_drawn_a_cohort_of_others_rounds_is_not_compared_with(
    client, glasgow, glasgow_officer, ades_officer
):
    # Fife's, Angus's and Moray's rounds: less a published report's figures, or read again once Dundee's is
    # released, the pool would give one of them.
    for host in ("Fife", "Angus", "Moray"):
        released_round(host, "final", ades_officer, value=3)
    released_round("Glasgow City", "interim", ades_officer, value=2)

    columns, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)

    assert (columns, withheld) == ([("interim", "5")], [REASON])


def test_a_cohort_of_ones_own_rounds_is_compared_as_it_grows(client, glasgow, glasgow_officer, ades_officer):
    released_round("Glasgow City", "interim", ades_officer, value=2)
    first, _, _ = cohorts_seen(client, glasgow_officer, glasgow)

    released_round("Glasgow City", "interim", ades_officer, value=1)
    second, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)

    assert (first, second, withheld) == ([("final", "5"), ("interim", "5")], [("final", "5"), ("interim", "10")], [])


def test_a_phase_round_is_nobodys_own(client, glasgow, glasgow_officer, ades_officer):
    from surveys.services.questionnaires import load_ci_questionnaire
    from surveys.services.rounds import open_round

    phase_round = open_round(
        questionnaire=load_ci_questionnaire(),
        phase=glasgow.visit.phase,
        cohort="phase review",
        by=ades_officer,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    questions = {q.code: q for q in phase_round.questionnaire.questions.all()}
    for invitation in phase_round.invitations.all():
        responses.submit_response(invitation=invitation, answers={questions[c]: 2 for c in CI_SURVEY_STATEMENTS})
    release.close_round(survey_round=phase_round, by=ades_officer)

    columns, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)

    # The phase's round pools every team of the phase (Glasgow's only, here); its officer may not read it.
    assert phase_round.released_at is not None
    assert (columns, withheld) == ([("final", "5")], [REASON])
