"""A cycle of the Quads started from the Quads page, and a Quad's meeting: its form, its title, what it offers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from authorities.choices import Role
from authorities.models import Authority
from core import cycles
from quads.selectors import next_cycle
from quads.services import meetings, quads
from quads.services.cycles import start_cycle
from reviews.models import Programme, Visit
from reviews.services.visits import schedule_visit
from surveys.services import stakeholders
from tests.factories import PersonFactory, ProgrammeFactory, ThemeFactory, organisation

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
START = reverse("quads:cycle-start")


@pytest.fixture
def ades(reference):
    return PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))


def _north(cycle):
    return quads.save_quad(name="North", cycle=cycle, members=list(Authority.objects.filter(name__in=NORTH)), by=None)


def test_the_next_cycle_is_the_current_one_at_first_then_the_one_after_the_latest(ades):
    current = cycles.current_cycle()
    assert next_cycle() == current

    start_cycle(cycle=current, name=f"Quads {current}", by=ades)
    assert next_cycle() == cycles.following(current)


def test_a_cycle_long_past_is_not_proposed_next(ades):
    ProgrammeFactory(name="Quads 2019–20", slug="quads-2019-20", kind="quads", school_years="2019–20")

    assert next_cycle() == cycles.current_cycle()


def test_an_officer_starts_the_next_cycle_from_the_quads_page_after_confirming(client, ades):
    cycle = cycles.current_cycle()
    client.force_login(ades)
    assert f"Start the {cycle} cycle" in client.get(reverse("quads:quad-list")).content.decode()
    form = client.get(START).context["form"]
    assert form.initial == {"cycle": cycle, "name": f"Quads {cycle}"}
    assert Programme.objects.count() == 0

    response = client.post(START, {"cycle": cycle, "name": f"Quads {cycle}", "submission_key": "s"}, follow=True)

    programme = Programme.objects.get()
    first_year = int(cycle[:4])
    assert (programme.name, programme.kind, programme.school_years) == (f"Quads {cycle}", "quads", cycle)
    assert list(programme.phases.values_list("number", "name", "starts_on", "ends_on")) == [
        (1, f"Cycle {cycle}", datetime.date(first_year, 8, 1), datetime.date(first_year + 1, 7, 31))
    ]
    assert response.redirect_chain == [(f"{reverse('quads:quad-list')}?cycle={cycles.to_slug(cycle)}", 302)]
    page = response.content.decode()
    assert f"Quads {cycle} is started, running from 1 August {first_year} to 31 July {first_year + 1}." in page
    assert f"Meetings of the {cycle} cycle are scheduled in" in page
    assert f"Start the {cycles.following(cycle)} cycle" in page


def test_a_cycle_is_started_once(client, ades):
    start_cycle(cycle="2025-26", name="Quads 2025–26", by=ades)
    client.force_login(ades)

    page = client.get(START + "?cycle=2025-26")
    with pytest.raises(ValidationError) as refused:
        start_cycle(cycle="2025–26", name="Another name", by=ades)

    assert page.context["started"].name == "Quads 2025–26"
    assert "The 2025–26 cycle is started already" in page.content.decode()
    assert refused.value.messages == ["The 2025–26 cycle is started already, as Quads 2025–26."]
    assert Programme.objects.count() == 1


def test_a_cycle_needs_a_name_beside_the_field(client, ades):
    client.force_login(ades)

    response = client.post(START, {"cycle": "2030-31", "name": "", "submission_key": "s"})

    assert response.context["form"].errors == {"name": ["Enter the programme's name."]}
    assert Programme.objects.count() == 0


def test_the_quad_page_offers_its_cycle_or_starting_it(client, ades):
    north = _north("2025–26")
    client.force_login(ades)

    before = client.get(north.get_absolute_url()).content.decode()
    programme = start_cycle(cycle="2025–26", name="Quads 2025–26", by=ades)
    ProgrammeFactory(name="Quads 2026–27", slug="quads-2026-27", kind="quads", school_years="2026–27")
    after = client.get(north.get_absolute_url())

    assert f'href="{START}?cycle=2025-26">Start the 2025–26 cycle</a>' in before
    assert after.context["quads_programmes"] == [programme]


def _schedule(client, north, programme, **data):
    url = reverse("quads:meeting-create", args=[north.pk, programme.slug])
    theme = ThemeFactory(name="Self-evaluation")
    fields = {"phase": programme.phases.get().pk, "theme": theme.pk, "submission_key": "m", **data}
    return client.post(url, fields, follow=True)


def test_a_quad_meeting_is_one_day_by_default_and_titled_as_the_quads_meeting(client, ades):
    north = _north("2025–26")
    programme = start_cycle(cycle="2025–26", name="Quads 2025–26", by=ades)
    client.force_login(ades)

    response = _schedule(client, north, programme, starts_on="03/12/2025", venue="Kirkwall")

    meeting = Visit.objects.get(quad_meeting__quad=north)
    assert (meeting.starts_on, meeting.ends_on, meeting.venue) == (
        datetime.date(2025, 12, 3),
        datetime.date(2025, 12, 3),
        "Kirkwall",
    )
    assert sorted(meeting.hosts.values_list("name", flat=True)) == NORTH
    assert meeting.title == "Meeting of Quad North"
    assert "<title>Meeting of Quad North" in response.content.decode()
    assert "Visit to" not in response.content.decode()


def test_a_meeting_ending_before_its_day_is_refused_beside_the_field(client, ades):
    north = _north("2025–26")
    programme = start_cycle(cycle="2025–26", name="Quads 2025–26", by=ades)
    client.force_login(ades)

    response = _schedule(client, north, programme, starts_on="03/12/2025", ends_on="02/12/2025")

    assert response.context["form"].errors == {
        "ends_on": ["The last day must be the same as or after the day of the meeting."]
    }
    assert Visit.objects.count() == 0


def test_a_meeting_is_not_scheduled_in_another_cycles_programme(client, ades):
    north = _north("2025–26")
    other = start_cycle(cycle="2026–27", name="Quads 2026–27", by=ades)
    client.force_login(ades)

    assert client.get(reverse("quads:meeting-create", args=[north.pk, other.slug])).status_code == 404


def test_editing_a_meeting_uses_the_meetings_form_and_keeps_its_four_hosts_and_one_day(client, ades):
    north = _north("2025–26")
    programme = start_cycle(cycle="2025–26", name="Quads 2025–26", by=ades)
    client.force_login(ades)
    _schedule(client, north, programme, starts_on="03/12/2025")
    meeting = Visit.objects.get(quad_meeting__quad=north)
    url = reverse("reviews:visit-edit", args=[meeting.pk])

    form = client.get(url).context["form"]
    fields = {"phase": programme.phases.get().pk, "theme": meeting.theme.pk, "starts_on": "10/12/2025"}
    response = client.post(url, {**fields, "venue": "Inverness"}, follow=True)

    assert "host_1" not in form.fields
    assert "key_question" not in form.fields
    assert form.initial["ends_on"] is None
    meeting.refresh_from_db()
    assert (meeting.starts_on, meeting.ends_on, meeting.venue) == (
        datetime.date(2025, 12, 10),
        datetime.date(2025, 12, 10),
        "Inverness",
    )
    assert sorted(meeting.hosts.values_list("name", flat=True)) == NORTH
    assert "<title>Meeting of Quad North" in response.content.decode()


def _meeting(ades, *, on):
    north = _north(cycles.cycle_of(on))
    programme = start_cycle(cycle=cycles.cycle_of(on), name="Quads", by=ades)
    visit = schedule_visit(
        programme=programme,
        phase=programme.phases.get(),
        hosts=north.members.all(),
        theme=ThemeFactory(name="Self-evaluation"),
        starts_on=on,
        ends_on=on,
        meeting_of=meetings.meeting_name(north),
        by=ades,
    )
    meetings.link_meeting(quad=north, visit=visit, by=None)
    return north, visit


def test_a_meeting_offers_no_stakeholder_survey_to_its_hosts(client, ades):
    _, meeting = _meeting(ades, on=timezone.localdate() + datetime.timedelta(days=30))
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Orkney Islands"))
    client.force_login(host)

    page = client.get(meeting.get_absolute_url()).content.decode()
    ask = client.get(reverse("surveys:stakeholder-round-create", args=[meeting.pk]))

    assert "Ask stakeholders" not in page
    assert ask.status_code == 404
    with pytest.raises(ValidationError) as refused:
        stakeholders.open_round(visit=meeting, opens_on=timezone.localdate(), closes_on=timezone.localdate(), by=host)
    assert refused.value.messages == ["The Quad North meeting is not a review: it has no stakeholder survey."]


def test_the_agreements_are_offered_on_the_meeting_page_from_its_day(client, ades):
    _, coming = _meeting(ades, on=timezone.localdate() + datetime.timedelta(days=1))
    client.force_login(ades)

    assert 'data-testid="record-agreements"' not in client.get(coming.get_absolute_url()).content.decode()
    Visit.objects.filter(pk=coming.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        status="confirmed",  # a proposed meeting whose day has passed was never agreed to
    )
    page = client.get(coming.get_absolute_url()).content.decode()

    agreements = reverse("quads:quad-agreements", args=[coming.quad_meeting.quad.pk])
    assert f'<a href="{agreements}">Record the agreed challenges and support</a> from the meeting.' in page


def test_schedule_meeting_makes_the_visit_and_links_it_to_the_quad_in_one_go(ades):
    on = timezone.localdate() + datetime.timedelta(days=30)
    north = _north(cycles.cycle_of(on))
    programme = start_cycle(cycle=cycles.cycle_of(on), name="Quads", by=ades)

    visit = meetings.schedule_meeting(
        quad=north,
        programme=programme,
        hosts=north.members.all(),
        phase=programme.phases.get(),
        theme=ThemeFactory(name="Self-evaluation"),
        starts_on=on,
        ends_on=on,
        by=ades,
    )

    assert (visit.meeting_of, visit.quad_meeting.quad) == ("Quad North", north)
    assert sorted(visit.hosts.values_list("name", flat=True)) == NORTH


def test_a_meeting_that_cannot_be_linked_leaves_no_visit_behind(ades):
    on = timezone.localdate() + datetime.timedelta(days=30)
    north = _north(cycles.cycle_of(on))
    programme = start_cycle(cycle=cycles.cycle_of(on), name="Quads", by=ades)
    unsaved = type(north)(name="South", cycle=north.cycle)

    with pytest.raises(ValueError, match="unsaved related object"):
        meetings.schedule_meeting(
            quad=unsaved,
            programme=programme,
            hosts=north.members.all(),
            phase=programme.phases.get(),
            theme=ThemeFactory(name="Self-evaluation"),
            starts_on=on,
            ends_on=on,
            by=ades,
        )
    assert list(Visit.objects.filter(programme=programme)) == []
