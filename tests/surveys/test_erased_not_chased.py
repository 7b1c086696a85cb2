"""An erased person's survey link was cleared: the round page does not offer to send it again, the service refuses
to, and reminders pass them by; a colleague still waiting is chased as before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import OutgoingEmail
from office.services import erasure
from surveys.models import Reminder
from surveys.services import links, rounds
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, survey_round_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(reference, ades_officer):
    visit = VisitFactory(starts_on=datetime.date.today() + datetime.timedelta(days=30))
    erased, waiting = (PersonFactory(full_name=name) for name in ("Ann Gone", "Rae Waiting"))
    for person in (erased, waiting):
        MembershipFactory(visit=visit, person=person)
    survey_round = survey_round_for(visit, by=ades_officer)
    erasure.erase(person=erased, by=ades_officer, via="test")
    invitations = {"erased": survey_round.invitations.get(person=erased)}
    invitations["waiting"] = survey_round.invitations.get(person=waiting)
    return survey_round, invitations


def _send_again_field(invitation) -> str:
    return f'name="invitation" value="{invitation.pk}"'


def test_the_round_page_offers_no_link_to_send_to_an_erased_person(client, ades_officer, open_round):
    survey_round, invitations = open_round
    client.force_login(ades_officer)

    page = client.get(survey_round.get_absolute_url()).content.decode()

    assert _send_again_field(invitations["erased"]) not in page
    assert _send_again_field(invitations["waiting"]) in page
    assert "Erased: their link no longer works" in page


def test_the_service_refuses_to_send_an_erased_persons_link_and_sends_nothing(client, ades_officer, open_round):
    survey_round, invitations = open_round
    sent_before = OutgoingEmail.objects.filter(kind=links.AGAIN).count()
    client.force_login(ades_officer)

    with pytest.raises(ValidationError) as refused:
        links.send_link_again(invitation=invitations["erased"], by=ades_officer)
    url = reverse("surveys:round-send-again", kwargs={"pk": survey_round.pk})
    posted = client.post(url, {"invitation": invitations["erased"].pk}, follow=True)

    assert refused.value.messages == [links.ERASED]
    assert [str(m) for m in posted.context["messages"]] == [links.ERASED]
    assert OutgoingEmail.objects.filter(kind=links.AGAIN).count() == sent_before


def test_reminders_pass_an_erased_person_by(ades_officer, open_round):
    survey_round, invitations = open_round

    reminded = rounds.remind_round(survey_round=survey_round, by=ades_officer)

    assert reminded == 1
    assert list(Reminder.objects.values_list("invitation", flat=True)) == [invitations["waiting"].pk]
