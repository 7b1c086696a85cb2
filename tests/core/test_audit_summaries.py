"""What the audit log's sentences say: a change in data maintenance names the fields changed (and the old and new
value of those that grant access, never any other value); a rescheduling gives the old and new dates; a team place
change gives what changed; choice labels appear as written."""

import datetime

import pytest

from authorities.choices import Role
from authorities.models import Authority
from core.models import AuditEntry
from reviews.audit_trail import span
from reviews.choices import TeamRole
from reviews.services import teams, visits
from tests.factories import PersonFactory, VisitFactory, organisation

pytestmark = pytest.mark.django_db

WHEN = "the visit to Angus, 5 March to 7 March 2030"


def summaries(kind: str = "") -> list[str]:
    entries = AuditEntry.objects.order_by("at", "pk")
    return list((entries.filter(kind__startswith=kind) if kind else entries).values_list("summary", flat=True))


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"])


@pytest.fixture
def staff(client, reference):
    staff = PersonFactory(is_superuser=True, role=Role.ADES_OFFICER)
    client.force_login(staff)
    return staff


def _person_form(person, **changes) -> dict:
    form = {
        "full_name": person.full_name,
        "email": person.email,
        "organisation": person.organisation_id,
        "role": person.role,
        "is_active": "on" if person.is_active else "",
    }
    return {key: value for key, value in {**form, **changes}.items() if value != ""}


def test_a_role_given_in_data_maintenance_says_from_what_to_what(client, staff):
    person = PersonFactory(full_name="Jamie Campbell", role=Role.TEAM_MEMBER)
    where = person.organisation

    response = client.post(
        f"/admin/authorities/person/{person.pk}/change/", _person_form(person, role=Role.ADES_OFFICER)
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.ADES_OFFICER
    assert summaries() == [
        f"Changed the person “Jamie Campbell ({where})” in data maintenance: "
        "role from Team member to ADES programme officer"
    ]


def test_other_fields_are_named_without_their_values_and_access_fields_with_theirs(client, staff):
    person = PersonFactory(full_name="Jamie Campbell", email="jamie@example.scot")
    ades = organisation(kind="ades")
    old = person.organisation

    client.post(
        f"/admin/authorities/person/{person.pk}/change/",
        _person_form(person, full_name="Jamie Campbell-Ross", email="jcr@example.scot", organisation=ades.pk)
        | {"is_active": ""},
    )
    person.refresh_from_db()
    client.post(f"/admin/authorities/person/{person.pk}/change/", _person_form(person))  # saved, unchanged

    assert summaries() == [
        f"Changed the person “Jamie Campbell-Ross ({ades})” in data maintenance: organisation from {old} to {ades}; "
        "is active from yes to no; also full name, email address",
        f"Changed the person “Jamie Campbell-Ross ({ades})” in data maintenance: nothing changed",
    ]
    logged = " ".join(summaries())
    assert "jcr@example.scot" not in logged
    assert "pbkdf2" not in logged


def test_an_addition_in_data_maintenance_gives_no_free_text(client, staff):
    fife = Authority.objects.get(name="Fife")

    response = client.post(
        "/admin/authorities/authorityalias/add/", {"authority": fife.pk, "kind": "name", "value": "Kingdom"}
    )

    assert response.status_code == 302
    assert summaries() == ["Added the authority alias “Kingdom (other name of Fife)” in data maintenance"]


def test_a_rescheduling_gives_the_old_and_the_new_dates(visit, ades_officer):
    hosts = list(visit.hosts.all())

    visits.update_visit(
        visit=visit,
        hosts=hosts,
        by=ades_officer,
        starts_on=datetime.date(2030, 3, 30),
        ends_on=datetime.date(2030, 4, 2),
    )

    assert summaries() == ["Rescheduled the visit to Angus from 5–7 March 2030 to 30 March – 2 April 2030"]


@pytest.mark.parametrize(
    ("dates", "exact", "said"),
    [
        ((datetime.date(2027, 3, 5), datetime.date(2027, 3, 5)), True, "5 March 2027"),
        ((datetime.date(2027, 3, 5), datetime.date(2027, 3, 7)), True, "5–7 March 2027"),
        ((datetime.date(2027, 3, 30), datetime.date(2027, 4, 2)), True, "30 March – 2 April 2027"),
        ((datetime.date(2027, 12, 30), datetime.date(2028, 1, 2)), True, "30 December 2027 – 2 January 2028"),
        ((datetime.date(2027, 3, 1), datetime.date(2027, 3, 31)), False, "March 2027"),
    ],
)
def test_a_visits_dates_are_said_short(dates, exact, said):
    assert span(*dates, exact) == said


def test_team_place_summaries_give_the_role_as_written_and_what_changed(visit, ades_officer):
    person = PersonFactory(full_name="Jo Hill")

    place = teams.add_team_member(visit=visit, person=person, role=TeamRole.HMI, is_lead=True, by=ades_officer)
    teams.update_team_membership(
        membership=place,
        role=TeamRole.EDUCATION_SCOTLAND_OFFICER,
        is_lead=False,
        attendance_confirmed=True,
        by=ades_officer,
    )
    teams.update_team_membership(
        membership=place,
        role=TeamRole.EDUCATION_SCOTLAND_OFFICER,
        is_lead=False,
        attendance_confirmed=True,
        by=ades_officer,
    )

    assert summaries("team.place") == [
        f"Added Jo Hill as “HM Inspector” and team lead to the team of {WHEN}",
        f"Changed the team place of Jo Hill on {WHEN}: role from “HM Inspector” to “Education Scotland officer”; "
        "no longer team lead; attendance confirmed",
        f"Changed the team place of Jo Hill on {WHEN}: nothing changed",
    ]
