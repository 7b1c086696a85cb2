import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from reviews.choices import TeamRole, VisitStatus
from reviews.models import Visit
from reviews.services.importing import load_ci_programme
from tests.factories import MembershipFactory, PersonFactory, PhaseFactory, ThemeFactory, VisitFactory, organisation

CI = "/programmes/ci-2021-2024/"


@pytest.fixture
def ci(reference):
    load_ci_programme()


def test_public_timetable_lists_every_visit_by_phase(client, ci):
    response = client.get(CI)

    phases = response.context["phases"]
    assert [(phase.name, len(visits)) for phase, visits in phases] == [("Phase 1", 9), ("Phase 2", 14), ("Phase 3", 9)]
    first = phases[0][1][0]  # a visit's row, as the tables print it
    assert ([name for _url, name in first["hosts"]], first["when"], first["theme"].name) == (
        ["South Ayrshire"],
        "September 2021",
        "Primary Attainment Gap",
    )
    assert response.context["planner"] is False
    assert "coverage" not in response.context
    assert "Schedule a visit" not in response.content.decode()


def test_public_timetable_counts_themes_both_ways(client, ci):
    themes = {t.name: (t.visits, t.including_narrower) for t in client.get(CI).context["themes"]}

    assert themes["Senior Phase"] == (2, 6)
    assert themes["Senior Phase Curriculum"] == (4, 4)
    assert themes["Inclusion"] == (6, 8)  # with Inclusion/HWB and ASN
    assert themes["ASN"] == (1, 1)


def test_public_timetable_csv_is_appendix_1(client, ci):
    response = client.get(f"{CI}visits.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == 'attachment; filename="ci-2021-2024-visits.csv"'
    assert rows[0] == ["phase", "host_authorities", "number_in_source", "month", "starts_on", "ends_on", "theme"]
    assert rows[8] == [
        "1",
        "Na h-Eileanan Siar; Orkney Islands; Shetland Islands",
        "1",  # Appendix 1's "(1)"
        "2022-05",
        "",
        "",
        "Senior Phase",
    ]
    assert len(rows) == 33


def test_public_never_sees_proposed_or_cancelled_visits(client, ci):
    phase = PhaseFactory(programme__slug="ci-2021-2024", number=3)
    VisitFactory(phase=phase, hosts=["Fife"], status=VisitStatus.PROPOSED)
    VisitFactory(phase=phase, hosts=["Fife"], status=VisitStatus.CANCELLED, cancellation_reason="x")

    response = client.get(CI)

    assert len(response.context["visits"]) == 32
    assert client.get(f"{CI}visits.xlsx").status_code == 404


def test_filters_each_have_their_own_url(client, ci):
    def hosts(params):
        visits = client.get(CI, params).context["visits"]
        return [visit["host_names"] for visit in visits]

    assert hosts({"phase": "3", "theme": "inclusion"}) == [
        "Na h-Eileanan Siar, Orkney Islands, Shetland Islands (3)",
        "Stirling",
    ]
    assert hosts({"theme": "senior-phase"}) == [
        "Inverclyde",
        "Na h-Eileanan Siar, Orkney Islands, Shetland Islands (1)",
        "South Lanarkshire",
        "Midlothian",
        "Dundee City",
        "Moray",
    ]
    assert hosts({"authority": "shetland-islands"}) == [
        f"Na h-Eileanan Siar, Orkney Islands, Shetland Islands ({number})" for number in (1, 2, 3)
    ]
    assert hosts({"ric": "tayside-collaborative"}) == ["Perth and Kinross", "Dundee City", "Angus"]
    assert hosts({"people_family": "4", "phase": "1"}) == [
        "Inverclyde",
        "Na h-Eileanan Siar, Orkney Islands, Shetland Islands (1)",
        "Glasgow City",
    ]
    assert hosts({"starts_from": "01/08/2024", "starts_until": "30/09/2024"}) == ["West Lothian", "West Dunbartonshire"]


def test_planner_sees_status_coverage_and_exports(client, ci, ades_officer):
    phase = PhaseFactory(programme__slug="ci-2021-2024", number=3)
    visit = VisitFactory(phase=phase, hosts=["Fife"], starts_on=datetime.date(2026, 3, 3))
    MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(authority__name="Angus")))
    MembershipFactory(visit=visit, person=PersonFactory(organisation=organisation(authority__name="Fife")))
    client.force_login(ades_officer)

    response = client.get(CI, {"status": "proposed"})
    coverage = response.context["coverage"]

    assert [row["pk"] for row in response.context["visits"]] == [visit.pk]
    assert (len(coverage.hosted), coverage.not_hosted) == (32, [])
    assert [(row.authority.name, row.reviewing_visits, row.peers_sent) for row in coverage.reviewers] == [
        ("Angus", 1, 1),
        ("Glasgow City", 1, 0),
        ("South Ayrshire", 1, 0),
        ("South Lanarkshire", 1, 0),
    ]
    assert coverage.unrecorded_teams == 32
    rows = list(csv.reader(io.StringIO(client.get(f"{CI}visits.csv", {"status": "proposed"}).content.decode())))
    assert rows == [
        [
            "phase",
            "host_authorities",
            "number_in_source",
            "month",
            "starts_on",
            "ends_on",
            "theme",
            "status",
            "key_question",
            "focus_areas",
            "venue",
            "team_size",
        ],
        ["3", "Fife", "", "2026-03", "2026-03-03", "2026-03-05", "School Improvement", "Proposed", "", "", "", "2"],
    ]
    xlsx = client.get(f"{CI}visits.xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 34
    assert [cell.value for cell in sheet[34]][:4] == [3, "Fife", None, "2026-03"]  # not numbered by a source


def _fill(programme_phase, count):
    theme = ThemeFactory()
    hosts = list(Authority.objects.all())
    for index in range(count):
        visit = Visit.objects.create(
            programme=programme_phase.programme,
            phase=programme_phase,
            theme=theme,
            starts_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=index * 3),
            ends_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=index * 3 + 2),
            status=VisitStatus.CONFIRMED,
        )
        visit.hosts.set(hosts[index % 32 : index % 32 + 2])


@pytest.mark.parametrize("signed_in", [False, True])
def test_programme_page_query_count_is_the_same_with_1_and_300_visits(client, reference, ades_officer, signed_in):
    if signed_in:
        client.force_login(ades_officer)
    one, many = PhaseFactory(programme__slug="one"), PhaseFactory(programme__slug="many")
    _fill(one, 1)
    _fill(many, 300)

    with CaptureQueriesContext(connection) as with_one:
        client.get("/programmes/one/")
    with CaptureQueriesContext(connection) as with_many:
        response = client.get("/programmes/many/")

    assert len(response.context["visits"]) == 300
    assert len(with_one) == len(with_many)


def test_visit_form_shows_errors_beside_fields_and_saves_nothing(client, reference, ades_officer):
    phase = PhaseFactory()
    client.force_login(ades_officer)

    response = client.post(
        f"/programmes/{phase.programme.slug}/visits/new/",
        {
            "host_1": "",
            "host_2": str(Authority.objects.get(name="Fife").pk),
            "phase": phase.pk,
            "starts_on": "05/05/2026",
            "ends_on": "01/05/2026",
        },
    )

    assert response.context["form"].errors == {
        "host_1": ["Choose the host authority."],
        "theme": ["Choose the theme."],
        "ends_on": ["The last day must be the same as or after the first day."],
    }
    assert "<title>Error: Schedule a visit" in response.content.decode()
    assert Visit.objects.count() == 0


def test_visit_form_schedules_a_three_day_joint_visit(client, reference, ades_officer):
    phase = PhaseFactory()
    theme = ThemeFactory(name="Senior Phase")
    client.force_login(ades_officer)
    orkney, shetland = Authority.objects.get(name="Orkney Islands"), Authority.objects.get(name="Shetland Islands")

    response = client.post(
        f"/programmes/{phase.programme.slug}/visits/new/",
        {
            "host_1": orkney.pk,
            "host_2": shetland.pk,
            "phase": phase.pk,
            "theme": theme.pk,
            "starts_on": "05/05/2026",
            "focus_areas": "partnerships\n\ndata use\n",
            "key_question": "How well do we prepare young people?",
        },
    )

    visit = Visit.objects.get()
    assert response["Location"] == f"/visits/{visit.pk}/"
    assert (visit.starts_on, visit.ends_on, visit.focus_areas) == (
        datetime.date(2026, 5, 5),
        datetime.date(2026, 5, 7),
        ["partnerships", "data use"],
    )
    assert sorted(visit.hosts.values_list("name", flat=True)) == ["Orkney Islands", "Shetland Islands"]


def test_visit_page_shows_warnings_team_and_history_to_ades(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date(2026, 3, 7))
    MembershipFactory(
        visit=visit,
        role=TeamRole.HOST_OFFICER,
        person=PersonFactory(full_name="Rhona Byers", organisation=organisation(authority__name="Angus")),
    )
    client.force_login(ades_officer)

    response = client.get(visit.get_absolute_url())

    assert [w.code for w in response.context["warnings"]] == [
        "team_size",
        "no_ades",
        "no_education_scotland",
        "no_external",
        "weekend",
    ]
    assert [m.person.full_name for m in response.context["visit"].team.all()] == ["Rhona Byers"]
    assert [e.what for e in response.context["history"]] == ["Rhona Byers added to the team", "Visit created"]


def test_team_search_finds_people_not_yet_on_the_team(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    on_team = PersonFactory(full_name="Morag Findlay")
    MembershipFactory(visit=visit, person=on_team)
    PersonFactory(full_name="Morag Stewart", organisation=organisation(authority__name="Fife"))
    PersonFactory(full_name="Iain Fife-Smith")
    client.force_login(ades_officer)

    by_name = client.get(f"/visits/{visit.pk}/team/add/", {"q": "morag"}).context["people"]
    by_organisation = client.get(f"/visits/{visit.pk}/team/add/", {"q": "Fife Council"}).context["people"]

    assert [p.full_name for p in by_name] == ["Morag Stewart"]
    assert [p.full_name for p in by_organisation] == ["Morag Stewart"]


def test_adding_a_member_twice_says_so(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    person = PersonFactory(full_name="Morag Stewart")
    client.force_login(ades_officer)
    url = f"/visits/{visit.pk}/team/add/"

    first = client.post(url, {"person": person.pk, "role": TeamRole.PEER_REVIEWER}, follow=True)
    again = client.post(url, {"person": person.pk, "role": TeamRole.PEER_REVIEWER}, follow=True)

    assert visit.team.count() == 1
    assert [str(m) for m in first.context["messages"]] == [
        "Morag Stewart is on the team, and an email is on its way to tell them."
    ]
    assert [str(m) for m in again.context["messages"]] == ["Morag Stewart is on this team already."]


def test_new_person_form_refuses_an_email_already_in_use(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    existing = PersonFactory(email="known@example.scot")
    client.force_login(ades_officer)

    response = client.post(
        f"/visits/{visit.pk}/team/new-person/",
        {
            "full_name": "Someone",
            "email": "KNOWN@example.scot",
            "organisation": existing.organisation_id,
            "role": TeamRole.PEER_REVIEWER,
        },
    )

    assert response.context["form"].errors == {
        "email": ["Someone has this email address already: find them by name instead."]
    }
    assert visit.team.count() == 0


def test_cancel_form_requires_a_reason(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"])
    client.force_login(ades_officer)

    response = client.post(f"/visits/{visit.pk}/cancel/", {"reason": ""})

    assert response.context["form"].errors == {"reason": ["Give the reason the visit is cancelled."]}
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PROPOSED


def test_my_visits_lists_upcoming_and_past(client, reference, team_member):
    soon = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=10))
    gone = VisitFactory(hosts=["Fife"], starts_on=datetime.date.today() - datetime.timedelta(days=30))
    VisitFactory(hosts=["Moray"])  # not theirs
    for visit in (soon, gone):
        MembershipFactory(visit=visit, person=team_member)
    client.force_login(team_member)

    response = client.get(reverse("reviews:my-visits"))

    assert ([v.pk for v in response.context["upcoming"]], [v.pk for v in response.context["past"]]) == (
        [soon.pk],
        [gone.pk],
    )
    assert response.context["feed"].person == team_member


def test_authority_page_lists_its_visits(client, ci):
    response = client.get("/authorities/west-lothian/")

    templates = [template for template, _ in response.context["sections"]]
    section = dict(response.context["sections"])["reviews/_authority_visits.html"]
    assert templates == ["reviews/_authority_visits.html", "reports/_authority_figures.html"]
    assert [(v.when, v.theme.name) for v in section["visits"]] == [("August 2024", "Positive Destinations")]
    assert "Positive Destinations" in response.content.decode()


def test_scheduling_twice_with_the_same_form_creates_one_visit(client, reference, ades_officer):
    phase = PhaseFactory()
    client.force_login(ades_officer)
    data = {
        "host_1": Authority.objects.get(name="Angus").pk,
        "phase": phase.pk,
        "theme": ThemeFactory().pk,
        "starts_on": "05/05/2026",
        "submission_key": "one-form",
    }

    first = client.post(f"/programmes/{phase.programme.slug}/visits/new/", data)
    second = client.post(f"/programmes/{phase.programme.slug}/visits/new/", data)

    visit = Visit.objects.get()
    assert first["Location"] == second["Location"] == f"/visits/{visit.pk}/"


def test_a_form_with_errors_can_be_sent_again_with_the_same_key(client, reference, ades_officer):
    phase = PhaseFactory()
    client.force_login(ades_officer)
    url = f"/programmes/{phase.programme.slug}/visits/new/"
    data = {"phase": phase.pk, "theme": ThemeFactory().pk, "starts_on": "05/05/2026", "submission_key": "k"}

    refused = client.post(url, data)
    accepted = client.post(url, {**data, "host_1": Authority.objects.get(name="Angus").pk})

    assert refused.status_code == 200
    assert accepted["Location"] == f"/visits/{Visit.objects.get().pk}/"


def test_removing_a_member_asks_first_then_removes(client, reference, ades_officer):
    membership = MembershipFactory(visit=VisitFactory(hosts=["Angus"]), person=PersonFactory(full_name="Iain Ross"))
    client.force_login(ades_officer)
    url = f"/visits/{membership.visit_id}/team/{membership.pk}/remove/"

    question = client.get(url)
    done = client.post(url, follow=True)

    assert "Remove Iain Ross from the team?" in question.content.decode()
    assert [str(m) for m in done.context["messages"]] == ["Iain Ross is no longer on the team."]
    assert membership.visit.team.count() == 0


def test_removing_pre_reading_deletes_the_file(client, reference, ades_officer, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.services import documents

    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(hosts=["Angus"])
    document = documents.attach_document(
        visit=visit, title="Data pack", upload=SimpleUploadedFile("pack.pdf", b"%PDF-1.7"), by=ades_officer
    )
    stored = tmp_path / document.file.name
    client.force_login(ades_officer)

    client.post(f"/visits/{visit.pk}/documents/{document.pk}/remove/")

    assert (visit.documents.count(), stored.exists()) == (0, False)


def test_editing_a_visit_known_by_month_keeps_the_month(client, ci, ades_officer):
    visit = Visit.objects.get(hosts__name="West Lothian")
    client.force_login(ades_officer)
    url = f"/visits/{visit.pk}/edit/"
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data = {
        **data,
        "host_1": visit.hosts.get().pk,
        "phase": visit.phase_id,
        "theme": visit.theme_id,
        "key_question": "To what extent do our partnership pathways ensure a positive destination?",
    }
    for name in ("host_2", "host_3", "host_4"):
        data.pop(name, None)

    client.post(url, data)

    visit.refresh_from_db()
    assert (visit.when, visit.ends_on, visit.key_question) == (
        "August 2024",
        None,
        "To what extent do our partnership pathways ensure a positive destination?",
    )
    assert form.fields["starts_on"].help_text == (
        "Known only as August 2024. Leave empty to keep that, or enter the exact dates."
    )


def test_giving_exact_dates_to_a_visit_known_by_month(client, ci, ades_officer):
    visit = Visit.objects.get(hosts__name="West Lothian")
    client.force_login(ades_officer)

    client.post(
        f"/visits/{visit.pk}/edit/",
        {
            "host_1": visit.hosts.get().pk,
            "phase": visit.phase_id,
            "theme": visit.theme_id,
            "starts_on": "27/08/2024",
            "ends_on": "29/08/2024",
        },
    )

    visit.refresh_from_db()
    assert (visit.when, visit.date_precision) == ("27 August to 29 August 2024", "day")
