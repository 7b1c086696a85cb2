"""Cohort comparisons are scoped: an authority officer compares their round only with their own rounds and with
cohorts drawn widely enough that no other authority's results show through; ADES officers compare with every
released round. The page says why a cohort is not shown."""

import html

import pytest

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
        "The “pilot” cohort is not compared here: besides Glasgow City's own, it holds fewer than two rounds or rounds "
        "from fewer than 3 authorities, so its figures could show another authority's results."
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

    assert (columns, [reason.split(":")[0] for reason in withheld]) == ([], ["The “final” cohort is not compared here"])


def test_a_cohort_drawn_from_three_other_authorities_is_compared(client, glasgow, glasgow_officer, ades_officer):
    for host in ("Fife", "Angus", "Moray"):
        released_round(host, "pilot", ades_officer, value=3)

    columns, withheld, _ = cohorts_seen(client, glasgow_officer, glasgow)

    assert (columns, withheld) == ([("final", "5"), ("pilot", "15")], [])
