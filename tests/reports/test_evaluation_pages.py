"""The evaluation report's pages: the draft for ADES officers, the public page of the published version (its PDF
"being prepared" until the worker has rendered it), the programme page's link, the archive, and withdrawal."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import EvaluationVersion
from reports.services import evaluation
from reports.tasks import render_evaluation_pdf
from tests.factories import PhaseFactory, VisitFactory
from tests.reports.test_evaluation_survey import answered_round

AUTHORITIES = ["Angus", "Fife", "Moray", "Highland", "Falkirk", "Stirling"]


@pytest.fixture
def programme(reference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    phase = PhaseFactory()
    for name in AUTHORITIES[:2]:
        VisitFactory(phase=phase, hosts=[name], status="confirmed")
    return phase.programme


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_draft_and_the_public_page_take_as_many_queries_for_six_visits_and_rounds_as_for_two(
    programme, client, ades_officer, django_capture_on_commit_callbacks
):
    """Each visit with a released survey round and its report published (so the round's figures count in the
    survey by cohort), and one more round left out: the pages' queries do not grow with visits or rounds."""
    capture = django_capture_on_commit_callbacks
    phase = programme.phases.get()
    for visit in programme.visits.all():
        answered_round(phase, None, [4] * 5, by=ades_officer, capture=capture, visit=visit)
    client.force_login(ades_officer)
    with capture(execute=True):
        evaluation.publish(programme=programme, by=ades_officer)
    draft, public = f"/programmes/{programme.slug}/evaluation/", f"/evaluations/{programme.slug}/"
    before = (queries(client, draft), queries(client, public))

    for name in AUTHORITIES[2:]:
        visit = VisitFactory(phase=phase, hosts=[name], key_question=f"How well does {name} do?", status="confirmed")
        answered_round(phase, None, [3] * 6, by=ades_officer, capture=capture, visit=visit)
    answered_round(phase, None, [1] * 5, by=ades_officer, capture=capture, publish=False, visit=visit)  # not given
    after = (queries(client, draft), queries(client, public))

    assert after == before
    page = text(client.get(draft))
    assert "How well does Stirling do?" in page
    assert "Responses: 34, from 6 rounds. Response rate: 100% (34 of 34 invited)." in page
    assert "round left out" not in page  # the round its report does not give is not mentioned


def test_the_public_page_says_the_pdf_is_being_prepared_until_the_worker_renders_it(
    programme, client, ades_officer, django_capture_on_commit_callbacks
):
    version = evaluation.publish(programme=programme, by=ades_officer)  # the worker has not run yet
    waiting = text(client.get(f"/evaluations/{programme.slug}/"))
    not_yet = client.get(f"/evaluations/{programme.slug}/v1.pdf")

    render_evaluation_pdf.call(version.pk)
    version.refresh_from_db()
    ready = client.get(f"/evaluations/{programme.slug}/")
    download = client.get(f"/evaluations/{programme.slug}/v1.pdf")

    assert "The PDF of this version is being prepared." in waiting
    assert not_yet.status_code == 404
    assert version.file_url in ready.content.decode()
    assert (download.status_code, download["Location"]) == (302, version.file_url)
    served = client.get(version.file_url)
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    served.close()


def test_nothing_public_before_publication_and_the_draft_is_for_ades_officers(
    programme, client, glasgow_officer, ades_officer
):
    assert client.get(f"/evaluations/{programme.slug}/").status_code == 404
    client.force_login(glasgow_officer)
    assert client.get(f"/programmes/{programme.slug}/evaluation/").status_code == 404
    client.force_login(ades_officer)
    assert "No evaluation report is published for this programme yet." in text(
        client.get(f"/programmes/{programme.slug}/")
    )


def test_the_programme_page_and_the_archive_link_the_published_report(
    programme, client, ades_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evaluation.publish(programme=programme, by=ades_officer)

    page = client.get(f"/programmes/{programme.slug}/").content.decode()
    archive = client.get("/reports/").content.decode()
    filtered = client.get("/reports/?authority=angus").content.decode()

    assert f'href="/evaluations/{programme.slug}/"' in page
    assert f'href="/evaluations/{programme.slug}/"' in archive
    assert f'href="/evaluations/{programme.slug}/"' not in filtered  # about every authority, not one


def test_publishing_asks_first_and_a_second_click_publishes_nothing(
    programme, client, ades_officer, django_capture_on_commit_callbacks
):
    client.force_login(ades_officer)
    url = f"/programmes/{programme.slug}/evaluation/publish/"

    asked = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    second = client.post(url, follow=True)

    assert "Publish the evaluation report?" in text(asked)
    assert EvaluationVersion.objects.count() == 1
    assert first.status_code == 302
    assert "Nothing has changed since version 1, so it stays the one published." in text(second)


def test_withdrawal_needs_a_reason_and_stops_the_files_being_served(
    programme, client, ades_officer, django_capture_on_commit_callbacks
):
    client.force_login(ades_officer)
    with django_capture_on_commit_callbacks(execute=True):
        version = evaluation.publish(programme=programme, by=ades_officer)
    version.refresh_from_db()
    url = f"/programmes/{programme.slug}/evaluation/withdraw/"

    refused = client.post(url, {"reason": ""})
    withdrawn = client.post(url, {"reason": "Figures to be checked."})

    assert "Give the reason the evaluation report is withdrawn." in text(refused)
    assert withdrawn.status_code == 302
    version.refresh_from_db()
    assert version.withdrawn_reason == "Figures to be checked."
    assert client.get(f"/evaluations/{programme.slug}/").status_code == 404
    assert client.get(version.file_url).status_code == 404


def test_a_withdrawal_s_reason_keeps_no_direction_control_and_one_of_only_controls_is_no_reason(
    programme, client, ades_officer
):
    client.force_login(ades_officer)
    version = evaluation.publish(programme=programme, by=ades_officer)
    url = f"/programmes/{programme.slug}/evaluation/withdraw/"

    refused = client.post(url, {"reason": "\u202e\u2066"})
    withdrawn = client.post(url, {"reason": "\u202eFigures\u2069 to be checked."})

    assert "Give the reason the evaluation report is withdrawn." in text(refused)
    assert withdrawn.status_code == 302
    version.refresh_from_db()
    assert version.withdrawn_reason == "Figures to be checked."
