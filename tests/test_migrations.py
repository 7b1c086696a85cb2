"""Migrations that change how answers and case studies are stored keep every row that should stay, on PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("surveys", "0004_self_evaluation_status_from_submission"),
    ("reports", "0004_actions_and_follow_ups"),
    ("reviews", "0003_visit_quad"),
]
AFTER = [
    ("surveys", "0006_questionnaire_source"),
    ("reports", "0005_case_studies"),
    ("reviews", "0004_recorded_history"),
]
LEGACY = "Loaded from the programme's final report (Appendix 2)."


@pytest.fixture(autouse=True)
def back_to_the_latest():
    """Each test moves the schema back in time; leave it as the rest of the suite expects."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets, *, state_at=None):
    """Migrate to the targets; the models as they were at `state_at` (by default the targets)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(state_at or targets).apps


@pytest.mark.django_db(transaction=True)
def test_answers_completions_and_case_studies_survive_the_move(reference):
    old = migrate(BEFORE)
    Person = old.get_model("authorities", "Person")
    Organisation = old.get_model("authorities", "Organisation")
    Authority = old.get_model("authorities", "Authority")
    Programme, Phase, Theme, Visit, Finding = (
        old.get_model("reviews", name) for name in ("Programme", "Phase", "Theme", "Visit", "Finding")
    )
    Questionnaire, Question, SurveyRound, Invitation, Completion, Response, Answer = (
        old.get_model("surveys", name)
        for name in ("Questionnaire", "Question", "SurveyRound", "Invitation", "Completion", "Response", "Answer")
    )
    Report, ReportEvent = old.get_model("reports", "Report"), old.get_model("reports", "ReportEvent")
    organisation = Organisation.objects.get(name="Fife Council")
    people = [
        Person.objects.create(
            email=f"p{n}@example.scot", full_name=f"P{n}", organisation=organisation, role="ades_officer"
        )
        for n in range(3)
    ]
    programme = Programme.objects.create(name="CI", slug="ci-2021-2024", kind="ci")
    phase = Phase.objects.create(programme=programme, number=1, name="Phase 1")
    theme = Theme.objects.create(name="Inclusion", slug="inclusion")
    visits = [
        Visit.objects.create(
            programme=programme,
            phase=phase,
            theme=theme,
            starts_on=f"2021-{m:02d}-01",
            date_precision="month",
            status="completed",
            key_question=question,
        )
        for m, question in ((9, "Reworded key question"), (10, ""))
    ]
    visits[0].hosts.add(Authority.objects.get(name="West Lothian"))
    legacy = Report.objects.create(visit=visits[0], status="published")
    ReportEvent.objects.create(report=legacy, action="published", by=None, comment=LEGACY)
    Finding.objects.create(visit=visits[0], kind="next_step", position=1, text="Thanks listed as a next step")
    kept = Report.objects.create(visit=visits[1], status="draft")
    questionnaire = Questionnaire.objects.create(name="Survey", slug="survey")
    question = Question.objects.create(
        questionnaire=questionnaire, position=1, code="enjoyed", kind="likert4", text="?"
    )
    survey_round = SurveyRound.objects.create(
        questionnaire=questionnaire,
        visit=visits[1],
        cohort="final",
        opens_on="2021-10-01",
        closes_on="2021-10-02",
        created_by=people[0],
    )
    for person, value in zip(people, (4, 3, 1), strict=True):
        invitation = Invitation.objects.create(survey_round=survey_round, person=person, token=person.email)
        Completion.objects.create(invitation=invitation)
        response = Response.objects.create(survey_round=survey_round, respondent_kind="local_authority")
        Answer.objects.create(response=response, question=question, value=value)

    new = migrate(AFTER)

    NewAnswer, NewCompletion = new.get_model("surveys", "Answer"), new.get_model("surveys", "Completion")
    NewReport, NewVisit = new.get_model("reports", "Report"), new.get_model("reviews", "Visit")
    assert sorted(NewAnswer.objects.values_list("value", flat=True)) == [1, 3, 4]
    assert {type(pk).__name__ for pk in NewAnswer.objects.values_list("pk", flat=True)} == {"UUID"}
    assert sorted(NewCompletion.objects.values_list("invitation__person__email", flat=True)) == [
        person.email for person in people
    ]
    assert [field.name for field in NewCompletion._meta.concrete_fields] == ["invitation"]
    assert list(NewReport.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(NewVisit.objects.order_by("starts_on").values_list("key_question", "source")) == [
        ("", "The Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 1"),
        ("", "The Collaborative Improvement programme final report (ADES and Education Scotland, 2025), Appendix 1"),
    ]
    assert new.get_model("reviews", "Finding").objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_self_evaluations_move_to_quads_with_every_row(reference):
    old = migrate([("quads", None)], state_at=[("surveys", "0006_questionnaire_source")])
    Person = old.get_model("authorities", "Person")
    Organisation = old.get_model("authorities", "Organisation")
    Authority = old.get_model("authorities", "Authority")
    Questionnaire, Question = old.get_model("surveys", "Questionnaire"), old.get_model("surveys", "Question")
    SelfEvaluation, Grade, Event = (
        old.get_model("surveys", name) for name in ("SelfEvaluation", "Grade", "SelfEvaluationEvent")
    )
    officer = Person.objects.create(
        email="o@example.scot", full_name="O", organisation=Organisation.objects.get(name="Orkney Islands Council")
    )
    framework = Questionnaire.objects.create(name="F", slug="f", purpose="framework")
    indicators = [
        Question.objects.create(questionnaire=framework, position=n, code=f"QI{n}", kind="scale6", text=f"QI {n}")
        for n in (1, 2)
    ]
    evaluation = SelfEvaluation.objects.create(
        authority=Authority.objects.get(name="Orkney Islands"), cycle="2025–26", framework=framework
    )
    for indicator, level in zip(indicators, (5, 3), strict=True):
        Grade.objects.create(self_evaluation=evaluation, indicator=indicator, level=level, evidence="E")
    Event.objects.create(self_evaluation=evaluation, step="saved", by=officer)

    new = migrate([("surveys", "0007_move_self_evaluation"), ("quads", "0002_own_tables")])

    moved = new.get_model("quads", "SelfEvaluation").objects.get()
    assert (moved.pk, moved.authority.name, moved.cycle) == (evaluation.pk, "Orkney Islands", "2025–26")
    assert sorted(moved.grades.values_list("indicator__code", "level")) == [("QI1", 5), ("QI2", 3)]
    assert list(moved.events.values_list("step", "by__email")) == [("saved", "o@example.scot")]
    assert new.get_model("quads", "Grade")._meta.db_table == "quads_grade"


@pytest.mark.django_db(transaction=True)
def test_quads_and_their_meetings_move_to_quads_with_every_row(reference):
    before = [
        ("authorities", "0003_quad_names_ignore_case"),
        ("reviews", "0004_recorded_history"),
        ("quads", "0002_own_tables"),
    ]
    old = migrate(before)
    Authority, Quad = old.get_model("authorities", "Authority"), old.get_model("authorities", "Quad")
    Programme, Phase, Theme, Visit = (
        old.get_model("reviews", name) for name in ("Programme", "Phase", "Theme", "Visit")
    )
    north = Quad.objects.create(name="North", cycle="2025–26", challenges="Attendance", support="Tracking")
    north.members.set(Authority.objects.filter(name__in=["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Moray"]))
    programme = Programme.objects.create(name="Quads", slug="quads", kind="quads")
    phase = Phase.objects.create(programme=programme, number=1, name="Cycle")
    theme = Theme.objects.create(name="Quad meeting", slug="quad-meeting")
    meeting = Visit.objects.create(
        programme=programme, phase=phase, theme=theme, starts_on="2025-12-02", ends_on="2025-12-02", quad=north
    )
    visit = Visit.objects.create(
        programme=programme, phase=phase, theme=theme, starts_on="2025-12-09", ends_on="2025-12-09"
    )

    new = migrate([("quads", "0004_quad_table"), ("reviews", "0006_meetings_held_by_quads")])

    moved = new.get_model("quads", "Quad").objects.get()
    assert (moved.pk, moved.name, moved.challenges, moved.support) == (north.pk, "North", "Attendance", "Tracking")
    assert sorted(moved.members.values_list("name", flat=True)) == [
        "Aberdeen City",
        "Aberdeenshire",
        "Moray",
        "Orkney Islands",
    ]
    assert list(moved.meeting_links.values_list("visit_id", flat=True)) == [meeting.pk]
    NewVisit = new.get_model("reviews", "Visit")
    assert dict(NewVisit.objects.values_list("pk", "meeting_of")) == {meeting.pk: "Quad North", visit.pk: ""}
    assert new.get_model("quads", "Quad")._meta.db_table == "quads_quad"


@pytest.mark.django_db(transaction=True)
def test_findings_move_to_reports_with_every_row_and_their_actions():
    old = migrate([("reports", "0012_national_figure_history"), ("reviews", "0014_visit_emails")])
    Programme, Phase, Theme, Visit, Finding = (
        old.get_model("reviews", name) for name in ("Programme", "Phase", "Theme", "Visit", "Finding")
    )
    programme = Programme.objects.create(name="CI", slug="ci", kind="ci")
    phase = Phase.objects.create(programme=programme, number=1, name="Phase 1")
    theme = Theme.objects.create(name="Inclusion", slug="inclusion")
    visit = Visit.objects.create(
        programme=programme, phase=phase, theme=theme, starts_on="2025-12-09", ends_on="2025-12-10"
    )
    strength = Finding.objects.create(visit=visit, kind="strength", position=1, text="Strong partnerships")
    step = Finding.objects.create(visit=visit, kind="next_step", position=1, text="Track leavers")
    action = old.get_model("reports", "Action").objects.create(finding=step, due_on="2026-06-30")

    new = migrate([("reports", "0014_finding_table"), ("reviews", "0015_finding_to_reports")])

    Moved = new.get_model("reports", "Finding")
    assert Moved._meta.db_table == "reports_finding"
    assert list(Moved.objects.order_by("pk").values_list("pk", "visit_id", "kind", "position", "text")) == [
        (strength.pk, visit.pk, "strength", 1, "Strong partnerships"),
        (step.pk, visit.pk, "next_step", 1, "Track leavers"),
    ]
    assert Moved.objects.get(pk=strength.pk).created_at == strength.created_at
    assert new.get_model("reports", "Action").objects.get(pk=action.pk).finding.text == "Track leavers"
    later = Moved.objects.create(visit_id=visit.pk, kind="next_step", position=2, text="Share data")
    assert later.pk > step.pk  # the keys go on from the rows kept
    assert "finding" not in {model._meta.model_name for model in new.get_app_config("reviews").get_models()}


def _finding_before_the_move():
    """A finding, and an audit entry about it, on reviews' content type, before the move."""
    targets = [("reports", "0012_national_figure_history"), ("reviews", "0014_visit_emails")]
    old = migrate(targets, state_at=[*targets, ("core", "0008_audit_entry_via")])  # with the audit trail's models
    ContentType = old.get_model("contenttypes", "ContentType")
    reviews_type, _ = ContentType.objects.get_or_create(app_label="reviews", model="finding")
    Permission = old.get_model("auth", "Permission")
    Permission.objects.get_or_create(content_type=reviews_type, codename="view_finding", defaults={"name": "Can view"})
    entry = old.get_model("core", "AuditEntry").objects.create(kind="report.saved", summary="Saved the draft")
    subject = old.get_model("core", "AuditSubject").objects.create(
        entry=entry, content_type=reviews_type, object_id="7"
    )
    return reviews_type, subject


def _finding_types(apps) -> list[tuple[str, str]]:
    ContentType = apps.get_model("contenttypes", "ContentType")
    return sorted(ContentType.objects.filter(model="finding").values_list("app_label", "model"))


@pytest.mark.django_db(transaction=True)
def test_the_audit_trail_about_findings_moves_to_reports_content_type():
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.filter(app_label="reports", model="finding").delete()  # a database from before the move
    reviews_type, subject = _finding_before_the_move()

    new = migrate([("reports", "0015_finding_content_type")])

    assert _finding_types(new) == [("reports", "finding")]
    moved = new.get_model("core", "AuditSubject").objects.get(pk=subject.pk)
    assert (moved.content_type_id, moved.content_type.app_label) == (reviews_type.pk, "reports")
    permissions = new.get_model("auth", "Permission").objects.filter(content_type_id=reviews_type.pk)
    assert list(permissions.values_list("codename", flat=True)) == ["view_finding"]


@pytest.mark.django_db(transaction=True)
def test_the_audit_trail_about_findings_joins_reports_content_type_where_both_exist():
    from django.contrib.contenttypes.models import ContentType

    reports_type = ContentType.objects.get(app_label="reports", model="finding")  # made by an earlier migrate run
    _, subject = _finding_before_the_move()

    new = migrate([("reports", "0015_finding_content_type")])

    assert _finding_types(new) == [("reports", "finding")]
    assert new.get_model("core", "AuditSubject").objects.get(pk=subject.pk).content_type_id == reports_type.pk


@pytest.mark.django_db(transaction=True)
def test_answers_become_counters_and_every_figure_stays_the_same(client, ades_officer):
    import json
    from pathlib import Path

    from surveys.models import SealedResponse, SurveyRound, TextAnswer
    from tests.surveys.legacy_rounds import figures, seed

    before = ("surveys", "0010_question_rubric")
    others = [leaf for leaf in MigrationExecutor(connection).loader.graph.leaf_nodes() if leaf[0] != "surveys"]
    old = migrate([before], state_at=[before, *others])  # every other app as it is now
    rounds = seed(old.get_model, by_email=ades_officer.email)
    expected = json.loads((Path(__file__).parent / "surveys" / "data" / "figures_before_counters.json").read_text())

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # to the latest
    client.force_login(ades_officer)
    seen = {}
    for name, pk in rounds.items():
        page = client.get(f"/surveys/rounds/{pk}/results/")
        seen[name] = figures(_as_before(page.context))
        if not page.context["figures"].why_not:
            seen[name]["csv"] = client.get(f"/surveys/rounds/{pk}/results.csv").content.decode()

    assert seen == expected
    released = SurveyRound.objects.filter(released_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    assert list(released) == [rounds["final"], rounds["interim"]]
    # Comments of rounds not released are kept, unread: the pages show none until their round is released.
    assert TextAnswer.objects.filter(survey_round=rounds["open"]).count() == 2
    assert SealedResponse.objects.count() == 0


def _as_before(context) -> dict:
    """The results page's context, in the shape it had before the one door (figures were separate keys)."""
    figures = context["figures"]
    before = {"why_not": figures.why_not, "responses": context["responses"], "invited": context["invited"]}
    if not figures.why_not:
        before |= {
            "statements": figures.statements,
            "choices": figures.choices,
            "by_kind": figures.by_kind,
            "by_cohort": figures.by_cohort,
            "comments": figures.comments,
        }
    return before
