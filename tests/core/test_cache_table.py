"""A database set up by the documented steps (migrate, load_reference) has the cache table guarded forms need."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from surveys.models import SurveyRound
from surveys.services.questionnaires import load_ci_questionnaire
from tests.factories import MembershipFactory, VisitFactory


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_cache_table_and_a_guarded_form_then_counts_once(client, ades_officer):
    migrate([("core", None)])
    without = "ci_portal_cache" in connection.introspection.table_names()
    migrate([])  # every migration, to the last (those that depend on core's were undone with it)
    visit = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2026, 3, 3))  # over: its team is surveyed
    MembershipFactory(visit=visit)
    client.force_login(ades_officer)
    today = datetime.date.today()
    data = {
        "questionnaire": load_ci_questionnaire().pk,
        "cohort": "final",
        "opens_on": today.strftime("%d/%m/%Y"),
        "closes_on": (today + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
        "submission_key": "one-click",
        "send": "yes",
    }

    first = client.post(f"/surveys/rounds/new/?visit={visit.pk}", data)
    second = client.post(f"/surveys/rounds/new/?visit={visit.pk}", data)

    assert (without, "ci_portal_cache" in connection.introspection.table_names()) == (False, True)
    assert (first.status_code, second.status_code) == (302, 302)
    assert SurveyRound.objects.count() == 1
