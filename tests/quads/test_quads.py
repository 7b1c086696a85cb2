"""Quads: warnings, the suggested split, the officers' pages, and who may see a Quad."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from authorities.choices import Role
from authorities.models import Authority
from quads import selectors
from quads.models import Quad
from quads.services import quads
from reviews import notifications
from reviews.models import Visit
from tests.factories import MembershipFactory, PersonFactory, ProgrammeFactory, ThemeFactory, organisation, quad_meeting

FAMILY_1_NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
FAMILY_1_REST = ["City of Edinburgh", "East Dunbartonshire", "East Renfrewshire", "Perth and Kinross"]


def _authorities(names):
    return list(Authority.objects.filter(name__in=names).order_by("name"))


def _quad(name, members, cycle="2025–26"):
    return quads.save_quad(name=name, cycle=cycle, members=_authorities(members), by=None)


def _officer_of(name):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name=name))


def test_four_of_one_family_group_in_no_other_quad_have_no_warnings(reference):
    assert selectors.quad_warnings(_authorities(FAMILY_1_NORTH), "2025–26", others=[]) == []


def test_mixed_family_groups_are_named_with_their_groups(reference):
    members = _authorities(["Aberdeen City", "Aberdeenshire", "Angus", "Orkney Islands"])
    warnings = selectors.quad_warnings(members, "2025–26", others=[])
    assert [(w.code, w.message) for w in warnings] == [
        (
            "mixed_families",
            "The four are not all in one family group (children's set): Aberdeen City (1), Aberdeenshire (1), "
            "Angus (2), Orkney Islands (1).",
        )
    ]


def test_an_authority_in_two_quads_of_a_cycle_is_warned_of_but_other_cycles_do_not_count(reference):
    _quad("North", FAMILY_1_NORTH)
    _quad("Earlier", FAMILY_1_NORTH, cycle="2024–25")
    second = _quad("Mixed", ["Shetland Islands", "City of Edinburgh", "East Dunbartonshire", "East Renfrewshire"])
    warnings = selectors.warnings_of(second, list(selectors.quads_of_cycle("2025–26")))
    assert [w.message for w in warnings if w.code == "in_two_quads"] == [
        "Shetland Islands is also in Quad North of 2025–26."
    ]


def test_the_suggestion_splits_every_family_group_into_two_fours_with_nobody_twice(reference):
    suggestions, left_over = selectors.suggest_split("2025–26")
    assert left_over == []
    assert len(suggestions) == 8
    placed = [authority.name for suggestion in suggestions for authority in suggestion.members]
    assert len(placed) == 32
    assert len(set(placed)) == 32
    for suggestion in suggestions:
        assert len(suggestion.members) == 4
        assert {authority.people_family for authority in suggestion.members} == {suggestion.family}
        assert selectors.quad_warnings(suggestion.members, "2025–26", others=[]) == []
    # The Northern Alliance's four are split two and two, with the rest of family group 1 (test_split.py says why).
    assert [a.name for a in suggestions[0].members] == [
        "Aberdeen City",
        "Aberdeenshire",
        "City of Edinburgh",
        "East Dunbartonshire",
    ]
    assert [a.name for a in suggestions[1].members] == [
        "East Renfrewshire",
        "Orkney Islands",
        "Perth and Kinross",
        "Shetland Islands",
    ]
    assert [s.name for s in suggestions[:2]] == ["Family group 1, Quad A", "Family group 1, Quad B"]


def test_the_suggestion_leaves_out_authorities_already_in_a_quad_and_stores_nothing(reference):
    _quad("North", FAMILY_1_NORTH)
    suggestions, left_over = selectors.suggest_split("2025–26")
    assert Quad.objects.count() == 1
    assert len(suggestions) == 7
    assert all(a.name not in FAMILY_1_NORTH for s in suggestions for a in s.members)
    assert left_over == []


def test_a_family_group_that_does_not_divide_into_fours_leaves_the_rest_over(reference):
    _quad("Mixed", ["Aberdeen City", "Angus", "Clackmannanshire", "Dundee City"])
    suggestions, left_over = selectors.suggest_split("2025–26")
    assert len(suggestions) == 4  # one Quad from each family group's seven free authorities
    assert len(left_over) == 12


@pytest.fixture
def ades(reference):
    return PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))


def _post_suggestion(client, data_for):
    page = client.get(reverse("quads:quad-suggest") + "?cycle=2025-26")
    formset = page.context["formset"]
    total = str(len(formset.forms))
    data = {"quad-TOTAL_FORMS": total, "quad-INITIAL_FORMS": total, "submission_key": "k1"}
    for index, form in enumerate(formset.forms):
        data[f"quad-{index}-include"] = "on"
        data[f"quad-{index}-name"] = form.initial["name"]
        for number in range(1, 5):
            data[f"quad-{index}-member_{number}"] = form.initial[f"member_{number}"].pk
    data.update(data_for(data))
    return client.post(reverse("quads:quad-suggest") + "?cycle=2025-26", data)


def test_accepting_the_edited_suggestion_stores_the_chosen_quads(client, ades):
    client.force_login(ades)
    angus = Authority.objects.get(name="Angus").pk
    # Family group 2's first Quad is left out, and its Angus moved into family group 1's first.
    response = _post_suggestion(client, lambda data: {"quad-2-include": "", "quad-0-member_1": angus})
    assert response.status_code == 302
    assert Quad.objects.filter(cycle="2025–26").count() == 7
    first = Quad.objects.get(name="Family group 1, Quad A")
    assert sorted(first.members.values_list("name", flat=True)) == [
        "Aberdeenshire",
        "Angus",
        "City of Edinburgh",
        "East Dunbartonshire",
    ]
    assert not Quad.objects.filter(name="Family group 2, Quad A").exists()


def test_a_suggestion_with_an_authority_twice_is_refused_beside_the_field_and_stores_nothing(client, ades):
    client.force_login(ades)
    aberdeen = Authority.objects.get(name="Aberdeen City").pk
    response = _post_suggestion(client, lambda data: {"quad-1-member_1": aberdeen})
    assert response.status_code == 200
    assert Quad.objects.count() == 0
    form = response.context["formset"].forms[1]
    assert form.errors == {"member_1": ["Aberdeen City is already in Family group 1, Quad A."]}
    assert "There is a problem" in response.content.decode()


def test_a_quad_is_added_with_warnings_shown_after_saving(client, ades):
    client.force_login(ades)
    _quad("North", FAMILY_1_NORTH)
    ids = [a.pk for a in _authorities(["Shetland Islands", "Angus", "Moray", "Highland"])]
    response = client.post(
        reverse("quads:quad-create"),
        {"cycle": "2025-26", "name": "Mixed", **{f"member_{n}": pk for n, pk in enumerate(ids, start=1)}},
        follow=True,
    )
    quad = Quad.objects.get(name="Mixed")
    assert quad.cycle == "2025–26"
    body = response.content.decode()
    assert "Quad Mixed is saved. Check the 2 warnings below." in body
    assert 'data-warning="mixed_families"' in body
    assert "Shetland Islands is also in Quad North of 2025–26." in body


def test_a_quad_needs_four_different_authorities_and_a_real_cycle(client, ades):
    client.force_login(ades)
    angus = Authority.objects.get(name="Angus").pk
    response = client.post(
        reverse("quads:quad-create"),
        {"cycle": "2025-27", "name": "Bad", "member_1": angus, "member_2": angus, "member_3": angus},
    )
    assert response.context["form"].errors == {
        "cycle": ["Choose a cycle from the list."],
        "member_2": ["Angus is in this Quad already."],
        "member_3": ["Angus is in this Quad already."],
        "member_4": ["Choose authority 4 of the four."],
    }
    assert Quad.objects.count() == 0


def test_the_cycle_is_chosen_from_the_school_years_since_the_quads_began_the_current_one_chosen(client, ades):
    today = datetime.date.today()
    current = today.year if today.month >= 8 else today.year - 1  # school years run from August
    client.force_login(ades)

    field = client.get(reverse("quads:quad-create")).context["form"]["cycle"]

    expected = [f"{year}–{(year + 1) % 100:02d}" for year in range(current + 1, 2023, -1)]
    assert [value for value, _ in field.field.choices] == expected
    assert expected[-1] == "2024–25"
    assert field.value() == f"{current}–{(current + 1) % 100:02d}"


def test_quad_page_is_seen_by_its_officers_and_ades_only(client, ades):
    north = _quad("North", FAMILY_1_NORTH)
    quad_meeting(north, on=datetime.date(2025, 11, 4))
    url = north.get_absolute_url()
    for person, status in [
        (ades, 200),
        (_officer_of("Orkney Islands"), 200),
        (_officer_of("Glasgow City"), 404),  # another Quad's officer
        (PersonFactory(), 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status
        assert client.get(reverse("quads:quad-pdf", args=[north.pk])).status_code == status
        assert client.get(reverse("quads:quad-agreements", args=[north.pk])).status_code == status
    client.logout()
    assert client.get(url).status_code == 404


def test_officers_list_only_their_own_quads_and_cannot_plan(client, reference):
    _quad("North", FAMILY_1_NORTH)
    _quad("Glasgow and friends", ["Glasgow City", "Inverclyde", "North Lanarkshire", "West Dunbartonshire"])
    client.force_login(_officer_of("Orkney Islands"))
    response = client.get(reverse("quads:quad-list") + "?cycle=2025-26")
    assert [quad.name for quad, _ in response.context["rows"]] == ["North"]
    assert client.get(reverse("quads:quad-create")).status_code == 404
    assert client.get(reverse("quads:quad-suggest")).status_code == 404


def test_agreed_challenges_and_support_are_saved_by_a_member_officer(client, reference):
    north = _quad("North", FAMILY_1_NORTH)
    quad_meeting(north, on=datetime.date(2025, 11, 4))
    client.force_login(_officer_of("Shetland Islands"))
    response = client.post(
        reverse("quads:quad-agreements", args=[north.pk]),
        {"challenges": " Attendance in S3 ", "support": "Orkney shares its tracking tool."},
        follow=True,
    )
    north.refresh_from_db()
    assert (north.challenges, north.support) == ("Attendance in S3", "Orkney shares its tracking tool.")
    assert "Orkney shares its tracking tool." in response.content.decode()


def test_challenges_and_support_are_agreed_per_indicator_and_an_emptied_one_is_dropped(client, reference):
    from quads.models import IndicatorAgreement
    from quads.services.self_evaluation import load_starting_framework

    framework = load_starting_framework()
    first, second = framework.questions.order_by("position")[:2]
    north = _quad("North", FAMILY_1_NORTH)
    quad_meeting(north, on=datetime.date(2025, 11, 4))
    client.force_login(_officer_of("Shetland Islands"))
    url = reverse("quads:quad-agreements", args=[north.pk])

    client.post(
        url,
        {
            f"challenges_{first.pk}": "Evidence of impact, not activity",
            f"support_{first.pk}": "Aberdeenshire shares its evaluation model",
            f"challenges_{second.pk}": "Involve learners",
        },
    )
    client.post(url, {f"challenges_{first.pk}": "Evidence of impact, not activity"})
    page = " ".join(client.get(north.get_absolute_url()).content.decode().split())

    agreed = list(IndicatorAgreement.objects.values_list("indicator__code", "challenges", "support"))
    assert agreed == [(first.code, "Evidence of impact, not activity", "")]
    assert (
        f'<th scope="row">{first.code}. {first.text}</th> <td>Evidence of impact, not activity</td> '
        "<td>None recorded</td>" in page
    )


def test_a_quad_meeting_is_scheduled_as_a_visit_hosted_by_the_four(client, ades, django_capture_on_commit_callbacks):
    north = _quad("North", FAMILY_1_NORTH)
    programme = ProgrammeFactory(name="Quads 2025–26", slug="quads-2025-26", kind="quads")
    phase = programme.phases.create(number=1, name="Cycle 2025–26")
    theme = ThemeFactory(name="Quad meeting")
    client.force_login(ades)
    url = reverse("quads:meeting-create", args=[north.pk, programme.slug])
    page = client.get(url).content.decode()
    assert "Aberdeen City, Aberdeenshire, Orkney Islands and Shetland Islands" in page  # the hosts, not fields
    data = {"phase": phase.pk, "theme": theme.pk, "starts_on": "02/12/2025"}
    response = client.post(url, data, follow=True)
    meeting = Visit.objects.get(quad_meeting__quad=north)
    assert sorted(meeting.hosts.values_list("name", flat=True)) == FAMILY_1_NORTH
    assert (meeting.starts_on, meeting.ends_on) == (datetime.date(2025, 12, 2), datetime.date(2025, 12, 2))
    assert "The Quad North meeting is scheduled as proposed." in response.content.decode()
    assert f'A meeting of <a href="/quads/{north.pk}/">Quad North, 2025–26</a>.' in response.content.decode()
    calendar = Calendar.from_ical(client.get(reverse("reviews:visit-calendar", args=[meeting.pk])).content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == (
        "Quad North meeting: Aberdeen City, Aberdeenshire, Orkney Islands, Shetland Islands – Quad meeting"
    )
    attendee = PersonFactory(email="attendee@example.scot")
    # The meeting's day has passed (2025–26), so its team is settled: the email's wording, as one added before it.
    MembershipFactory(visit=meeting, person=attendee, role="host_officer")
    with django_capture_on_commit_callbacks(execute=True):  # the email goes once the addition is committed
        notifications.team_member_added(meeting, attendee)
    assert [message.subject for message in mail.outbox] == [
        "You are on the team for a Quad North meeting: Aberdeen City, Aberdeenshire, Orkney Islands, "
        "Shetland Islands, 2 December 2025"
    ]
    assert "You have been added to the team for a meeting of Quad North." in mail.outbox[0].body
    page = client.get(north.get_absolute_url()).content.decode()
    assert f'href="/visits/{meeting.pk}/">2 December 2025</a>: Quad meeting (proposed)' in page


def test_a_quad_name_is_used_once_in_a_cycle_whatever_its_case(client, ades):
    _quad("North", FAMILY_1_NORTH)
    _quad("South", FAMILY_1_REST, cycle="2024–25")
    client.force_login(ades)
    ids = [a.pk for a in _authorities(FAMILY_1_REST)]
    members = {f"member_{n}": pk for n, pk in enumerate(ids, start=1)}
    response = client.post(reverse("quads:quad-create"), {"cycle": "2025-26", "name": "NORTH", **members})
    assert response.context["form"].errors == {"name": ["There is a Quad called NORTH in 2025–26 already."]}
    response = client.post(reverse("quads:quad-create"), {"cycle": "2025-26", "name": "South", **members})
    assert response.status_code == 302  # another cycle's name is free
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Quad.objects.create(name="north", cycle="2025–26")


def test_suggested_quads_need_names_unused_in_the_cycle_and_among_themselves(client, ades):
    client.force_login(ades)
    response = _post_suggestion(client, lambda data: {"quad-1-name": data["quad-0-name"]})
    assert response.context["formset"].forms[1].errors == {
        "name": ["Another Quad here is called Family group 1, Quad A."]
    }
    assert Quad.objects.count() == 0
    # Four of family group 2 already form a Quad, named as a suggestion for family group 4 would be.
    _quad("Family group 4, Quad B", ["Angus", "Moray", "Highland", "Stirling"], cycle="2025–26")
    response = _post_suggestion(client, lambda data: {})
    forms = response.context["formset"].forms
    assert len(forms) == 7
    assert forms[6].errors == {"name": ["There is a Quad called Family group 4, Quad B in 2025–26 already."]}
    assert Quad.objects.count() == 1
