"""Files in S3-compatible storage, as several application servers share them: a real S3 server (moto, in server
mode, over HTTP on a local port) behind django-storages, selected by the environment as production selects it."""

import os
import subprocess
import sys
import urllib.request

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from moto.server import ThreadedMotoServer

from office.services import erasure
from reports.services import drafting
from tests.core.test_processes import ROOT, free_port
from tests.factories import MembershipFactory, VisitFactory
from tests.reports.test_workflow import DRAFT

BUCKET = "ci-portal-files"


@pytest.fixture
def s3(monkeypatch):
    """A local S3 server with an empty bucket, and the portal's default storage pointed at it."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": endpoint, "region_name": "eu-west-2", "default_acl": None},
    }
    with override_settings(STORAGES={"default": storage, "staticfiles": storages.backends["staticfiles"]}):
        yield {"client": client, "endpoint": endpoint}
    server.stop()


def keys(s3) -> list[str]:
    return sorted(item["Key"] for item in s3["client"].list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_the_environment_selects_s3_storage():
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "CI_PORTAL_S3_BUCKET": BUCKET,
        "CI_PORTAL_S3_ENDPOINT_URL": "https://s3.example.scot",
        "CI_PORTAL_S3_REGION": "eu-west-2",
    }
    script = "from django.conf import settings as s; print(s.STORAGES['default'])"
    printed = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "ci_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert printed.stdout.strip() == str(
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": "https://s3.example.scot",
                "region_name": "eu-west-2",
                "location": "",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        }
    ), printed.stderr


def test_publication_download_and_withdrawal_round_trip_through_s3(
    s3, client, people_for_s3, django_capture_on_commit_callbacks
):
    ades, host = people_for_s3
    with django_capture_on_commit_callbacks(execute=True):
        report = drafting.start_report(visit=VisitFactory(hosts=["Fife"]), by=host)
        drafting.save_draft(report=report, by=host, **DRAFT)
        drafting.submit_report(report=report, by=host)
        version = drafting.publish_report(report=report, by=ades)
    version.refresh_from_db()
    stored = keys(s3)

    download = client.get(version.file_url)
    body = b"".join(download.streaming_content)
    fetched = s3["client"].get_object(Bucket=BUCKET, Key=f"published/{version.pdf_sha256}.pdf")["Body"].read()
    drafting.withdraw_report(report=report, reason="Named a pupil.", by=ades)

    assert stored == [f"published/{version.pdf_sha256}.pdf", f"reports/{report.pk}/{version.filename}"]
    assert (download.status_code, body[:5], len(body)) == (200, b"%PDF-", version.pdf_size)
    assert fetched == body  # the bytes another application server reads from the same store
    assert client.get(version.file_url).status_code == 404
    assert keys(s3) == [f"reports/{report.pk}/{version.filename}"]


def test_pre_reading_uploaded_on_one_server_is_downloaded_from_another(s3, client, people_for_s3):
    ades, _host = people_for_s3
    visit = VisitFactory(hosts=["Fife"])
    member = MembershipFactory(visit=visit).person
    client.force_login(ades)
    upload = client.post(
        f"/visits/{visit.pk}/documents/new/",
        {"title": "Context", "file": SimpleUploadedFile("context.pdf", b"%PDF-1.7 context", "application/pdf")},
    )
    document = visit.documents.get()
    other_server = storages.create_storage(storages.backends["default"])  # a second process's own storage object
    client.force_login(member)

    download = client.get(f"/visits/{visit.pk}/documents/{document.pk}/")

    assert upload.status_code == 302
    assert keys(s3) == [document.file.name]
    with other_server.open(document.file.name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 context"
    assert b"".join(download.streaming_content) == b"%PDF-1.7 context"


@pytest.fixture
def people_for_s3(reference):
    from authorities.choices import Role
    from tests.factories import PersonFactory, organisation

    ades = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))
    host = PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife"))
    return ades, host


def test_an_erasure_renames_a_file_named_after_the_person_in_s3(
    s3, client, people_for_s3, django_capture_on_commit_callbacks
):
    from tests.factories import PersonFactory

    ades, _host = people_for_s3
    visit = VisitFactory(hosts=["Fife"])
    person = PersonFactory(full_name="Siobhán Ní Bhriain")
    client.force_login(ades)
    cv = SimpleUploadedFile("Siobhán Ní Bhriain CV.pdf", b"%PDF-1.7 cv", "application/pdf")
    client.post(f"/visits/{visit.pk}/documents/new/", {"title": "CV", "file": cv})
    before = keys(s3)

    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(person=person, by=ades, via="test")

    renamed = visit.documents.get().file.name
    assert [key.rsplit("/", 1)[-1] for key in before] == ["Siobhán_Ní_Bhriain_CV.pdf"]
    assert keys(s3) == [renamed]
    assert renamed.endswith("/name-removed_CV.pdf")
    assert s3["client"].get_object(Bucket=BUCKET, Key=renamed)["Body"].read() == b"%PDF-1.7 cv"
