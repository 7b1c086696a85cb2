import io

import pytest
from pypdf import PdfReader

from reviews.services.importing import load_ci_programme
from tests.factories import MembershipFactory, VisitFactory, survey_round_for


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_programme_timetable_pdf_is_appendix_1_and_rendered_once(client, reference, media):
    load_ci_programme()

    first = client.get("/programmes/ci-2021-2024/timetable.pdf")
    second = client.get("/programmes/ci-2021-2024/timetable.pdf")

    text = pdf_text(first.content)
    assert first["Content-Disposition"] == 'attachment; filename="ci-2021-2024-timetable.pdf"'
    assert "Collaborative Improvement 2021–2024: timetable of visits" in text
    assert "South Ayrshire September 2021 Primary Attainment Gap" in text
    assert "Angus November 2024 Learning and Teaching from P7 into S1" in text
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert len(list((media / "documents").iterdir())) == 1


def test_survey_results_pdf_follows_the_page_and_its_permissions(
    client, reference, ades_officer, glasgow_officer, media
):
    from surveys.services import release, responses

    visit = VisitFactory(hosts=["Angus"])
    for _ in range(6):
        MembershipFactory(visit=visit)
    survey_round = survey_round_for(visit, by=ades_officer)
    questions = {q.code: q for q in survey_round.questionnaire.questions.all()}
    for value, invitation in zip([4, 4, 3, 3, 1], survey_round.invitations.all(), strict=False):
        responses.submit_response(invitation=invitation, answers={questions["enjoyed"]: value})
    url = f"/surveys/rounds/{survey_round.pk}/results.pdf"
    client.force_login(ades_officer)
    while_open = client.get(url)
    release.close_round(survey_round=survey_round, by=ades_officer)

    client.force_login(glasgow_officer)
    refused = client.get(url)
    client.force_login(ades_officer)
    response = client.get(url)

    text = pdf_text(response.content)
    assert (while_open.status_code, refused.status_code) == (404, 404)
    assert "5 responses from 6 invited" in text
    assert (
        "I enjoyed participating in the Collaborative Improvement process. 5 Strongly agree: 2 (40%) Agree: 2 (40%) "
        "Disagree: 0 (0%) Strongly disagree: 1 (20%) 80%"
    ) in text
    assert "I enjoyed participating in the Collaborative Improvement process. Fewer than 5 responses" not in text


def test_the_timetable_pdf_numbers_the_island_visits_and_gives_the_conflicting_end(client, reference, media):
    load_ci_programme()

    text = pdf_text(client.get("/programmes/ci-2021-2024/timetable.pdf").content)

    assert [text.count(f"Na h-Eileanan Siar, Orkney Islands, Shetland Islands ({n})") for n in (1, 2, 3)] == [1, 1, 1]
    assert "up to the end of the programme in October 2024”, where its Appendix 1 lists the visit to Angus" in text
