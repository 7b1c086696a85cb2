"""A Quad with meetings keeps its cycle and members; a Quads programme comes with its phase however it is made;
agreements wait for a confirmed meeting; a meeting's pages speak of a meeting; a cycle start without a cycle is
refused clearly."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from authorities.choices import Role
from authorities.models import Authority
from core import cycles
from quads.models import Quad
from quads.services import meetings, quads
from quads.services.cycles import start_cycle
from reviews import selectors
from reviews.models import Programme, Visit
from reviews.services.visits import schedule_visit
from tests.factories import PersonFactory, ThemeFactory, organisation, quad_meeting

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
SOUTH = ["Dumfries and Galloway", "East Ayrshire", "Scottish Borders", "South Ayrshire"]
SETTLED = (
    "Quad North has meetings scheduled: its cycle and members stay as they are. "
    "Cancel the meetings first to change them."
)


@pytest.fixture
def ades(reference):
    return PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))


def _authorities(names):
    return list(Authority.objects.filter(name__in=names).order_by("name"))


def _north():
    return quads.save_quad(name="North", cycle=cycles.current_cycle(), members=_authorities(NORTH), by=None)


def _edit(client, quad, *, cycle, members, name="North"):
    fields = {"cycle": cycle, "name": name, "submission_key": "e"}
    fields |= {f"member_{number}": member.pk for number, member in enumerate(members, start=1)}
    return client.post(reverse("quads:quad-edit", args=[quad.pk]), fields)


def test_a_quad_with_a_meeting_keeps_its_cycle_and_members_beside_the_fields(client, ades):
    north = _north()
    quad_meeting(north, on=timezone.localdate() + datetime.timedelta(days=20))
    later = cycles.following(cycles.current_cycle())
    client.force_login(ades)

    moved = _edit(client, north, cycle=later, members=_authorities(NORTH))
    swapped = _edit(client, north, cycle=north.cycle, members=[*_authorities(NORTH)[:3], *_authorities(SOUTH)[:1]])
    renamed = _edit(client, north, cycle=north.cycle, members=_authorities(NORTH), name="North East")

    assert moved.status_code == 200
    assert moved.context["form"].errors == {"cycle": [SETTLED]}
    assert swapped.context["form"].errors == {"member_4": [SETTLED]}
    assert SETTLED in swapped.content.decode()
    assert renamed.status_code == 302
    north.refresh_from_db()
    assert (north.name, north.cycle) == ("North East", cycles.current_cycle())
    assert sorted(north.members.values_list("name", flat=True)) == NORTH


def test_the_service_refuses_whatever_the_door_but_not_once_the_meetings_are_cancelled(ades):
    north = _north()
    meeting = quad_meeting(north, on=timezone.localdate() + datetime.timedelta(days=20))

    with pytest.raises(ValidationError) as refused:
        quads.save_quad(
            quad=north, name="North", cycle=cycles.following(north.cycle), members=_authorities(SOUTH), by=None
        )
    Visit.objects.filter(pk=meeting.pk).update(status="cancelled", cancellation_reason="Snow")
    quads.save_quad(
        quad=Quad.objects.get(pk=north.pk), name="North", cycle=north.cycle, members=_authorities(SOUTH), by=None
    )

    assert refused.value.message_dict == {"cycle": [SETTLED], "members": [SETTLED]}
    assert sorted(Quad.objects.get().members.values_list("name", flat=True)) == SOUTH


def test_a_quad_is_read_only_in_data_maintenance():
    assert Quad in admin.site.guarded


def test_a_quads_programme_made_on_the_programmes_page_has_its_cycle_phase_chosen_in_the_meeting_form(client, ades):
    cycle = cycles.following(cycles.current_cycle())
    first_year = int(cycle[:4])
    north = quads.save_quad(name="North", cycle=cycle, members=_authorities(NORTH), by=None)
    client.force_login(ades)

    client.post(
        reverse("reviews:programme-create"),
        {"kind": "quads", "name": f"Quads {cycle}", "school_years": cycle, "submission_key": "p"},
    )
    programme = Programme.objects.get()
    page = client.get(reverse("quads:meeting-create", args=[north.pk, programme.slug]))

    phase = programme.phases.get()
    assert (phase.number, phase.name, phase.starts_on, phase.ends_on) == (
        1,
        f"Cycle {cycle}",
        datetime.date(first_year, 8, 1),
        datetime.date(first_year + 1, 7, 31),
    )
    assert page.context["form"]["phase"].value() == phase.pk
    assert f'<option value="{phase.pk}" selected>' in page.content.decode()


def test_starting_a_cycle_makes_one_phase_not_two(ades):
    programme = start_cycle(cycle=cycles.current_cycle(), name="Quads", by=ades)

    assert programme.phases.count() == 1


def test_a_proposed_meeting_whose_day_has_passed_offers_no_agreements(client, ades):
    north = _north()
    meeting = quad_meeting(north, on=timezone.localdate() - datetime.timedelta(days=2), status="proposed")
    client.force_login(ades)

    page = client.get(north.get_absolute_url()).content.decode()
    refused = client.get(reverse("quads:quad-agreements", args=[north.pk]), follow=True).content.decode()
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    Visit.objects.filter(pk=meeting.pk).update(status="completed")
    held = client.get(north.get_absolute_url()).content.decode()

    waiting = "recorded here once one of its meetings has taken place: a confirmed meeting, from its day."
    assert waiting in page
    assert "Record the agreed challenges and support" not in page
    assert "recorded once one of its meetings has taken place: a confirmed meeting, from its day." in refused
    assert 'data-testid="record-agreements"' not in meeting_page
    assert "Record the agreed challenges and support" in held


def _scheduled(ades):
    north = _north()
    programme = start_cycle(cycle=north.cycle, name="Quads", by=ades)
    meeting = schedule_visit(
        programme=programme,
        phase=programme.phases.get(),
        hosts=north.members.all(),
        theme=ThemeFactory(name="Self-evaluation"),
        starts_on=timezone.localdate() + datetime.timedelta(days=20),
        ends_on=timezone.localdate() + datetime.timedelta(days=20),
        meeting_of=meetings.meeting_name(north),
        by=ades,
    )
    meetings.link_meeting(quad=north, visit=meeting, by=None)
    return meeting


def test_a_meetings_pages_speak_of_a_meeting(client, ades):
    meeting = _scheduled(ades)
    client.force_login(ades)

    page = client.get(meeting.get_absolute_url()).content.decode()
    fields = {"phase": meeting.phase_id, "theme": meeting.theme_id, "starts_on": meeting.starts_on.strftime("%d/%m/%Y")}
    saved = client.post(reverse("reviews:visit-edit", args=[meeting.pk]), fields, follow=True).content.decode()

    assert "Messages sent about this meeting" in page
    assert "about this visit" not in page
    assert "Meeting pack (PDF)" in page
    assert "Visit pack" not in page
    assert "The meeting is saved." in saved
    assert "The visit is saved." not in saved


def test_a_meetings_day_plan_starts_from_one_day(client, ades):
    meeting = _scheduled(ades)
    client.force_login(ades)

    offered = client.get(reverse("reviews:day-plan", args=[meeting.pk])).content.decode()
    started = client.post(reverse("reviews:day-plan-start", args=[meeting.pk]), {"copy_from": "standard"}, follow=True)

    assert '<option value="standard">The standard day of a meeting</option>' in offered
    assert "three days" not in offered
    assert f"{len(selectors.STANDARD_MEETING)} sessions added. Change them to suit this meeting." in (
        started.content.decode()
    )
    assert set(meeting.day_sessions.values_list("day", flat=True)) == {1}


def test_a_cycle_start_without_a_cycle_is_refused_clearly_and_offers_the_cycle_of_today(client, ades):
    first, last = cycles.reach()
    today = cycles.current_cycle()
    client.force_login(ades)

    response = client.post(
        reverse("quads:cycle-start") + "?cycle=9999-00", {"cycle": "", "name": "Quads", "submission_key": "s"}
    )

    page = response.content.decode()
    assert response.context["form"].errors == {"cycle": [f"Choose a cycle from {first} to {last}: none was given."]}
    assert f"Choose a cycle from {first} to {last}: none was given." in page
    assert f'name="cycle" value="{today}"' in page
    assert f"Start the {today} cycle" in page
    assert "This field is required." not in page
    assert Programme.objects.count() == 0
