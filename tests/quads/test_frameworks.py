"""The framework of quality indicators: guidance, illustrations and rubric from CSV; versions kept as they were used."""

import io

import pytest
from django.urls import reverse

from authorities.models import Authority
from quads.services import self_evaluation as services
from surveys.models import Question, Questionnaire

RUBRIC = "Excellent: outstanding, sector-leading.\nWeak: important weaknesses."


@pytest.fixture
def starting(reference):
    return services.load_starting_framework()


def _import(client, name, text, key):
    upload = io.BytesIO(text.encode())
    upload.name = "framework.csv"
    return client.post(
        reverse("quads:framework-import"), {"name": name, "submission_key": key, "file": upload}, follow=True
    )


def test_illustrations_join_the_guidance_and_the_rubric_has_a_column_of_its_own(client, ades_officer, starting):
    client.force_login(ades_officer)
    response = _import(
        client,
        "HGIOEA 2026",
        f'code,title,guidance,illustrations,rubric\n1.1,Outcomes,Attainment,"We can show, over time","{RUBRIC}"\n'
        "1.2,Leadership,,,\n",
        "a",
    )

    imported = Questionnaire.objects.get(name="HGIOEA 2026")
    assert list(imported.questions.values_list("code", "guidance", "rubric")) == [
        ("1.1", "Attainment\n\nWe can show, over time", RUBRIC),
        ("1.2", "", ""),
    ]
    body = response.content.decode()
    assert "Framework of quality indicators, version 2 of 2" in body
    assert "<td>Excellent: outstanding, sector-leading.<br>Weak: important weaknesses.</td>" in body
    assert body.count("<td>None given</td>") == 2  # 1.2 has neither guidance nor rubric


def test_the_self_evaluation_form_offers_each_indicators_rubric(client, glasgow_officer, starting):
    Question.objects.filter(questionnaire=starting, code="1").update(rubric="Very good: major strengths.")
    client.force_login(glasgow_officer)
    client.post(reverse("quads:self-evaluation-start", args=["glasgow-city", "2025-26"]))

    body = client.get(reverse("quads:self-evaluation", args=["glasgow-city", "2025-26"])).content.decode()

    assert body.count("Rubric: what each grade looks like") == 1
    assert "<p>Very good: major strengths.</p>" in body


def test_a_version_in_use_keeps_its_indicators_and_says_by_whom(client, ades_officer, starting):
    services.start_self_evaluation(authority=Authority.objects.get(slug="fife"), cycle="2024-25", by=ades_officer)
    client.force_login(ades_officer)
    _import(client, "HGIOEA 2026", "code,title\n1.1,Outcomes\n", "b")

    listing = client.get(reverse("quads:framework-list")).content.decode()
    assert "Version 2, added" in listing
    assert "once a self-evaluation uses a version its indicators stay as they are" in listing
    assert "No self-evaluation uses it yet." in listing
    assert "Used by 1 self-evaluation (2024–25)." in listing
    used = client.get(reverse("quads:framework-detail", args=[starting.slug])).content.decode()
    assert "1 self-evaluation was made against it (2024–25), so its indicators stay as they are" in used
    assert "A newer version is in use for new self-evaluations." in used
    assert reverse("admin:surveys_questionnaire_change", args=[starting.pk]) not in used


def _admin_change(questionnaire, text):
    data = {"name": questionnaire.name, "slug": questionnaire.slug, "purpose": questionnaire.purpose}
    questions = list(questionnaire.questions.all())
    data |= {
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for number, question in enumerate(questions):
        prefix = f"questions-{number}-"
        data |= {
            f"{prefix}id": str(question.pk),
            f"{prefix}questionnaire": str(questionnaire.pk),
            f"{prefix}position": str(question.position),
            f"{prefix}code": question.code,
            f"{prefix}kind": question.kind,
            f"{prefix}required": "on",
            f"{prefix}text": text if number == 0 else question.text,
            f"{prefix}options": "[]",
        }
    return data


@pytest.mark.parametrize(("in_use", "first_title"), [(True, "What key outcomes have we achieved?"), (False, "Changed")])
def test_data_maintenance_edits_a_frameworks_indicators_only_while_nothing_uses_it(
    client, ades_officer, starting, in_use, first_title
):
    if in_use:
        services.start_self_evaluation(authority=Authority.objects.get(slug="fife"), cycle="2024-25", by=ades_officer)
    ades_officer.is_superuser = True  # data maintenance is technical staff's only
    ades_officer.save()
    client.force_login(ades_officer)
    url = reverse("admin:surveys_questionnaire_change", args=[starting.pk])

    response = client.post(url, _admin_change(starting, "Changed"))

    assert response.status_code == 302
    assert starting.questions.get(position=1).text == first_title


def test_a_survey_questionnaire_a_round_was_sent_with_keeps_its_questions_too(client, ades_officer):
    from surveys.admin import in_use
    from surveys.services.questionnaires import load_ci_questionnaire
    from tests.factories import MembershipFactory, VisitFactory, survey_round_for

    questionnaire = load_ci_questionnaire()
    first = questionnaire.questions.get(position=1).text
    assert in_use(Questionnaire.objects.get(pk=questionnaire.pk)) is False
    visit = VisitFactory(hosts=["Fife"])
    MembershipFactory(visit=visit)
    survey_round_for(visit, by=ades_officer)
    ades_officer.is_superuser = True  # data maintenance is technical staff's only
    ades_officer.save()
    client.force_login(ades_officer)

    url = reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])
    response = client.post(url, _admin_change(questionnaire, "Changed"))

    assert in_use(Questionnaire.objects.get(pk=questionnaire.pk)) is True
    assert response.status_code == 302
    assert questionnaire.questions.get(position=1).text == first
