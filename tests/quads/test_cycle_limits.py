"""A cycle is started only within reach of today, the button starts the cycle shown, and what a Quad agreed is
recorded once it has met."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from authorities.choices import Role
from authorities.models import Authority
from core import cycles
from quads.services import quads
from quads.services.cycles import start_cycle
from reviews.models import Programme
from tests.factories import PersonFactory, ProgrammeFactory, organisation, quad_meeting

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
START = reverse("quads:cycle-start")


@pytest.fixture
def ades(reference):
    return PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))


def _reach():
    current = int(cycles.current_cycle()[:4])
    return cycles.cycle_of(datetime.date(current - 5, 9, 1)), cycles.cycle_of(datetime.date(current + 5, 9, 1))


def test_the_cycle_after_one_of_an_early_year_keeps_four_digits():
    assert cycles.following("0001–02") == "0002–03"
    assert cycles.following("2099–00") == "2100–01"


@pytest.mark.parametrize("cycle", ["9999-00", "0001-02"])
def test_a_cycle_far_from_today_is_refused_beside_the_field_and_nothing_is_started(client, ades, cycle):
    first, last = _reach()
    client.force_login(ades)

    response = client.post(START, {"cycle": cycle, "name": "Quads far", "submission_key": "s"})

    assert response.status_code == 200
    written = cycle.replace("-", "–")
    assert response.context["form"].errors == {
        "cycle": [f"Choose a cycle from {first} to {last}: {written} is too far from today."]
    }
    assert Programme.objects.count() == 0


def test_the_service_refuses_a_cycle_far_from_today_whatever_the_door(ades):
    with pytest.raises(ValidationError) as refused:
        start_cycle(cycle="9999–00", name="Quads 9999–00", by=ades)

    assert list(refused.value.message_dict) == ["cycle"]
    assert Programme.objects.count() == 0


def test_the_start_page_asked_for_a_cycle_far_from_today_offers_no_form(client, ades):
    first, last = _reach()
    client.force_login(ades)

    page = client.get(START + "?cycle=9999-00").content.decode()

    assert f"Choose a cycle from {first} to {last}: 9999–00 is too far from today." in page
    assert 'name="cycle"' not in page


def test_the_button_starts_the_cycle_the_page_shows_after_a_later_one_is_started(client, ades):
    current = cycles.current_cycle()
    later = cycles.following(cycles.following(current))
    start_cycle(cycle=later, name=f"Quads {later}", by=ades)
    client.force_login(ades)

    page = client.get(reverse("quads:quad-list")).content.decode()

    assert f"The {current} cycle is not started yet" in page
    assert f'href="{START}?cycle={cycles.to_slug(current)}">Start the {current} cycle</a>' in page
    assert f"Start the {cycles.following(later)} cycle" not in page


def test_a_started_cycle_offers_the_next_with_its_cycle_in_the_link(client, ades):
    current = cycles.current_cycle()
    start_cycle(cycle=current, name=f"Quads {current}", by=ades)
    client.force_login(ades)

    page = client.get(reverse("quads:quad-list")).content.decode()

    nxt = cycles.following(current)
    assert f'href="{START}?cycle={cycles.to_slug(nxt)}">Start the {nxt} cycle</a>' in page


def test_no_start_is_offered_beyond_reach(client, ades):
    _, last = _reach()
    ProgrammeFactory(name=f"Quads {last}", slug="quads-last", kind="quads", school_years=last)
    client.force_login(ades)

    page = client.get(reverse("quads:quad-list") + f"?cycle={cycles.to_slug(last)}").content.decode()

    assert "Start the " not in page


def _north():
    members = list(Authority.objects.filter(name__in=NORTH))
    return quads.save_quad(name="North", cycle=cycles.current_cycle(), members=members, by=None)


def test_agreements_wait_for_a_meeting_to_have_taken_place(client, ades):
    north = _north()
    url = reverse("quads:quad-agreements", args=[north.pk])
    client.force_login(ades)

    before = client.get(north.get_absolute_url()).content.decode()
    refused = client.post(url, {"challenges": "Attendance", "support": ""}, follow=True)
    quad_meeting(north, on=timezone.localdate() + datetime.timedelta(days=7))
    coming = client.get(north.get_absolute_url()).content.decode()
    quad_meeting(north, on=timezone.localdate())
    held = client.get(north.get_absolute_url()).content.decode()

    assert "Record the agreed challenges and support" not in before
    assert "recorded here once one of its meetings has taken place" in before
    assert refused.redirect_chain == [(north.get_absolute_url(), 302)]
    assert (
        "What the Quad agreed is recorded once one of its meetings has taken place: a confirmed meeting, from its day."
        in refused.content.decode()
    )
    north.refresh_from_db()
    assert north.challenges == ""
    assert "Record the agreed challenges and support" not in coming
    assert "Record the agreed challenges and support" in held
    assert client.get(url).status_code == 200


def test_a_cancelled_meeting_is_not_one_that_took_place(client, ades):
    north = _north()
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    quad_meeting(north, on=three_days_ago, status="cancelled", cancellation_reason="Snow")
    client.force_login(ades)

    assert client.get(reverse("quads:quad-agreements", args=[north.pk])).status_code == 302
