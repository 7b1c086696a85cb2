"""The audit log reaches the services that changed something on someone's behalf without saying who: each records
exactly who, what and on what (found under its visit); a refused or empty change records nothing; a sign-off
answer's comment never reaches the log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.models import Authority
from core import audit
from core.models import AuditEntry
from quads.services import meetings, quads, self_evaluation
from reports.choices import FindingKind, ReportStatus
from reports.models import AuthorityReport, Finding, FollowUp, Report, SignOff
from reports.services import actions, authority_reports, follow_ups, national, sign_off
from reviews.services import day_plans, places
from surveys.services import rounds
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, survey_round_for

pytestmark = pytest.mark.django_db

WHEN = "the visit to Angus, 5 March to 7 March 2030"
NORTH = ["Aberdeen City", "Aberdeenshire", "Highland", "Moray"]


def log() -> list[tuple]:
    return [(e.by, e.kind, e.summary) for e in AuditEntry.objects.select_related("by").order_by("at", "pk")]


def under(visit) -> list[str]:
    return list(
        audit.about_filters(AuditEntry.objects.all(), visit=visit.pk).order_by("pk").values_list("kind", flat=True)
    )


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"])


def _north():
    return list(Authority.objects.filter(name__in=NORTH))


def test_a_quad_made_changed_and_refused(reference, ades_officer):
    north = quads.save_quad(name=" North ", cycle="2025–26", members=_north(), by=ades_officer)
    quads.save_quad(quad=north, name="North East", cycle="2025–26", members=_north(), by=ades_officer)
    before = log()
    with pytest.raises(ValidationError):
        quads.save_quad(quad=north, name="", cycle="2025–26", members=_north(), by=ades_officer)

    members = ", ".join(NORTH)
    assert before == [
        (ades_officer, "quad.made", f"Made Quad North of 2025–26: {members}"),
        (ades_officer, "quad.changed", f"Changed Quad North East of 2025–26: {members}"),
    ]
    assert log() == before


def test_a_quads_agreements_and_meeting_are_logged_under_the_meeting(reference, ades_officer):
    north = quads.save_quad(name="North", cycle="2025–26", members=_north(), by=ades_officer)
    meeting = VisitFactory(hosts=NORTH)
    meetings.link_meeting(quad=north, visit=meeting, by=ades_officer)
    quads.save_agreements(quad=north, challenges="Private words", support="More words", by=ades_officer)

    assert log()[1:] == [
        (
            ades_officer,
            "quad.meeting.linked",
            f"Made {meeting.title_in_sentence}, {meeting.when} the meeting of Quad North of 2025–26",
        ),
        (ades_officer, "quad.agreements.saved", "Saved the challenges and support agreed by Quad North of 2025–26"),
    ]
    assert under(meeting) == ["quad.meeting.linked", "quad.agreements.saved"]
    assert not AuditEntry.objects.filter(summary__contains="words").exists()


def test_a_framework_imported_says_who_and_how_many_indicators(reference, ades_officer):
    rows = [self_evaluation.IndicatorRow(row=n, code=f"QI {n}", title=f"Indicator {n}", guidance="") for n in (1, 2)]

    framework = self_evaluation.create_framework(name="Our framework", rows=rows, by=ades_officer)

    assert log() == [
        (ades_officer, "framework.imported", "Imported the framework “Our framework” with 2 quality indicators")
    ]
    assert AuditEntry.objects.get().subjects.get().object_id == str(framework.pk)


def test_a_day_plan_started_and_copied_is_logged_and_a_second_start_is_not(visit, ades_officer):
    day_plans.start_from_standard(visit=visit, by=ades_officer)
    day_plans.start_from_standard(visit=visit, by=ades_officer)  # has a plan: nothing added
    later = VisitFactory(hosts=["Fife"], starts_on=datetime.date(2030, 6, 4), ends_on=datetime.date(2030, 6, 6))
    day_plans.copy_from(visit=later, earlier=visit, by=ades_officer)

    assert log() == [
        (ades_officer, "visit.day_plan.started", f"Started the day plan of {WHEN} from the standard days"),
        (
            ades_officer,
            "visit.day_plan.copied",
            f"Copied the day plan of {WHEN} to {later.title_in_sentence}, {later.when}",
        ),
    ]
    assert under(later) == ["visit.day_plan.copied"]


def test_a_member_answering_their_place_is_who_did_it_and_a_repeat_logs_nothing(visit):
    membership = MembershipFactory(visit=visit)
    person = membership.person

    places.answer(membership=membership, confirmed=False, by=person)
    places.answer(membership=membership, confirmed=False, by=person)

    assert log() == [(person, "team.place.answered", f"Declined their place on {WHEN}")]
    assert under(visit) == ["team.place.answered"]


def test_removing_an_authority_report_is_logged_under_its_visit(visit, ades_officer):
    held = AuthorityReport.objects.create(visit=visit, url="https://angus.example/report.pdf", added_by=ades_officer)

    authority_reports.remove(report=held, by=ades_officer)

    assert log() == [(ades_officer, "authority_report.removed", f"Removed the authority's own report of {WHEN}")]
    assert under(visit) == ["authority_report.removed"]


def test_actions_made_and_updated_name_the_owner_and_due_date(visit, ades_officer):
    Finding.objects.create(visit=visit, kind=FindingKind.NEXT_STEP, position=1, text="Share data")
    owner = PersonFactory(full_name="Olive Owner")
    actions.make_actions(visit=visit, by=ades_officer)
    actions.make_actions(visit=visit, by=ades_officer)  # nothing new: nothing logged
    action = visit.findings.get().action

    actions.update_action(
        action=action, owner=owner, due_on=datetime.date(2030, 9, 1), status="in_progress", by=ades_officer
    )

    assert log() == [
        (ades_officer, "action.made", f"Made 1 action from the next steps of {WHEN}"),
        (
            ades_officer,
            "action.updated",
            f"Updated an action of {WHEN}: “In progress”, owner Olive Owner, due 1 September 2030",
        ),
    ]
    assert under(visit) == ["action.made", "action.updated"]


def test_a_follow_up_set_is_logged_once_and_a_refused_date_logs_nothing(visit, ades_officer):
    follow_up = FollowUp.objects.create(visit=visit, status="proposed", planned_on=timezone.localdate())
    day = timezone.localdate() + datetime.timedelta(days=30)

    follow_ups.schedule(follow_up=follow_up, planned_on=day, by=ades_officer)
    follow_ups.schedule(follow_up=follow_up, planned_on=day, by=ades_officer)  # unchanged
    with pytest.raises(ValidationError):
        follow_ups.schedule(follow_up=follow_up, planned_on=day - datetime.timedelta(days=60), by=ades_officer)

    assert log() == [(ades_officer, "follow_up.scheduled", f"Set the follow-up session of {WHEN} for {day:%-d %B %Y}")]
    assert under(visit) == ["follow_up.scheduled"]


def test_a_sign_off_answer_says_who_answered_never_what(visit):
    member = PersonFactory(full_name="Pat Peer")
    report = Report.objects.create(visit=visit, status=ReportStatus.SUBMITTED)
    asked = SignOff.objects.create(report=report, person=member)

    sign_off.answer(sign_off=asked, confirmed=False, comment="The transitions are missing", by=member)

    summary = f"Answered the request to confirm the findings of the report on {WHEN}"
    assert log() == [(member, "report.sign_off.answered", summary)]
    assert under(visit) == ["report.sign_off.answered"]


def test_national_figures_imported_and_linked_say_who(visit, ades_officer):
    figures = national.read(
        b"authority,measure,group,year,value\nAngus,Positive destinations,All pupils,2023-24,95.3\n",
        kind="destinations",
    )
    national.save(figures=figures, kind="destinations", source=" LGBF ", by=ades_officer)
    national.save(figures=figures, kind="destinations", source="LGBF", by=ades_officer)  # unchanged: nothing logged
    report = Report.objects.create(visit=visit)

    national.link_impact(report=report, links={}, by=ades_officer)

    assert log() == [
        (ades_officer, "national.figures.imported", "Imported 1 national figure from “LGBF”"),
        (
            ades_officer,
            "report.impact.linked",
            f"Named a national measure for 0 impact measures in the report on {WHEN}",
        ),
    ]


def test_survey_reminders_sent_by_an_officer_name_the_round_never_who_was_reminded(visit, ades_officer):
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Rae Waiting"))
    survey_round = survey_round_for(visit, by=ades_officer)

    rounds.remind_round(survey_round=survey_round, by=ades_officer)
    rounds.remind_round(survey_round=survey_round, by=ades_officer)  # reminded today already: nothing sent

    assert log()[1:] == [(ades_officer, "survey.round.reminded", f"Sent reminders for the survey round {survey_round}")]
    assert not AuditEntry.objects.filter(summary__contains="Rae").exists()
