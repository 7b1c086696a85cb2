"""First start loads the same data in the new layout: every model's count after load_reference, twice."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

APPS = ("authorities", "reviews", "surveys", "reports", "quads")
# The counts the layout before the quads app loaded, but for the final report's case studies, which are now case
# studies (4) rather than reports, versions, events, impact measures and findings, and the supporting authorities
# of Perth and Kinross's visit, now recorded (3).
FIRST_START = {
    "Collaborative": 6,
    "Authority": 32,
    "AuthorityAlias": 78,
    "Organisation": 35,
    "Person": 0,
    "Programme": 1,
    "Phase": 3,
    "Theme": 21,
    "HistoricalProgramme": 1,
    "HistoricalPhase": 3,
    "HistoricalTheme": 24,
    "FocusProposal": 0,
    "HistoricalVisit": 36,  # 32 loaded, and 4 given their focus from their case study
    "HistoricalVisit_hosts": 42,
    "Visit": 32,
    "HistoricalTeamMembership": 0,
    "TeamMembership": 0,
    "TeamOrganisation": 5,
    "ProgrammeDocument": 3,
    "VisitDocument": 0,
    "CalendarFeed": 0,
    "Finding": 0,
    "Questionnaire": 3,
    "Question": 20,
    "SurveyRound": 0,
    "Invitation": 0,
    "InductionPack": 1,
    "InductionRead": 0,
    "DaySession": 0,
    "FocusGroup": 0,
    "WrittenView": 0,
    "NationalInspection": 0,
    "HistoricalNationalInspection": 0,
    "HistoricalNationalInspection_authorities": 0,
    "InspectionWindow": 0,
    "FocusEstablishment": 0,
    "EvaluationReport": 0,
    "EvaluationVersion": 0,
    "Specialism": 10,
    "RegionalRole": 0,
    "HistoricalSpecialism": 10,
    "HistoricalRegionalRole": 0,
    "DeclaredLink": 0,
    "IdentityProvider": 0,
    "HistoricalIdentityProvider": 0,
    "Reminder": 0,
    "Completion": 0,
    "AnswerCounter": 0,
    "RespondentCounter": 0,
    "SealedResponse": 0,
    "TextAnswer": 0,
    "Report": 0,
    "ImpactMeasure": 0,
    "ReportVersion": 0,
    "ReportEvent": 0,
    "Action": 0,
    "FollowUp": 0,
    "Progress": 0,
    "SignOff": 0,
    "AuthorityReport": 0,
    "NationalMeasure": 4,
    "MeasureFigure": 8,
    "HistoricalNationalMeasure": 4,
    "HistoricalMeasureFigure": 8,
    "ActionReminder": 0,
    "CaseStudy": 4,
    "SelfEvaluation": 0,
    "Grade": 0,
    "SelfEvaluationEvent": 0,
    "Quad": 0,
    "QuadMeeting": 0,
    "IndicatorAgreement": 0,
    "QuadsGuidance": 1,
}


def counts() -> dict[str, int]:
    return {
        model._meta.object_name: model.objects.count()
        for app in APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.mark.django_db
def test_first_start_loads_every_apps_data_and_again_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    call_command("load_reference", stdout=io.StringIO())
    first = counts()
    call_command("load_reference", stdout=io.StringIO())

    assert first == FIRST_START
    assert counts() == FIRST_START
