"""The "send the link again" form names the invitation in the POST body, never the path: request and access logs
keep paths, and an invitation id leads to one person who had not answered. Whatever id is posted that cannot be sent
(an answered one, another round's, one that does not exist, not a number) is refused with the one message."""

import datetime
import json
import logging

import pytest
from django.urls import get_resolver, reverse

from core.models import OutgoingEmail
from surveys.services import links, responses
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, survey_round_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(reference, ades_officer):
    """Two open rounds; in the first, Ann has answered and Rae has not."""
    made = []
    for names in (("Ann", "Rae"), ("Other",)):
        visit = VisitFactory(starts_on=datetime.date.today() + datetime.timedelta(days=30))
        for name in names:
            MembershipFactory(visit=visit, person=PersonFactory(full_name=name))
        made.append(survey_round_for(visit, by=ades_officer))
    survey_round = made[0]
    answers = dict.fromkeys(survey_round.questionnaire.questions.filter(code="enjoyed"), 4)
    responses.submit_response(invitation=survey_round.invitations.get(person__full_name="Ann"), answers=answers)
    return made


def test_the_send_again_path_names_only_the_round(rounds):
    survey_round = rounds[0]

    assert reverse("surveys:round-send-again", kwargs={"pk": survey_round.pk}) == (
        f"/surveys/rounds/{survey_round.pk}/send-again/"
    )


def test_no_survey_url_carries_an_invitation_response_or_completion_id():
    surveys = get_resolver().url_patterns
    names = {
        key
        for pattern in surveys
        if getattr(pattern, "namespace", None) == "surveys"
        for route in pattern.url_patterns
        for key in route.pattern.converters
    }

    assert names == {"pk", "token", "fmt"}  # the round's id, a survey link's own key, an export's format


def test_the_posted_invitation_is_sent_its_link_and_the_logged_path_has_no_invitation_id(
    client, ades_officer, rounds, caplog, django_capture_on_commit_callbacks
):
    survey_round = rounds[0]
    waiting = survey_round.invitations.get(person__full_name="Rae")
    client.force_login(ades_officer)

    url = reverse("surveys:round-send-again", kwargs={"pk": survey_round.pk})
    with caplog.at_level(logging.INFO, logger="ci_portal.requests"), django_capture_on_commit_callbacks(execute=True):
        posted = client.post(url, {"invitation": waiting.pk}, follow=True)

    assert [str(m) for m in posted.context["messages"]] == ["Rae's survey link is on its way to them again."]
    assert list(waiting.emails.filter(kind=links.AGAIN).values_list("person__full_name", flat=True)) == ["Rae"]
    logged = [json.loads(r.getMessage())["path"] for r in caplog.records if r.name == "ci_portal.requests"]
    assert f"/surveys/rounds/{survey_round.pk}/send-again/" in logged
    assert not any(str(waiting.pk) in path.replace(str(survey_round.pk), "", 1) for path in logged)


@pytest.mark.parametrize("chosen", ["answered", "another round's", "none such", "not a number", "missing"])
def test_an_invitation_that_cannot_be_sent_is_refused_with_one_message(client, ades_officer, rounds, chosen):
    survey_round, other_round = rounds
    posted = {
        "answered": survey_round.invitations.get(person__full_name="Ann").pk,
        "another round's": other_round.invitations.get().pk,
        "none such": 987654,
        "not a number": "1 OR 1=1",
        "missing": None,
    }[chosen]
    sent_before = OutgoingEmail.objects.count()
    client.force_login(ades_officer)

    response = client.post(
        reverse("surveys:round-send-again", kwargs={"pk": survey_round.pk}),
        {} if posted is None else {"invitation": posted},
        follow=True,
    )

    assert response.redirect_chain == [(survey_round.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [links.NOT_SENT]
    assert OutgoingEmail.objects.count() == sent_before
