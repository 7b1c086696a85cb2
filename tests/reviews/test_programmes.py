"""Programmes, phases and themes, kept by ADES officers in the portal's own pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import Phase, Programme, Theme
from reviews.services import programmes
from tests.factories import PhaseFactory, ProgrammeFactory, ThemeFactory, VisitFactory

NEW = reverse("reviews:programme-create")


def _programme_data(**changes):
    return {
        "kind": "ci",
        "name": "Collaborative Improvement 2026–29",
        "school_years": "2026-29",
        "description": "The second national programme.",
        "follow_up_months": "12, 6",
        "submission_key": "p1",
        **changes,
    }


def test_an_ades_officer_creates_a_programme_with_a_slug_made_from_its_name(client, ades_officer):
    client.force_login(ades_officer)

    response = client.post(NEW, _programme_data(), follow=True)

    programme = Programme.objects.get()
    assert (programme.slug, programme.kind, programme.school_years, programme.follow_up_months) == (
        "collaborative-improvement-2026-29",
        "ci",
        "2026–29",
        [6, 12],
    )
    assert response.redirect_chain == [(programme.get_absolute_url(), 302)]
    assert "Collaborative Improvement 2026–29 is created. Now add its phases." in response.content.decode()
    assert [(entry.what, entry.who) for entry in response.context["history"]] == [("Created", ades_officer.full_name)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter the programme's name."),
        ("school_years", "2026", "Write the school years as the first year and the last year's two digits"),
        ("school_years", "2026–25", "The last school year must come after the first, and within ten years of it."),
        ("follow_up_months", "six", "Write whole numbers of months from 1 to 60, separated by commas"),
        ("follow_up_months", "6, 61", "Write whole numbers of months from 1 to 60, separated by commas"),
        ("kind", "", "Choose whether it is a Collaborative Improvement programme or a Quads cycle."),
    ],
)
def test_a_programme_with_bad_details_is_refused_beside_the_field(client, ades_officer, field, value, message):
    client.force_login(ades_officer)

    response = client.post(NEW, _programme_data(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Programme.objects.count() == 0


@pytest.mark.parametrize("school_years", ["0000–01", "1999–00", "TOO_FAR"])
def test_a_ci_programme_of_absurd_school_years_is_refused_beside_the_field(client, ades_officer, school_years):
    latest = datetime.date.today().year + 10
    school_years = f"{latest + 1}–{(latest + 2) % 100:02d}" if school_years == "TOO_FAR" else school_years
    client.force_login(ades_officer)

    response = client.post(NEW, _programme_data(school_years=school_years))

    assert response.context["form"].errors == {
        "school_years": [
            f"Choose school years starting from 2000 to {latest}: {school_years[:4]} is too far from today."
        ]
    }
    assert Programme.objects.count() == 0


def test_ci_school_years_from_2000_to_ten_years_ahead_are_kept_and_an_edit_is_checked_too(ades_officer):
    latest = datetime.date.today().year + 10
    first = programmes.create_programme(name="CI 2021", kind="ci", school_years="2021-24", by=ades_officer)
    oldest = programmes.create_programme(name="CI 2000", kind="ci", school_years="2000–01", by=ades_officer)
    furthest = programmes.create_programme(
        name="CI far", kind="ci", school_years=f"{latest}–{(latest + 1) % 100:02d}", by=ades_officer
    )

    with pytest.raises(ValidationError) as refused:
        programmes.update_programme(
            programme=first,
            name="CI 2021",
            kind="ci",
            school_years="1999–00",
            description="",
            follow_up_months=[6],
            by=ades_officer,
        )

    assert refused.value.message_dict == {
        "school_years": [f"Choose school years starting from 2000 to {latest}: 1999 is too far from today."]
    }
    first.refresh_from_db()
    assert [first.school_years, oldest.school_years, furthest.school_years[:4]] == ["2021–24", "2000–01", str(latest)]


def test_a_second_programme_of_the_same_name_is_refused_whatever_its_case(client, ades_officer):
    ProgrammeFactory(name="Collaborative Improvement 2026–29", slug="ci")
    client.force_login(ades_officer)

    response = client.post(NEW, _programme_data(name="collaborative improvement 2026–29"))

    assert response.context["form"].errors["name"] == [
        "There is a programme called Collaborative Improvement 2026–29 already."
    ]
    assert Programme.objects.count() == 1


def test_a_programme_named_like_a_page_gets_another_slug(ades_officer):
    programme = programmes.create_programme(name="New", kind="ci", school_years="2026–27", by=ades_officer)

    assert programme.slug == "new-2"


def test_editing_keeps_the_address_and_records_who_changed_what(client, ades_officer):
    programme = programmes.create_programme(name="CI 2026", kind="ci", school_years="2026–27", by=ades_officer)
    client.force_login(ades_officer)

    client.post(
        reverse("reviews:programme-edit", args=[programme.slug]),
        _programme_data(name="CI 2026 to 2029", school_years="2026–29", follow_up_months=""),
    )

    programme.refresh_from_db()
    assert (programme.name, programme.slug, programme.follow_up_months) == ("CI 2026 to 2029", "ci-2026", [])
    history = client.get(programme.get_absolute_url()).context["history"]
    assert [entry.what for entry in history] == [
        "Changed name, school years, description, follow-ups, months after publication",
        "Created",
    ]


def test_a_programme_with_visits_keeps_its_kind(ades_officer, reference):
    visit = VisitFactory(hosts=["Angus"])
    programme = visit.programme

    with pytest.raises(ValidationError) as refused:
        programmes.update_programme(
            programme=programme,
            name=programme.name,
            kind="quads",
            school_years="2025–26",
            description="",
            follow_up_months=[6],
            by=ades_officer,
        )

    assert refused.value.message_dict == {"kind": ["The programme has visits already, so its kind stays as it is."]}
    programme.refresh_from_db()
    assert programme.kind == "ci"


def test_phases_are_added_in_order_and_their_dates_checked_beside_the_field(client, ades_officer):
    programme = ProgrammeFactory(slug="ci-new")
    client.force_login(ades_officer)
    url = reverse("reviews:phase-create", args=[programme.slug])

    assert client.get(url).context["form"].initial["name"] == "Phase 1"
    client.post(url, {"name": "Phase 1", "starts_on": "01/08/2026", "ends_on": "31/07/2027", "submission_key": "a"})
    refused = client.post(
        url, {"name": "Phase 2", "starts_on": "01/08/2027", "ends_on": "31/07/2027", "submission_key": "b"}
    )

    assert refused.context["form"].errors == {"ends_on": ["The last day must be the same as or after the first day."]}
    assert list(programme.phases.values_list("number", "name", "starts_on", "ends_on")) == [
        (1, "Phase 1", datetime.date(2026, 8, 1), datetime.date(2027, 7, 31))
    ]


def test_the_service_refuses_a_phase_ending_before_it_starts_and_a_name_used_twice(ades_officer, db):
    programme = ProgrammeFactory()
    PhaseFactory(programme=programme, number=1, name="Phase 1")

    with pytest.raises(ValidationError) as backwards:
        programmes.add_phase(
            programme=programme,
            name="Phase 2",
            starts_on=datetime.date(2027, 1, 2),
            ends_on=datetime.date(2027, 1, 1),
            by=ades_officer,
        )
    with pytest.raises(ValidationError) as twice:
        programmes.add_phase(programme=programme, name="phase 1", by=ades_officer)

    assert backwards.value.message_dict == {"ends_on": ["The last day must be the same as or after the first day."]}
    assert twice.value.message_dict == {"name": ["This programme has a phase called Phase 1 already."]}
    assert programme.phases.count() == 1


def _phases(programme):
    return list(programme.phases.order_by("number").values_list("number", "name"))


def test_a_phase_is_renamed_and_moved_up_and_down(client, ades_officer, db):
    programme = ProgrammeFactory(slug="ci-new")
    first, second, third = (
        PhaseFactory(programme=programme, number=n, name=name) for n, name in enumerate("ABC", start=1)
    )
    client.force_login(ades_officer)

    client.post(reverse("reviews:phase-edit", args=[programme.slug, second.pk]), {"name": "Bee"})
    client.post(reverse("reviews:phase-move", args=[programme.slug, third.pk, "up"]))
    response = client.post(reverse("reviews:phase-move", args=[programme.slug, first.pk, "up"]), follow=True)

    assert _phases(programme) == [(1, "A"), (2, "C"), (3, "Bee")]
    assert "A is the first phase already." in response.content.decode()
    client.post(reverse("reviews:phase-move", args=[programme.slug, first.pk, "down"]))
    assert _phases(programme) == [(1, "C"), (2, "A"), (3, "Bee")]


def test_a_phase_without_visits_is_removed_after_confirming_and_the_rest_renumbered(client, ades_officer, db):
    programme = ProgrammeFactory(slug="ci-new")
    PhaseFactory(programme=programme, number=1, name="A")
    middle = PhaseFactory(programme=programme, number=2, name="B")
    PhaseFactory(programme=programme, number=3, name="C")
    client.force_login(ades_officer)
    url = reverse("reviews:phase-remove", args=[programme.slug, middle.pk])

    confirmation = client.get(url)
    assert "Remove B?" in confirmation.content.decode()
    assert _phases(programme) == [(1, "A"), (2, "B"), (3, "C")]
    client.post(url)

    assert _phases(programme) == [(1, "A"), (2, "C")]
    history = client.get(programme.get_absolute_url()).context["history"]
    assert [entry.what for entry in history][:2] == ["C: changed number", "B removed"]


def test_a_phase_with_visits_is_not_removed(client, ades_officer, reference):
    visit = VisitFactory(hosts=["Angus"])
    client.force_login(ades_officer)
    url = reverse("reviews:phase-remove", args=[visit.programme.slug, visit.phase.pk])

    page = client.get(url).content.decode()
    client.post(url)

    assert f"{visit.phase.name} cannot be removed" in page
    assert "1 visit is in" in page
    assert Phase.objects.filter(pk=visit.phase.pk).exists()
    with pytest.raises(ValidationError) as refused:
        programmes.remove_phase(phase=visit.phase, by=ades_officer)
    assert refused.value.messages == [
        f"{visit.phase.name} cannot be removed: 1 visit is in it. "
        "Move or cancel them first; a cancelled visit stays on the record, in its phase."
    ]


def test_themes_are_listed_as_the_taxonomy_and_added_with_a_slug(client, ades_officer, db):
    inclusion = ThemeFactory(name="Inclusion")
    client.force_login(ades_officer)

    client.post(
        reverse("reviews:theme-create"), {"name": "Attendance  ", "broader": inclusion.pk, "submission_key": "t"}
    )
    page = client.get(reverse("reviews:theme-list"))

    attendance = Theme.objects.get(name="Attendance")
    assert (attendance.slug, attendance.broader) == ("attendance", inclusion)
    assert [(theme.name, [n.name for n in theme.narrower.all()]) for theme in page.context["themes"]] == [
        ("Inclusion", ["Attendance"])
    ]
    assert attendance.history.get().history_user == ades_officer


def test_a_theme_stays_in_two_levels_and_its_name_is_used_once(client, ades_officer, db):
    inclusion = ThemeFactory(name="Inclusion")
    asn = ThemeFactory(name="ASN", broader=inclusion)
    client.force_login(ades_officer)

    under_narrower = client.post(reverse("reviews:theme-create"), {"name": "Dyslexia", "broader": asn.pk})
    twice = client.post(reverse("reviews:theme-create"), {"name": "inclusion"})
    other = ThemeFactory(name="X")
    broad_under_other = client.post(
        reverse("reviews:theme-edit", args=[inclusion.slug]), {"name": "Inclusion", "broader": other.pk}
    )

    assert under_narrower.context["form"].errors == {
        "broader": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert twice.context["form"].errors == {"name": ["There is a theme called Inclusion already."]}
    assert broad_under_other.context["form"].errors == {
        "broader": ["Inclusion is the broad theme of ASN, so it cannot be part of another theme."]
    }
    assert sorted(Theme.objects.values_list("name", "broader__name")) == [
        ("ASN", "Inclusion"),
        ("Inclusion", None),
        ("X", None),
    ]


def test_the_scheduling_form_leads_to_the_themes_page_not_data_maintenance(client, ades_officer, db):
    programme = ProgrammeFactory(slug="ci-new")
    client.force_login(ades_officer)

    page = client.get(reverse("reviews:visit-create", args=[programme.slug])).content.decode()

    assert "data maintenance" not in page
    assert f'<a href="{reverse("reviews:theme-create")}">Add it on the Themes page</a>' in page


def test_only_ades_officers_see_the_planning_buttons(client, ades_officer, team_member):
    client.force_login(team_member)
    assert "New programme" not in client.get(reverse("reviews:programme-list")).content.decode()
    client.force_login(ades_officer)
    assert "New programme" in client.get(reverse("reviews:programme-list")).content.decode()
