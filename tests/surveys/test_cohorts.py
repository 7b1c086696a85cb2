"""Cohort comparisons are scoped: an authority officer compares their round only with their own rounds and with
cohorts drawn widely enough that no other authority's results show through; ADES officers compare with every
released round. The page says why a cohort is not shown."""

import html

import pytest
from django.utils import timezone

from surveys import release, services
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
        services.submit_response(invitation=invitation, answers={questions[c]: value for c in CI_SURVEY_STATEMENTS})
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


def test_another_authoritys_round_is_not_a_cohort_an_officer_sees(client, glasgow, glasgow_officer, ades_officer):
    fife = released_round("Fife", "pilot", ades_officer, value=1)

    own, withheld, page = cohorts_seen(client, glasgow_officer, glasgow)
    everything, nothing_withheld, _ = cohorts_seen(client, ades_officer, glasgow)
    directly = client.get(f"/surveys/rounds/{fife.pk}/results/")

    assert own == [("final", "5")]
    reason = (
        "1 other cohort is not compared here: until a cohort holds released rounds from at least 3 authorities, at "
        "least two of them not yours, its figures could show another authority's results."
    )
    assert withheld == [reason]
    assert reason in page
    assert "<td>0% of 5</td>" not in page
    assert (everything, nothing_withheld) == ([("final", "5"), ("pilot", "5")], [])
    assert directly.status_code == 200  # as ADES, the last to sign in; Glasgow's officer gets 404
    client.force_login(glasgow_officer)
    assert client.get(f"/surveys/rounds/{fife.pk}/results/").status_code == 404


def test_a_cohort_mixing_ones_own_round_with_one_other_is_withheld(client, glasgow, glasgow_officer, ades_officer):
    released_round("Fife", "final", ades_officer, value=1)  # final less Glasgow's own would be Fife's alone

    columns, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)

    assert (columns, [reason.split(":")[0] for reason in withheld]) == ([], ["1 other cohort is not compared here"])


def test_a_cohort_of_three_other_authorities_is_compared_as_it_stood_then_and_never_changes(
    client, glasgow, glasgow_officer, ades_officer
):
    for host in ("Fife", "Angus", "Moray"):
        released_round(host, "pilot", ades_officer, value=3)
    first, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)
    frozen_on = f"{timezone.localdate():%-d %B %Y}"

    released_round("Dundee City", "pilot", ades_officer, value=1)  # a fourth, released later
    second, _, page = cohorts_seen(client, glasgow_officer, glasgow)
    for_ades, _, _ = cohorts_seen(client, ades_officer, glasgow)

    # Two readings either side of Dundee's release are the same: their difference would be Dundee's results.
    assert (first, withheld) == ([("final", "5"), (f"pilot, as it stood on {frozen_on}", "15")], [])
    assert second == first
    assert "<td>100% of 15</td>" in page
    assert for_ades == [("final", "5"), ("pilot", "20")]


def test_a_phase_round_is_nobodys_own(client, glasgow, glasgow_officer, ades_officer):
    from surveys.services import load_ci_questionnaire, open_round

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
        services.submit_response(invitation=invitation, answers={questions[c]: 2 for c in CI_SURVEY_STATEMENTS})
    release.close_round(survey_round=phase_round, by=ades_officer)

    columns, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)

    # The phase's round pools every team of the phase; Glasgow's officer may not read it, so it is not theirs.
    assert phase_round.released_at is not None
    assert (columns, len(withheld)) == ([("final", "5")], 1)
