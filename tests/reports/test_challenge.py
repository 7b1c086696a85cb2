"""Challenge by design: no report without areas for improvement unless the host says why and ADES accepts it; every
external team member is asked to confirm the findings, ADES sees each answer, and the published report says how
many confirmed, never who."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from authorities.choices import OrganisationKind, Role
from office.services import erasure
from reports import sign_off_links
from reports.choices import ReportAction
from reports.models import SignOff
from reports.services import drafting, sign_off
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation, sign_in_freshly
from tests.reports.test_workflow import DRAFT

NO_AREAS = {**DRAFT, "areas_for_improvement": [], "no_areas_reason": ""}


@pytest.fixture
def team(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitFactory(hosts=["West Lothian"], key_question="How well do our pathways work?")
    host = PersonFactory(
        full_name="Hana Host", role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="West Lothian")
    )
    people = {
        "host": host,
        "hmi": PersonFactory(full_name="Isla Inspector", organisation=organisation(kind=OrganisationKind.HMIE)),
        "peer": PersonFactory(full_name="Peter Peer", organisation=organisation(authority__name="Fife")),
        "declined": PersonFactory(full_name="Dee Clined", organisation=organisation(authority__name="Moray")),
    }
    MembershipFactory(visit=visit, person=host)
    MembershipFactory(visit=visit, person=people["hmi"])
    MembershipFactory(visit=visit, person=people["peer"])
    MembershipFactory(visit=visit, person=people["declined"], place="declined")
    report = drafting.start_report(visit=visit, by=host)
    return report, people


def test_a_report_with_no_areas_is_refused_without_a_reason_and_the_reason_goes_with_it(team):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **NO_AREAS)

    with pytest.raises(ValidationError) as refused:
        drafting.submit_report(report=report, by=people["host"])
    drafting.save_draft(
        report=report, by=people["host"], **{**NO_AREAS, "no_areas_reason": "Every area was already in our plan."}
    )
    drafting.submit_report(report=report, by=people["host"])

    assert refused.value.messages == [
        "The report names no areas for improvement. Add at least one, or say in the draft why there are none."
    ]
    report.refresh_from_db()
    assert (report.status, report.no_areas_reason) == ("submitted", "Every area was already in our plan.")


def test_a_reason_is_dropped_once_the_report_names_an_area(team):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **{**DRAFT, "no_areas_reason": "None found."})

    report.refresh_from_db()
    assert report.no_areas_reason == ""


def test_submitting_asks_each_external_member_by_email_and_home_page(
    team, client, mailoutbox, django_capture_on_commit_callbacks
):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        drafting.submit_report(report=report, by=people["host"])

    asked = list(report.sign_offs.values_list("person__full_name", "answer"))
    assert asked == [("Isla Inspector", "awaiting"), ("Peter Peer", "awaiting")]
    emails = {m.to[0]: m for m in mailoutbox if m.subject.startswith("Does the report")}
    assert sorted(emails) == sorted([people["hmi"].email, people["peer"].email])
    link = re.search(r"http://127\.0\.0\.1:8000/sign-off/(\S+)/", emails[people["peer"].email].body).group(1)
    sign_in_freshly(client, people["peer"])
    home = client.get(reverse("core:home")).content.decode()
    line = re.search(r'<a href="/sign-off/(\S+)/">(Confirm the report [^<]+)</a>', home)
    peer = report.sign_offs.get(person=people["peer"])
    assert (sign_off_links.sign_off_for(link), sign_off_links.sign_off_for(line.group(1))) == (peer, peer)
    assert line.group(2) == (
        f"Confirm the report of the visit to West Lothian, {report.visit.when} reflects what the team found"
    )
    assert report.events.get(action=ReportAction.SUBMITTED).comment == "2 external team members asked to confirm it"


def test_a_member_confirms_or_comments_through_their_link_and_no_one_else_can(team, client):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    drafting.submit_report(report=report, by=people["host"])
    peer = report.sign_offs.get(person=people["peer"])
    url = sign_off_links.link_for(peer)

    empty = client.post(url, {"answer": "commented", "comment": "  "})
    client.post(url, {"answer": "commented", "comment": "The transitions gap is missing."})
    forged = client.get(url[:-6] + "xxxxx/")

    assert empty.context["form"].errors == {"comment": ["Say what the report misses or gets wrong."]}
    peer.refresh_from_db()
    assert (peer.answer, peer.comment) == ("commented", "The transitions gap is missing.")
    assert forged.status_code == 404


def test_approval_faces_the_missing_areas_and_the_comment_then_records_both(team, client, ades_officer):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **{**NO_AREAS, "no_areas_reason": "All in our plan."})
    drafting.submit_report(report=report, by=people["host"])
    sign_off.answer(sign_off=report.sign_offs.get(person=people["hmi"]), confirmed=True, by=None)
    sign_off.answer(
        sign_off=report.sign_offs.get(person=people["peer"]), confirmed=False, comment="Too gentle.", by=None
    )
    sign_in_freshly(client, ades_officer)
    url = reverse("reports:report-approve", kwargs={"visit_pk": report.visit.pk})

    page = " ".join(client.get(url).content.decode().split())
    refused = client.post(url, {})
    published = client.post(url, {"accept_no_areas": "on", "objection_reason": "The plan already covers it."})

    assert "2 asked: 1 confirmed, 1 commented, 0 not yet answered." in page
    assert "<td>Too gentle.</td>" in page
    assert refused.context["form"].errors == {
        "accept_no_areas": ["Accept the host's reason, or return the report with comments."],
        "objection_reason": ["Say why the report is approved as it is, or return it with comments."],
    }
    assert published.status_code == 302
    report.refresh_from_db()
    assert report.status == "published"
    assert report.events.get(action=ReportAction.PUBLISHED).comment == (
        "Version 1. Accepted the host's reason for naming no areas for improvement. "
        "Approved over an external member's comment: The plan already covers it."
    )


def test_the_published_report_says_how_many_external_members_confirmed_it_never_who(
    team, client, ades_officer, django_capture_on_commit_callbacks
):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **{**NO_AREAS, "no_areas_reason": "All in our plan."})
    drafting.submit_report(report=report, by=people["host"])
    sign_off.answer(sign_off=report.sign_offs.get(person=people["hmi"]), confirmed=True, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        drafting.publish_report(report=report, by=ades_officer, accept_no_areas=True)

    page = " ".join(client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})).content.decode().split())

    assert (
        "1 of the 2 team members from outside the host authorities confirmed that the strengths and areas for "
        "improvement reflect what the team found." in page
    )
    assert "The report names no areas for improvement. The host's reason, accepted by ADES: All in our plan." in page
    assert ("Isla Inspector" in page, "Peter Peer" in page) == (False, False)


def test_submitting_again_asks_again_and_a_decided_report_takes_no_answers(team, ades_officer):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    drafting.submit_report(report=report, by=people["host"])
    peer = report.sign_offs.get(person=people["peer"])
    sign_off.answer(sign_off=peer, confirmed=False, comment="Missing transitions.", by=None)
    drafting.return_report(report=report, comment="Add transitions.", by=ades_officer)
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    drafting.submit_report(report=report, by=people["host"])

    peer.refresh_from_db()
    again = peer.answer
    drafting.publish_report(report=report, by=ades_officer)
    with pytest.raises(ValidationError):
        sign_off.answer(sign_off=peer, confirmed=True, by=None)

    assert again == "awaiting"
    assert SignOff.objects.filter(report=report).count() == 2


@pytest.mark.parametrize("confirmed", [True, False])
def test_with_one_external_member_the_published_report_does_not_say_what_they_answered(
    team, client, ades_officer, django_capture_on_commit_callbacks, confirmed
):
    report, people = team
    report.visit.team.filter(person=people["peer"]).update(place="declined")
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    drafting.submit_report(report=report, by=people["host"])
    sign_off.answer(
        sign_off=report.sign_offs.get(), confirmed=confirmed, comment="" if confirmed else "Too kind.", by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = drafting.publish_report(report=report, by=ades_officer, objection_reason="Heard them out.")

    page = " ".join(client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})).content.decode().split())

    assert version.content["challenge"]["confirmed"] is None  # not in the published record either
    assert (
        "The one team member from outside the host authorities was asked to confirm that the strengths and areas "
        "for improvement reflect what the team found. Whether they did is not published: with only one, it would "
        "say what one person answered." in page
    )
    assert "confirmed that the strengths" not in page


@pytest.mark.parametrize(
    ("team_of_host", "approval", "published"),
    [
        (
            False,
            "No one is recorded on the visit's team, so no one could be asked.",
            "No one is recorded on the visit's team, so no one from outside the host authorities was asked to "
            "confirm these findings.",
        ),
        (
            True,
            "The team had no members from outside the host authorities to ask.",
            "The team had no members from outside the host authorities to confirm these findings.",
        ),
    ],
)
def test_a_report_nobody_external_could_confirm_says_why_unrecorded_teams_apart(
    client,
    reference,
    ades_officer,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    team_of_host,
    approval,
    published,
):
    settings.MEDIA_ROOT = tmp_path
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Moray"))
    visit = VisitFactory(hosts=["Moray"])
    if team_of_host:
        MembershipFactory(visit=visit, person=host)
    report = drafting.start_report(visit=visit, by=host)
    drafting.save_draft(report=report, by=host, **DRAFT)
    drafting.submit_report(report=report, by=host)
    sign_in_freshly(client, ades_officer)

    asking = " ".join(client.get(reverse("reports:report-approve", args=[visit.pk])).content.decode().split())
    with django_capture_on_commit_callbacks(execute=True):
        drafting.publish_report(report=report, by=ades_officer)
    page = " ".join(client.get(reverse("reports:report-detail", kwargs={"pk": report.pk})).content.decode().split())

    assert approval in asking
    assert published in page


def test_the_submission_message_says_how_many_are_asked_to_confirm_it(team, client):
    report, people = team
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    sign_in_freshly(client, people["host"])

    response = client.post(reverse("reports:report-step", args=[report.visit_id, "submit"]), follow=True)

    assert (
        "The report is submitted to ADES for approval; the 2 team members from outside the host authorities are "
        "asked to confirm it." in " ".join(response.content.decode().split())
    )


def test_a_submission_nobody_is_asked_about_says_only_that_it_is_submitted(client, reference):
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Moray"))
    report = drafting.start_report(visit=VisitFactory(hosts=["Moray"]), by=host)
    drafting.save_draft(report=report, by=host, **DRAFT)
    sign_in_freshly(client, host)

    response = client.post(reverse("reports:report-step", args=[report.visit_id, "submit"]), follow=True)

    assert "The report is submitted to ADES for approval.</" in response.content.decode()


def test_an_erased_members_sign_off_link_stops_working(team, client):

    report, people = team
    drafting.save_draft(report=report, by=people["host"], **DRAFT)
    drafting.submit_report(report=report, by=people["host"])
    url = sign_off_links.link_for(report.sign_offs.get(person=people["peer"]))
    before = client.get(url).status_code

    erasure.erase(person=people["peer"], by=people["host"], via="test")

    assert (before, client.get(url).status_code) == (200, 404)
