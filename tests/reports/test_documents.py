import io

import pytest
from pypdf import PdfReader

from reviews.services import load_ci_programme
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
    visit = VisitFactory(hosts=["Angus"])
    MembershipFactory(visit=visit)
    survey_round = survey_round_for(visit, by=ades_officer)
    url = f"/surveys/rounds/{survey_round.pk}/results.pdf"

    client.force_login(glasgow_officer)
    refused = client.get(url)
    client.force_login(ades_officer)
    response = client.get(url)

    text = pdf_text(response.content)
    assert refused.status_code == 404
    assert "0 responses from 1 invited" in text
    assert "I enjoyed participating in the Collaborative Improvement process. Fewer than 5 responses" in text
