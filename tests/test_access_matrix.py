"""Every URL the portal has, asked for by every kind of visitor: the status each gets, kept in one table.

The URLs come from the resolver, so a new URL fails here until its row is added. A 200 where the table says
otherwise fails, and so does any 500. Objects belong to Angus: its officer is the host officer, Fife's officer is
"another authority's officer", and the team member is on Angus's visit team and invited to its survey.
"""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from authorities.choices import Role
from authorities.models import Authority, DeclaredLink, IdentityProvider, Specialism
from core.models import OutgoingEmail
from quads.services import quads, self_evaluation
from quads.services.guidance import load_first_guidance
from reports.follow_up_links import calendar_link as follow_up_calendar_link
from reports.models import MeasureFigure, NationalMeasure, SignOff
from reports.services import drafting as reports
from reports.services import evaluation
from reports.services.actions import make_actions
from reports.services.case_studies import load_case_studies
from reports.sign_off_links import link_for as sign_off_link_for
from reviews.models import (
    FocusEstablishment,
    FocusGroup,
    NationalInspection,
    Phase,
    ProgrammeDocument,
    VisitDocument,
    WrittenView,
)
from reviews.place_links import link_for as place_link_for
from reviews.services.focus import propose_focus
from reviews.services.importing import load_ci_programme
from reviews.services.induction import load_first_pack
from reviews.services.visits import calendar_feed_for
from surveys.models import SurveyRound
from surveys.services.questionnaires import load_ci_questionnaire
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    VisitFactory,
    organisation,
    quad_meeting,
    sign_in_freshly,
    survey_round_for,
    with_totp,
)
from tests.reports.test_workflow import DRAFT

VISITORS = ["anonymous", "member", "other_officer", "host_officer", "ades"]
CYCLE = "2025–26"


@pytest.fixture
def world(reference, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # An organisation sign-in, ready (its secret set), for its pages and allauth's openid_connect URLs.
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_ANGUS", "not-a-real-secret")
    IdentityProvider.objects.create(
        organisation=organisation(authority__name="Angus"),
        name="Angus Council",
        slug="angus",
        issuer="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
        client_id="portal",
        email_domains="angus.gov.uk",
    )
    load_first_pack()
    load_first_guidance()
    people = {
        "member": PersonFactory(organisation=organisation(kind="education_scotland")),
        "other_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "host_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")),
        "ades": PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades")),
    }
    load_ci_programme()
    load_case_studies()
    load_ci_questionnaire()
    self_evaluation.load_starting_framework()
    # A visit still to come, so that what fits only before it (its focus, places, stakeholders' views) is offered.
    visit = VisitFactory(
        hosts=["Angus"], status="confirmed", starts_on=datetime.date.today() + datetime.timedelta(days=30)
    )
    membership = MembershipFactory(visit=visit, person=people["member"])
    propose_focus(
        visit=visit, key_question="How well do we support attendance?", focus_areas=[], by=people["host_officer"]
    )
    document = VisitDocument.objects.create(
        visit=visit,
        title="Plan",
        file=ContentFile(b"%PDF-1.4\n", name="plan.pdf"),
        content_type="application/pdf",
        size=9,
        uploaded_by=people["ades"],
    )
    # The evidence log's entries, recorded by the team member for the whole team: the host's officers never see them.
    focus_group = FocusGroup.objects.create(
        visit=visit, group="learners", held_on=visit.starts_on, recorded_by=people["member"]
    )
    written_view = WrittenView.objects.create(
        visit=visit, from_whom="HMI", received_on=visit.starts_on, summary="-", recorded_by=people["member"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.start_report(visit=visit, by=people["host_officer"])
        reports.save_draft(report=report, by=people["host_officer"], **DRAFT)
        reports.submit_report(report=report, by=people["host_officer"])
        reports.publish_report(report=report, by=people["ades"])
    make_actions(visit=visit, by=None)
    with django_capture_on_commit_callbacks(execute=True):  # the programme's evaluation report, its PDF rendered
        evaluation.publish(programme=visit.programme, by=people["ades"])
    survey_round = survey_round_for(visit, by=people["ades"])
    quad = quads.save_quad(
        name="North",
        cycle=CYCLE,
        members=list(Authority.objects.filter(name__in=["Angus", "Moray", "Highland", "Orkney Islands"])),
        by=None,
    )
    self_evaluation.start_self_evaluation(
        authority=Authority.objects.get(name="Angus"), cycle=CYCLE, by=people["host_officer"]
    )
    quad_meeting(quad, on=datetime.date.today() - datetime.timedelta(days=7))  # held: its agreements can be recorded
    quads_programme = ProgrammeFactory(name="Quads", slug="quads-2025-26", kind="quads")
    unsent = OutgoingEmail.objects.create(to="someone@example.org", subject="Unsent", body="-", status="failed")
    member = people["member"]
    action = visit.findings.get(kind="next_step", position=1).action
    ci = "ci-2021-2024"
    planned_follow_up = visit.follow_ups.order_by("planned_on").first()
    specialism = Specialism.objects.create(name="Data and analysis", slug="data-and-analysis", keywords="data")
    measure = NationalMeasure.objects.create(kind="attendance", name="Attendance (%)")
    figure = MeasureFigure.objects.create(
        measure=measure, authority=Authority.objects.get(name="Angus"), year="2023–24", value=90, source="Test"
    )
    values = {
        # Each URL's slug, pk and token, by URL name where the same name means different objects.
        "slug": {
            "authorities:authority-detail": "angus",
            "authorities:specialism-edit": specialism.slug,
            "authorities:specialism-delete": specialism.slug,
            "authorities:identity-provider-edit": "angus",
            "authorities:identity-provider-deactivate": "angus",
            "authorities:senior-regional-adviser-edit": "tayside-collaborative",
            "authorities:link-hmi-edit": "angus",
            "quads:meeting-create": quads_programme.slug,
            "quads:framework-detail": "qmie2-high-level-questions",
            "quads:self-evaluation": "angus",
            "quads:self-evaluation-start": "angus",
            "quads:self-evaluation-reopen": "angus",
            "reviews:programme-detail": ci,
            "reviews:programme-export": ci,
            "reviews:programme-timetable-pdf": ci,
            "reviews:programme-import": ci,
            "reviews:visit-create": ci,
            "reviews:programme-edit": ci,
            "reviews:phase-list": ci,
            "reviews:phase-create": ci,
            "reviews:phase-edit": ci,
            "reviews:phase-move": ci,
            "reviews:phase-remove": ci,
            "reviews:programme-document-add": ci,
            "reviews:programme-document-edit": ci,
            "reviews:programme-document-remove": ci,
            "reviews:theme-edit": "inclusion",
            "reviews:theme-finder-detail": "inclusion",
            "reports:case-study": "west-lothian",
            "reports:case-study-pdf": "west-lothian",
            "reports:dashboard-authority": "angus",
            "reports:national-figures": "angus",
            **dict.fromkeys(
                [
                    "reports:evaluation",
                    "reports:evaluation-download",
                    "reports:evaluation-draft",
                    "reports:evaluation-edit",
                    "reports:evaluation-publish",
                    "reports:evaluation-withdraw",
                ],
                visit.programme.slug,
            ),
        },
        "pk": {
            "quads": quad.pk,
            "visits": visit.pk,
            "surveys": survey_round.pk,
            "reports": report.pk,
            "actions": action.pk,
            "outbox": unsent.pk,
            "follow-ups": planned_follow_up.pk,
            "people": member.pk,
            "authorities": member.pk,
            "national-measures": measure.pk,
            "national-figures": figure.pk,
            "inspections": NationalInspection.objects.create(
                title="Curriculum design",
                theme_name="Curriculum design",
                starts_on=datetime.date(2024, 9, 2),
                ends_on=datetime.date(2024, 11, 29),
                source_url="https://education.gov.scot/",
            ).pk,
            "accounts": DeclaredLink.objects.create(
                person=member, authority=Authority.objects.get(name="Fife"), kind="partner"
            ).pk,
        },
        "token": {
            "reviews:calendar-feed": calendar_feed_for(person=member).token,
            "reviews:place": place_link_for(membership).split("/")[2],
            "reports:follow-up-calendar": follow_up_calendar_link(planned_follow_up).split("/")[3],
            "reports:sign-off": sign_off_link_for(SignOff.objects.get_or_create(report=report, person=member)[0]).split(
                "/"
            )[2],
            "surveys:stakeholder-respond": SurveyRound.objects.create(
                questionnaire=survey_round.questionnaire,
                visit=visit,
                cohort="stakeholders",
                opens_on=datetime.date.today(),
                closes_on=datetime.date.today() + datetime.timedelta(days=7),
                created_by=people["ades"],
                open_token="open-link",
            ).open_token,
            "surveys:respond": survey_round.invitations.get(person=member).token,
            "surveys:respond-done": survey_round.invitations.get(person=member).token,
            "accounts:password-reset-confirm": default_token_generator.make_token(member),
        },
        "sha256": report.versions.get().pdf_sha256,
        "name": report.versions.get().filename,
        "visit_pk": visit.pk,
        "measure_pk": measure.pk,
        "membership_pk": membership.pk,
        "phase_pk": Phase.objects.get(programme__slug=ci, number=1).pk,
        "direction": "down",
        "document_pk": document.pk,
        "entry_pk": {
            "reviews:focus-group-edit": focus_group.pk,
            "reviews:focus-group-remove": focus_group.pk,
            "reviews:written-view-edit": written_view.pk,
            "reviews:written-view-remove": written_view.pk,
        },
        "programme_document_pk": ProgrammeDocument.objects.filter(programme__slug=ci).first().pk,
        "focus_pk": FocusEstablishment.objects.create(visit=visit, name="Arbroath Academy", seed_code="5300002").pk,
        "number": 1,
        "fmt": "csv",
        "cycle": "2025-26",
        "key": "team_added",
        "action": "confirm",
        "step": "submit",
        "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
        "provider_id": "angus",
    }
    return {"people": people, "values": values}


def _patterns(patterns=None, prefix="", namespace="", converters=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(pattern, "url_patterns"):
            if str(pattern.pattern).startswith("admin/"):
                continue
            yield from _patterns(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                pattern.namespace or namespace,
                {**(converters or {}), **pattern.pattern.converters},  # allauth's keys/<int:pk>/ include
            )
        else:
            # allauth's names (account_login) live outside any namespace.
            yield (
                f"{namespace}:{pattern.name}" if namespace else pattern.name,
                prefix + str(pattern.pattern),
                {**(converters or {}), **pattern.pattern.converters},
            )


def _url(name: str, route: str, converters: dict, values: dict) -> str:
    kwargs = {}
    for key in converters:
        value = values[key]
        if key == "pk":
            value = value[route.split("/")[0]]
        elif isinstance(value, dict):
            value = value[name]
        kwargs[key] = value
    return reverse(name, kwargs=kwargs)


def urls(world) -> dict[str, str]:
    """Every URL pattern by name, with the world's real ids filled in (the production smoke asks for these too)."""
    return {name: _url(name, route, converters, world["values"]) for name, route, converters in _patterns()}


def statuses(client, world) -> dict[str, tuple]:
    table = {}
    for name, url in urls(world).items():
        row = []
        for visitor in VISITORS:
            client.logout()
            if visitor != "anonymous":
                sign_in_freshly(client, world["people"][visitor])
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)  # reading a file download to its end closes the file
            row.append(response.status_code)
        table[name] = tuple(row)
    return table


# anonymous, team member, another authority's officer, host authority officer, ADES officer. 405: the URL takes
# POST only; 302: a redirect (to sign in, to one's own dashboard, or back to a page that has nothing to change).
EXPECTED = {
    "core:home": (200, 200, 200, 200, 200),
    "core:accessibility": (200, 200, 200, 200, 200),
    "office:outbox": (302, 302, 302, 302, 200),
    "office:outbox-send-again": (302, 302, 302, 302, 405),
    "office:messages-sent": (302, 302, 302, 302, 200),
    "office:audit-log": (302, 302, 302, 302, 200),
    "office:running": (302, 302, 302, 302, 200),
    "authorities:person-password-link": (405, 405, 405, 405, 405),
    "authorities:person-second-factor-reset": (404, 404, 404, 404, 200),  # a confirmation page; its POST acts
    "reviews:place-request-again": (405, 405, 405, 405, 405),
    "surveys:round-send-again": (405, 405, 405, 405, 405),
    "core:privacy": (200, 200, 200, 200, 200),
    "reviews:place": (200, 200, 200, 200, 200),  # the signed link is the key: whoever holds it sees that one place
    "reviews:induction": (302, 200, 200, 200, 200),
    "reviews:induction-edit": (404, 404, 404, 404, 200),
    "reviews:day-plan": (404, 200, 404, 200, 200),
    "reviews:day-plan-start": (405, 405, 405, 405, 405),
    "reviews:day-plan-edit": (404, 404, 404, 200, 200),
    # The evidence log: the team and ADES officers only; never the host's officers (not on the team) or the public.
    "reviews:evidence-log": (404, 200, 404, 404, 200),
    "reviews:focus-group-add": (404, 200, 404, 404, 200),
    "reviews:focus-group-edit": (404, 200, 404, 404, 200),
    "reviews:focus-group-remove": (404, 200, 404, 404, 200),
    "reviews:written-view-add": (404, 200, 404, 404, 200),
    "reviews:written-view-edit": (404, 200, 404, 404, 200),
    "reviews:written-view-remove": (404, 200, 404, 404, 200),
    "reviews:visit-pack": (404, 200, 404, 200, 200),
    "accounts:my-details": (302, 200, 200, 200, 200),
    "office:messages": (302, 302, 302, 302, 200),
    "office:message-edit": (302, 302, 302, 302, 200),
    "reviews:place-requests": (404, 404, 404, 404, 200),
    "surveys:stakeholder-round-create": (404, 404, 404, 200, 404),  # the host shares the link; ADES reads results
    "surveys:stakeholder-respond": (200, 200, 200, 200, 200),  # an open link: anyone who has it may answer
    "accounts:remove-link": (302, 405, 405, 405, 405),
    "core:cookies": (200, 200, 200, 200, 200),
    "office:people": (302, 302, 302, 302, 200),
    "office:person": (302, 302, 302, 302, 200),
    "office:person-export": (302, 302, 302, 302, 200),
    "office:person-erase": (302, 302, 302, 302, 200),
    "office:downloads": (302, 302, 302, 302, 200),
    "authorities:authority-list": (200, 200, 200, 200, 200),
    "authorities:authority-detail": (200, 200, 200, 200, 200),
    "authorities:reference-index": (404, 404, 404, 404, 200),
    "authorities:specialism-list": (404, 404, 404, 404, 200),
    "authorities:specialism-create": (404, 404, 404, 404, 200),
    "authorities:specialism-edit": (404, 404, 404, 404, 200),
    "authorities:specialism-delete": (404, 404, 404, 404, 200),
    "authorities:identity-provider-list": (404, 404, 404, 404, 200),
    "authorities:identity-provider-create": (404, 404, 404, 404, 200),
    "authorities:identity-provider-edit": (404, 404, 404, 404, 200),
    "authorities:identity-provider-deactivate": (404, 404, 404, 404, 200),
    "authorities:person-specialisms": (404, 404, 404, 404, 200),
    "authorities:regional-roles": (404, 404, 404, 404, 200),
    "authorities:senior-regional-adviser-edit": (404, 404, 404, 404, 200),
    "authorities:link-hmi-edit": (404, 404, 404, 404, 200),
    "accounts:sign-in": (200, 302, 302, 302, 302),
    "account_login": (200, 302, 302, 302, 302),
    # Confirming with the password before a sensitive action; someone with a second factor is sent to confirm with it.
    "account_reauthenticate": (302, 200, 200, 200, 302),
    # Organisation sign-in: the page before going to the provider (its button POSTs), its return with no sign-in
    # started (refused), and allauth's pages for a cancelled or failed one.
    "openid_connect_login": (200, 200, 200, 200, 200),
    "openid_connect_callback": (403, 403, 403, 403, 403),
    "socialaccount_login_cancelled": (200, 200, 200, 200, 200),
    "socialaccount_login_error": (401, 401, 401, 401, 401),
    "accounts:sign-out": (405, 405, 405, 405, 405),
    "account_logout": (405, 405, 405, 405, 405),
    "mfa_index": (302, 200, 200, 200, 200),
    "mfa_authenticate": (302, 302, 302, 302, 302),  # only in the middle of a sign-in
    "mfa_reauthenticate": (302, 302, 302, 302, 200),  # with no authenticator, to confirming the password
    "mfa_activate_totp": (302, 302, 302, 302, 302),  # a change: allauth asks for the password again first
    "mfa_deactivate_totp": (302, 404, 404, 404, 302),  # only one who holds an app; a change, so asked again first
    "mfa_view_recovery_codes": (302, 404, 404, 404, 404),  # none generated yet
    "mfa_generate_recovery_codes": (302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": (302, 404, 404, 404, 404),
    "mfa_list_webauthn": (302, 200, 200, 200, 200),
    "mfa_add_webauthn": (302, 302, 302, 302, 302),
    "mfa_reauthenticate_webauthn": (302, 302, 302, 302, 302),
    "mfa_remove_webauthn": (302, 302, 302, 302, 302),
    "mfa_edit_webauthn": (302, 302, 302, 302, 302),
    "mfa_login_webauthn": (302, 302, 302, 302, 302),  # a POST with a passkey's answer; a GET goes back
    "accounts:password-reset": (200, 200, 200, 200, 200),
    "accounts:password-reset-sent": (200, 200, 200, 200, 200),
    "accounts:password-reset-confirm": (200, 200, 200, 200, 200),
    "accounts:password-reset-complete": (200, 200, 200, 200, 200),
    "quads:quad-list": (404, 404, 200, 200, 200),
    "quads:quad-create": (404, 404, 404, 404, 200),
    "quads:quad-suggest": (404, 404, 404, 404, 200),
    "quads:guidance": (302, 200, 200, 200, 200),
    "quads:guidance-edit": (404, 404, 404, 404, 200),
    "quads:guidance-version": (404, 404, 404, 404, 200),
    "quads:quad-detail": (404, 404, 404, 200, 200),
    "quads:quad-edit": (404, 404, 404, 404, 200),
    "quads:quad-agreements": (404, 404, 404, 200, 200),
    "quads:quad-pdf": (404, 404, 404, 200, 200),
    "quads:meeting-create": (404, 404, 404, 404, 200),
    "quads:cycle-start": (404, 404, 404, 404, 200),
    "quads:self-evaluation-index": (404, 404, 200, 200, 200),
    "quads:framework-list": (404, 404, 200, 200, 200),
    "quads:framework-import": (404, 404, 404, 404, 200),
    "quads:framework-detail": (404, 404, 200, 200, 200),
    "quads:self-evaluation": (404, 404, 404, 200, 200),
    "quads:self-evaluation-start": (405, 405, 405, 405, 405),
    "quads:self-evaluation-reopen": (404, 404, 404, 302, 302),
    "reviews:programme-list": (200, 200, 200, 200, 200),
    "reviews:programme-detail": (200, 200, 200, 200, 200),
    "reviews:programme-export": (200, 200, 200, 200, 200),
    "reviews:programme-timetable-pdf": (200, 200, 200, 200, 200),
    "reviews:programme-import": (404, 404, 404, 404, 200),
    "reviews:visit-create": (404, 404, 404, 404, 200),
    "reviews:programme-create": (404, 404, 404, 404, 200),
    "reviews:programme-edit": (404, 404, 404, 404, 200),
    "reviews:phase-list": (404, 404, 404, 404, 200),
    "reviews:phase-create": (404, 404, 404, 404, 200),
    "reviews:phase-edit": (404, 404, 404, 404, 200),
    "reviews:phase-move": (405, 405, 405, 405, 405),
    "reviews:phase-remove": (404, 404, 404, 404, 200),  # phase 1 has visits: the page refuses, and says why
    "reviews:programme-document-add": (404, 404, 404, 404, 200),
    "reviews:programme-document-edit": (404, 404, 404, 404, 200),
    "reviews:programme-document-remove": (404, 404, 404, 404, 200),  # asks first
    "reviews:theme-list": (404, 404, 404, 404, 200),
    "reviews:theme-create": (404, 404, 404, 404, 200),
    "reviews:theme-edit": (404, 404, 404, 404, 200),
    # Education Scotland's inspections: read by anyone signed in (a visit's warnings link here), kept by ADES
    "reviews:inspection-list": (302, 200, 200, 200, 200),
    "reviews:inspection-detail": (302, 200, 200, 200, 200),
    "reviews:inspection-create": (404, 404, 404, 404, 200),
    "reviews:inspection-edit": (404, 404, 404, 404, 200),
    "reviews:inspection-delete": (404, 404, 404, 404, 200),  # a confirmation page; its POST deletes
    "reviews:inspection-import": (404, 404, 404, 404, 200),
    "reviews:inspection-template": (404, 404, 404, 404, 200),
    "reviews:inspection-window": (404, 404, 404, 404, 200),
    "reviews:visit-detail": (404, 200, 404, 200, 200),
    "reviews:visit-edit": (404, 404, 404, 404, 200),
    "reviews:visit-cancel": (404, 404, 404, 404, 200),
    "reviews:visit-scope": (404, 404, 404, 200, 200),  # the establishments or cluster: set as the visit's day plan is
    "reviews:visit-scope-remove": (404, 404, 404, 200, 200),  # asks first
    "reviews:focus-propose": (404, 404, 404, 200, 404),  # the host proposes its visit's focus
    "reviews:focus-decide": (404, 404, 404, 404, 200),  # an ADES officer agrees or returns it
    "reviews:visit-status": (405, 405, 405, 405, 405),
    "reviews:visit-calendar": (404, 200, 404, 200, 200),
    "reviews:team-add": (404, 404, 404, 404, 200),
    "reviews:team-new-person": (404, 404, 404, 404, 200),
    "reviews:team-paste": (404, 404, 404, 404, 200),
    "reviews:membership-edit": (404, 404, 404, 404, 200),
    "reviews:membership-remove": (404, 404, 404, 404, 200),
    "reviews:document-upload": (404, 404, 404, 200, 200),
    "reviews:document-download": (404, 200, 404, 200, 200),
    "reviews:document-remove": (404, 404, 404, 200, 200),
    "reviews:my-visits": (302, 200, 200, 200, 200),
    "reviews:network": (404, 404, 200, 200, 200),
    "reviews:theme-finder": (200, 200, 200, 200, 200),
    "reviews:theme-finder-detail": (200, 200, 200, 200, 200),
    "reviews:calendar-feed": (200, 200, 200, 200, 200),
    "surveys:round-list": (404, 404, 404, 404, 200),
    "surveys:round-create": (404, 404, 404, 404, 404),
    "surveys:round-detail": (404, 404, 404, 404, 200),
    "surveys:round-remind": (405, 405, 405, 405, 405),
    "surveys:round-close": (405, 405, 405, 405, 405),
    "surveys:round-reopen": (404, 404, 404, 404, 200),
    "surveys:round-results": (404, 404, 404, 200, 200),
    "surveys:round-export": (404, 404, 404, 404, 404),
    "surveys:round-results-pdf": (404, 404, 404, 404, 404),
    "surveys:round-comments": (404, 404, 404, 404, 200),
    "surveys:respond": (200, 200, 200, 200, 200),
    "surveys:respond-done": (302, 302, 302, 302, 302),
    "reports:archive": (200, 200, 200, 200, 200),
    "reports:index-json": (200, 200, 200, 200, 200),
    "reports:index-csv": (200, 200, 200, 200, 200),
    "reports:report-detail": (200, 200, 200, 200, 200),
    "reports:case-study": (200, 200, 200, 200, 200),
    "reports:case-study-pdf": (200, 200, 200, 200, 200),
    "reports:version-download": (302, 302, 302, 302, 302),
    "reports:evaluation": (200, 200, 200, 200, 200),  # the published version: public
    "reports:evaluation-download": (302, 302, 302, 302, 302),
    "reports:evaluation-draft": (404, 404, 404, 404, 200),  # generated live from the data: ADES officers only
    "reports:evaluation-edit": (404, 404, 404, 404, 200),
    "reports:evaluation-publish": (404, 404, 404, 404, 200),  # the confirmation page
    "reports:evaluation-withdraw": (404, 404, 404, 404, 200),
    "reports:published-file": (200, 200, 200, 200, 200),
    "reports:actions-of-visit": (404, 404, 404, 200, 200),
    "reports:actions-make": (405, 405, 405, 405, 405),
    "reports:follow-up-create": (404, 404, 404, 200, 200),
    "reports:authority-report-edit": (404, 404, 404, 404, 200),
    "reports:authority-reports-import": (404, 404, 404, 404, 200),
    "reports:authority-reports-template": (404, 404, 404, 404, 200),
    "reports:national-import": (404, 404, 404, 404, 200),
    "reports:national-measure-list": (404, 404, 404, 404, 200),
    "reports:national-measure-create": (404, 404, 404, 404, 200),
    "reports:national-measure": (404, 404, 404, 404, 200),
    "reports:national-measure-edit": (404, 404, 404, 404, 200),
    "reports:national-figure-create": (404, 404, 404, 404, 200),
    "reports:national-figure-edit": (404, 404, 404, 404, 200),
    "reports:national-figure-delete": (404, 404, 404, 404, 200),
    "reports:national-figures": (200, 200, 200, 200, 200),
    "reports:follow-up-schedule": (404, 404, 404, 200, 200),
    "reports:follow-up-record": (404, 404, 404, 200, 200),
    "reports:follow-up-calendar": (200, 200, 200, 200, 200),  # the signed link in the team's emails is the key
    "reports:dashboard": (404, 404, 302, 302, 200),
    "reports:action-edit": (404, 404, 404, 200, 200),
    "reports:dashboard-authority": (404, 404, 404, 200, 200),
    "reports:report-draft": (404, 404, 404, 200, 200),
    "reports:report-edit": (404, 404, 404, 302, 404),
    "reports:report-preview": (404, 404, 404, 200, 200),
    "reports:report-return": (404, 404, 404, 404, 200),
    "reports:report-approve": (404, 404, 404, 404, 302),  # published already: back to the report, with a message
    "reports:impact-national": (404, 404, 404, 302, 404),  # the host's, and published already: back, with a message
    "reports:sign-off": (200, 200, 200, 200, 200),  # the signed link is the key: it shows that one report's findings
    "reports:report-withdraw": (404, 404, 404, 404, 200),
    "reports:report-step": (405, 405, 405, 405, 405),
}


def test_every_url_answers_each_visitor_as_the_table_says(client, world):
    seen = statuses(client, world)

    assert set(seen) == set(EXPECTED)
    assert {name: row for name, row in seen.items() if row != EXPECTED[name]} == {}
    assert [name for name, row in seen.items() if 500 in row] == []


def test_the_table_refuses_what_each_visitor_may_not_see():
    """Spot checks that the table itself says what the rules say, so it cannot drift into allowing anything."""
    assert EXPECTED["quads:quad-detail"][:3] == (404, 404, 404)
    assert EXPECTED["reviews:visit-detail"] == (404, 200, 404, 200, 200)
    assert EXPECTED["surveys:round-results"][:3] == (404, 404, 404)
    assert EXPECTED["surveys:round-export"] == (404,) * 5  # the round is open: no figures for anyone
    assert EXPECTED["reports:report-return"] == (404, 404, 404, 404, 200)


@pytest.mark.parametrize("visitor", VISITORS)
def test_data_maintenance_is_for_technical_staff_only(client, world, visitor):
    """/admin/ is for superusers: ADES officers, whose work has the portal's pages, are refused like everyone else;
    and no one gets that far without a second factor."""
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])

    response = client.get("/admin/", follow=True)

    if visitor == "anonymous":  # to the portal's one sign-in page, and back to data maintenance after it
        assert response.redirect_chain == [("/accounts/sign-in/?next=/admin/", 302)]
        assert response.status_code == 200
    elif visitor == "ades":  # signed in with a second factor, and told it is not for them, never offered a sign-in form
        assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
        assert response.status_code == 403
    else:  # signed in by password alone: to set up a second factor first
        assert response.redirect_chain == [(reverse("mfa_index"), 302)]


OPEN_WITHOUT_SECOND_FACTOR = {
    # What one needs to set up or give a second factor, or to leave (authorities/second_factor.py).
    "account_login",
    "accounts:sign-in",
    "account_logout",
    "accounts:sign-out",
    "account_reauthenticate",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
}


def test_every_office_url_sends_each_visitor_without_a_second_factor_to_set_one_up(client, world):
    office = {name: url for name, url in urls(world).items() if name.startswith("office:")}
    seen = {}
    for visitor in ["member", "other_officer", "host_officer"]:  # none has one
        client.force_login(world["people"][visitor])
        for name, url in office.items():
            response = client.get(url)
            seen[(visitor, name)] = (response.status_code, response["Location"])

    assert len(office) == 12
    assert {key: answer for key, answer in seen.items() if answer != (302, reverse("mfa_index"))} == {}


def test_with_a_second_factor_office_urls_still_refuse_every_role_but_ades_officers(client, world):
    """The second factor is needed, never enough: the role's rules answer once it is given."""
    office = {name: url for name, url in urls(world).items() if name.startswith("office:")}
    seen = {}
    for visitor in ["member", "other_officer", "host_officer"]:
        with_totp(world["people"][visitor])
        client.force_login(world["people"][visitor])
        for name, url in office.items():
            seen[(visitor, name)] = client.get(url).status_code

    assert set(seen.values()) == {404, 405}
    assert [key for key, status in seen.items() if status == 405] == [
        (visitor, "office:outbox-send-again") for visitor in ["member", "other_officer", "host_officer"]
    ]


def test_an_ades_officer_without_a_second_factor_is_sent_to_set_one_up_from_every_page(client, world):
    """The sixth visitor: an ADES officer signed in by password alone. Every page but those needed to set up or
    give a second factor, or to leave, sends them to set one up; allauth's second-factor pages answer as for others."""
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"), second_factor=False)
    client.force_login(officer)
    seen = {}
    for name, url in urls(world).items():
        if name in OPEN_WITHOUT_SECOND_FACTOR or name.startswith("mfa_"):
            continue
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        seen[name] = (response.status_code, response.get("Location"))

    # A published report's file is public, served before any session is read (reports/published.py).
    assert seen.pop("reports:published-file") == (200, None)
    assert {"core:home", "office:people", "reviews:my-visits", "reports:archive"} <= set(seen)
    assert {name: answer for name, answer in seen.items() if answer != (302, reverse("mfa_index"))} == {}
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("accounts:password-reset")).status_code == 200


def test_a_superuser_reaches_data_maintenance_and_its_sign_in_sends_them_on(client, reference):
    client.force_login(PersonFactory(is_superuser=True, role=Role.TEAM_MEMBER))

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/")["Location"] == "/admin/"
