"""The lists an ADES officer keeps in the portal's own pages read the same number of queries with three rows as with
nine: no list page's count grows with its rows."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authorities.models import Authority, Collaborative, RegionalRole
from authorities.services import records
from core.mail import queue_email
from reports.models import NationalMeasure
from reports.services import national_records
from reviews.choices import ProgrammeKind
from reviews.services import programmes, teams, visits
from tests.factories import PersonFactory, VisitFactory, organisation

pytestmark = pytest.mark.django_db


def _themes(n, by, _):
    broad = programmes.create_theme(name=f"Broad {n}", by=by)
    for k in range(2):
        programmes.create_theme(name=f"Narrow {n}.{k}", broader=broad, by=by)
    return "/taxonomy/"


def _phases(n, by, world):
    if "programme" not in world:
        world["programme"] = programmes.create_programme(name="CI", kind=ProgrammeKind.COLLABORATIVE_IMPROVEMENT, by=by)
    programme = world["programme"]
    start = datetime.date(2030, 1, 1) + datetime.timedelta(days=30 * n)
    programmes.add_phase(programme=programme, name=f"Phase {n}", starts_on=start, ends_on=start, by=by)
    return f"/programmes/{programme.slug}/phases/"


def _specialisms(n, by, _):
    specialism = records.save_specialism(name=f"Specialism {n}", keywords=f"word{n}", by=by)
    holder = PersonFactory()
    records.set_specialisms(person=holder, specialisms=[specialism], by=by)
    return "/authorities/specialisms/"


def _regional_roles(n, by, _):
    hmi = PersonFactory(organisation=organisation(kind="hmie"))
    sra = PersonFactory(organisation=organisation(kind="education_scotland"))
    authority = Authority.objects.order_by("name")[n]
    records.set_regional_role(kind=RegionalRole.Kind.LINK_HMI, person=hmi, authority=authority, by=by)
    collaborative = Collaborative.objects.order_by("name")[n % Collaborative.objects.count()]
    records.set_regional_role(kind=RegionalRole.Kind.SRA, person=sra, collaborative=collaborative, by=by)
    return "/authorities/regional-roles/"


def _measures(n, by, _):
    measure = national_records.save_measure(kind=NationalMeasure.Kind.ATTENDANCE, name=f"Attendance {n} (%)", by=by)
    national_records.save_figure(
        measure=measure,
        authority=Authority.objects.order_by("name")[n],
        family_group=None,
        year="2023-24",
        value=Decimal("90.5"),
        source="Scottish Government, attendance tables",
        by=by,
    )
    return "/national-measures/"


def _figures(n, by, world):
    if "measure" not in world:
        world["measure"] = national_records.save_measure(
            kind=NationalMeasure.Kind.ATTENDANCE, name="Attendance (%)", by=by
        )
    measure = world["measure"]
    national_records.save_figure(
        measure=measure,
        authority=Authority.objects.order_by("name")[n],
        family_group=None,
        year="2023-24",
        value=Decimal("90.5"),
        source="Scottish Government, attendance tables",
        by=by,
    )
    return f"/national-measures/{measure.pk}/"


def _messages(n, by, world):
    person = world.get("person") or world.setdefault("person", PersonFactory())
    queue_email(to=person.email, subject=f"Message {n}", body="Hello", kind="place_request", person=person)
    return "/outbox/sent/"


def _person(n, by, world):
    person = world.get("person") or world.setdefault("person", PersonFactory())
    queue_email(to=person.email, subject=f"Message {n}", body="Hello", kind="place_request", person=person)
    return f"/people/{person.pk}/"


def _audit_log(n, by, world):
    visit = world.get("visit") or world.setdefault("visit", VisitFactory(hosts=["Angus"]))
    teams.add_team_member(visit=visit, person=PersonFactory(), role="peer_reviewer", by=PersonFactory())
    return f"/audit/?visit={visit.pk}"


def _erase_page(n, by, world):
    """A visit whose notes name the person's first name alone, so in its history too: one more place to list."""
    person = world.get("person") or world.setdefault("person", PersonFactory(full_name="Siobhan Nairn"))
    ContentType.objects.get_for_model(person)  # cached by the first request of a process, whatever its rows
    visit = VisitFactory(hosts=["Angus"])
    visits.update_visit(visit=visit, hosts=list(visit.hosts.all()), by=by, notes=f"Siobhan will bring pack {n}.")
    return f"/people/{person.pk}/erase/"


@pytest.mark.parametrize(
    "add",
    [_themes, _phases, _specialisms, _regional_roles, _measures, _figures, _messages, _person, _audit_log, _erase_page],
    ids=lambda f: f.__name__[1:],
)
def test_an_officers_list_reads_as_many_queries_with_nine_rows_as_with_three(client, ades_officer, add):
    client.force_login(ades_officer)
    ContentType.objects.get_for_models(*django_apps.get_models())  # a process's cache, warm or not by test order
    world = {}
    counts = []
    for rows in (range(0, 3), range(3, 9)):
        for n in rows:
            url = add(n, ades_officer, world)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
