"""Programmes of a kind and their years shown; a Quads programme is one school year, one per year; a phase within
the programme's years; a Quad's meeting speaks of a meeting on its page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import cycles
from reviews.models import Programme
from reviews.services import programmes
from tests.factories import PhaseFactory, ProgrammeFactory, VisitFactory

NEW = reverse("reviews:programme-create")


def _data(**changes):
    cycle = cycles.current_cycle()
    return {"kind": "quads", "name": f"Quads {cycle}", "school_years": cycle, "submission_key": "q", **changes}


def test_a_second_quads_programme_for_a_year_is_refused_beside_the_field(client, ades_officer):
    cycle = cycles.current_cycle()
    ProgrammeFactory(name="The Quads", slug="the-quads", kind="quads", school_years=cycle)
    client.force_login(ades_officer)

    response = client.post(NEW, _data(name="Quads again"))

    assert response.context["form"].errors == {"school_years": [f"Quads {cycle} is already started, as The Quads."]}
    assert Programme.objects.count() == 1


def test_a_quads_programme_over_more_than_one_school_year_is_refused(client, ades_officer):
    client.force_login(ades_officer)

    response = client.post(NEW, _data(school_years="2026-29"))

    assert response.context["form"].errors == {
        "school_years": ["A Quads cycle runs over one school year: write it as, for example, 2026–27."]
    }
    assert Programme.objects.count() == 0


def test_a_quads_programme_far_from_today_is_refused_but_a_ci_one_of_any_years_is_kept(ades_officer):
    with pytest.raises(ValidationError) as refused:
        programmes.create_programme(name="Quads 9999", kind="quads", school_years="9999–00", by=ades_officer)
    old = programmes.create_programme(name="CI 2016–19", kind="ci", school_years="2016–19", by=ades_officer)

    assert list(refused.value.message_dict) == ["school_years"]
    assert list(Programme.objects.values_list("name", flat=True)) == [old.name]


def test_an_existing_quads_programme_is_edited_without_tripping_over_itself(ades_officer):
    cycle = cycles.current_cycle()
    programme = programmes.create_programme(name="Quads", kind="quads", school_years=cycle, by=ades_officer)

    programmes.update_programme(
        programme=programme,
        name="Quads renamed",
        kind="quads",
        school_years=cycle,
        description="",
        follow_up_months=[],
        by=ades_officer,
    )

    assert Programme.objects.get().name == "Quads renamed"


def test_the_list_shows_each_programmes_kind_and_school_years(client, db):
    ProgrammeFactory(name="Quads 2026–27", kind="quads", school_years="2026–27")
    ProgrammeFactory(name="CI old", kind="ci", school_years="")

    page = " ".join(client.get(reverse("reviews:programme-list")).content.decode().split())

    assert "Quads cycle, 2026–27" in page
    assert "Collaborative Improvement, school years not recorded" in page


def test_a_quads_programme_page_offers_the_quads_page_not_visits_imports_or_surveys(client, ades_officer):
    quads_programme = ProgrammeFactory(name="Quads 2026–27", slug="quads-2026-27", kind="quads", school_years="2026–27")
    PhaseFactory(programme=quads_programme)
    ci = ProgrammeFactory(slug="ci", kind="ci")
    client.force_login(ades_officer)

    page = client.get(quads_programme.get_absolute_url()).content.decode()
    ci_page = client.get(ci.get_absolute_url()).content.decode()

    for generic in ("Schedule a visit", "Import visits", "Survey every team"):
        assert generic not in page
        assert generic in ci_page
    assert "Meetings of a Quads cycle are scheduled from each Quad's page." in page
    assert f'<a href="{reverse("quads:quad-list")}?cycle=2026-27">the Quads of 2026–27</a>' in page
    assert "the Quads of" not in ci_page


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [("31/07/2026", "30/09/2026", "starts_on"), ("01/06/2029", "01/08/2029", "ends_on")],
)
def test_a_phase_outside_its_programmes_school_years_is_refused_beside_the_field(
    client, ades_officer, starts_on, ends_on, field
):
    programme = ProgrammeFactory(slug="ci-new", school_years="2026–29")
    client.force_login(ades_officer)

    response = client.post(
        reverse("reviews:phase-create", args=[programme.slug]),
        {"name": "Phase 1", "starts_on": starts_on, "ends_on": ends_on, "submission_key": "x"},
    )

    assert response.context["form"].errors == {
        field: ["The programme runs over 2026–29: choose a day from 1 August 2026 to 31 July 2029."]
    }
    assert programme.phases.count() == 0


def test_a_phase_of_a_programme_without_school_years_keeps_any_days(ades_officer, db):
    programme = ProgrammeFactory(school_years="")

    phase = programmes.add_phase(
        programme=programme,
        name="Phase 1",
        starts_on=datetime.date(2016, 1, 1),
        ends_on=datetime.date(2030, 1, 1),
        by=ades_officer,
    )

    phase.refresh_from_db()
    assert (phase.starts_on, phase.ends_on) == (datetime.date(2016, 1, 1), datetime.date(2030, 1, 1))


def test_a_meetings_page_speaks_of_a_meeting_with_no_key_question_and_no_report(client, ades_officer, reference):
    meeting = VisitFactory(meeting_of="Quad North", hosts=["Angus"])
    visit = VisitFactory(phase=meeting.phase, hosts=["Angus"])
    client.force_login(ades_officer)

    page = client.get(meeting.get_absolute_url()).content.decode()
    visit_page = client.get(visit.get_absolute_url()).content.decode()

    for word in ("Edit the meeting", "Confirm the meeting", "Cancel the meeting"):
        assert word in page
    for word in ("Key question", "Edit the visit", "Confirm the visit", "Cancel the visit", "The visit's report"):
        assert word not in page
    for word in ("Key question", "Edit the visit", "Confirm the visit", "Cancel the visit", "The visit's report"):
        assert word in visit_page
    assert client.get(reverse("reports:report-draft", kwargs={"visit_pk": meeting.pk})).status_code == 404
