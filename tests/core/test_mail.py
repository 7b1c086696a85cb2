"""Every email goes through the outbox: queued in the request, sent by a task, retried with backoff, and kept for an
ADES officer to send again when every try fails. The failing mail server is real: nothing listens on its port."""

import datetime
import subprocess

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail as outbox
from core.models import OutgoingEmail
from reviews.services import teams
from tests.core.test_processes import DATABASE_BACKEND, ROOT, environment, free_port, procfile
from tests.factories import PersonFactory, VisitFactory, with_totp


@pytest.fixture
def dead_mail_server(settings):
    """An SMTP backend pointed at a port nobody listens on, so every connection is refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    return settings.EMAIL_PORT


def test_a_message_is_queued_in_the_transaction_and_sent_once_it_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = outbox.queue_email(to="amy@example.org", subject="Hello", body="Body text")
        waiting = list(OutgoingEmail.objects.values_list("to", "subject", "status", "attempts"))
    assert (waiting, mail.outbox) == ([("amy@example.org", "Hello", "queued", 0)], [])

    for callback in callbacks:
        callback()

    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["amy@example.org"], "Hello", "Body text")]
    kept = OutgoingEmail.objects.get(pk=queued.pk)
    assert (kept.status, kept.body) == ("sent", "")  # kept as a record that it was sent, without its body


def test_text_people_typed_cannot_add_a_header(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue_email(to="amy@example.org", subject="Visit to Fife\r\nBcc: all@example.org", body="-")

    assert [(m.subject, m.bcc, m.to) for m in mail.outbox] == [
        ("Visit to Fife Bcc: all@example.org", [], ["amy@example.org"])
    ]


def test_every_try_fails_then_the_message_waits_in_the_outbox(db, dead_mail_server, settings):
    settings.EMAIL_RETRY_SECONDS = [0, 0]
    email = OutgoingEmail.objects.create(to="amy@example.org", subject="Hello", body="-")

    with override_settings(TASKS=DATABASE_BACKEND):  # the tries are queued, and run here one by one
        results = [outbox.deliver(email.pk) for _ in range(4)]

    email.refresh_from_db()
    assert results == ["retrying", "retrying", "failed", "not due"]
    assert (email.status, email.attempts) == ("failed", 3)
    assert email.last_error.startswith("ConnectionRefusedError: [Errno 111] Connection refused")


def test_a_failed_try_waits_the_configured_delay_before_the_next(db, dead_mail_server, settings):
    settings.EMAIL_RETRY_SECONDS = [60, 600]
    with override_settings(TASKS=DATABASE_BACKEND):
        email = OutgoingEmail.objects.create(to="amy@example.org", subject="Hello", body="-")
        before = timezone.now()
        first = outbox.deliver(email.pk)
        again_at_once = outbox.deliver(email.pk)

    email.refresh_from_db()
    waits = [task.run_after - before for task in DBTaskResult.objects.all()]
    assert (first, again_at_once, email.status, email.attempts) == ("retrying", "not due", "queued", 1)
    assert email.next_attempt_at - before >= datetime.timedelta(seconds=60)
    assert email.next_attempt_at - before < datetime.timedelta(seconds=61)
    assert len(waits) == 1
    assert datetime.timedelta(seconds=60) <= waits[0] < datetime.timedelta(seconds=61)


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_against_a_failing_mail_server_and_the_officers_click_stays_quick(
    reference, ades_officer, tmp_path
):
    """The officer's request only queues; the Procfile's worker tries three times, then leaves it for the outbox."""
    port = free_port()
    visit = VisitFactory(hosts=["Fife"])
    with override_settings(TASKS=DATABASE_BACKEND):
        teams.add_team_member(
            visit=visit, person=PersonFactory(email="amy@example.org"), role="peer_reviewer", by=ades_officer
        )
    queued = list(OutgoingEmail.objects.values_list("to", "status", "attempts"))

    worker = subprocess.run(
        [*procfile()["worker"].split(), "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment(
            DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(port),
            CI_PORTAL_EMAIL_RETRY_SECONDS="0,0",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )

    email = OutgoingEmail.objects.get()
    assert queued == [("amy@example.org", "queued", 0)]
    assert worker.returncode == 0, worker.stderr
    assert (email.status, email.attempts) == ("failed", 3)
    assert email.last_error.startswith("ConnectionRefusedError")
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"] * 3


def test_only_ades_officers_see_the_outbox(client, reference, ades_officer, glasgow_officer):
    OutgoingEmail.objects.create(
        to="amy@example.org", subject="Visit cancelled", body="-", status="failed", attempts=3, last_error="Refused"
    )
    with_totp(glasgow_officer)  # with a second factor, so that their role is what refuses them
    client.force_login(glasgow_officer)
    refused = client.get(reverse("office:outbox")).status_code
    client.force_login(ades_officer)

    page = client.get(reverse("office:outbox"))
    home = client.get(reverse("core:home"))

    row = list(page.context["page"].object_list)
    assert refused == 404
    assert [(e.subject, e.to, e.status, e.attempts, e.last_error) for e in row] == [
        ("Visit cancelled", "amy@example.org", "failed", 3, "Refused")
    ]
    assert "1 email could not be sent." in page.content.decode()
    assert "tries again after 1 minute, 10 minutes and 1 hour." in " ".join(page.content.decode().split())
    assert '<a href="/outbox/">1 email could not be sent</a>' in home.content.decode()


def test_send_again_sends_once_however_often_it_is_pressed(
    client, reference, ades_officer, glasgow_officer, django_capture_on_commit_callbacks
):
    email = OutgoingEmail.objects.create(
        to="amy@example.org", subject="Visit cancelled", body="Sorry", status="failed", attempts=3
    )
    url = reverse("office:outbox-send-again", kwargs={"pk": email.pk})
    with_totp(glasgow_officer)  # with a second factor, so that their role is what refuses them
    client.force_login(glasgow_officer)
    refused = client.post(url).status_code
    client.force_login(ades_officer)

    with django_capture_on_commit_callbacks(execute=True):  # a double click: both before the worker runs
        first = client.post(url, follow=True)
        second = client.post(url, follow=True)
    after_sending = client.post(url, follow=True)

    again = "The email will be sent again now. If it fails again, it comes back here."
    assert refused == 404
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["amy@example.org"], "Visit cancelled", "Sorry")]
    assert [[str(m) for m in r.context["messages"]] for r in (first, second)] == [[again], [again]]
    assert [str(m) for m in after_sending.context["messages"]] == [
        "That email has been sent, or is being sent now, so nothing was done."
    ]
    assert "Every email the portal has queued has been sent." in after_sending.content.decode()


def test_a_message_lost_while_sending_can_be_sent_again_after_a_while(db):
    recent = timezone.now() - datetime.timedelta(minutes=5)
    lost = timezone.now() - datetime.timedelta(minutes=20)
    sending = OutgoingEmail.objects.create(
        to="a@example.org", subject="A", body="-", status="sending", last_attempt_at=recent
    )
    stuck = OutgoingEmail.objects.create(
        to="b@example.org", subject="B", body="-", status="sending", last_attempt_at=lost
    )

    assert (sending.can_send_again, outbox.send_again(sending.pk)) == (False, False)
    assert (stuck.can_send_again, outbox.send_again(stuck.pk)) == (True, True)


def test_tasks_queued_under_their_old_paths_still_find_their_work():
    from django.utils.module_loading import import_string

    from core import documents

    assert import_string("core.tasks.deliver_email") is outbox.deliver_email
    assert import_string("core.tasks.render_document") is documents.render_document
    assert (outbox.deliver_email.module_path, documents.render_document.module_path) == (
        "core.mail.deliver_email",
        "core.documents.render_document",
    )
