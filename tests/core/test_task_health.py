"""`/healthz/tasks`: a stopped worker turns the monitors' check red within the set time, and green when it resumes;
`/healthz` (the load balancer's) stays green throughout."""

import datetime
import re
import subprocess
import time

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail
from core.mail import deliver_email
from core.models import OutgoingEmail
from tests.core.test_processes import DATABASE_BACKEND, ROOT, environment, procfile


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [*procfile()["worker"].split(), "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=environment(DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    worker.wait(timeout=30)


def wait_for(check, *, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


def probe_until(client, status: int, *, seconds: float) -> tuple[int, str]:
    return wait_for(lambda: (answer := probe(client))[0] == status and answer, seconds=seconds)


def queue() -> OutgoingEmail:
    return mail.queue_email(to="someone@example.scot", subject="A visit", body="Hello", kind="test")


def sent(email: OutgoingEmail) -> bool:
    return OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT


def probe(client) -> tuple[int, str]:
    response = client.get("/healthz/tasks")
    assert response["Cache-Control"] == "no-store"
    return response.status_code, response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_stopped_worker_turns_the_task_check_red_in_time_and_green_when_it_resumes(client, settings):
    settings.TASK_MAX_WAIT_SECONDS = 2
    with override_settings(TASKS=DATABASE_BACKEND):
        worker = start_worker()
        try:
            first = queue()
            wait_for(lambda: sent(first), seconds=60)
            running = probe(client)
            stop(worker)

            second, queued_at = queue(), time.monotonic()
            fresh = probe(client)
            red = wait_for(lambda: probe(client)[0] == 503 and probe(client), seconds=10)
            turned_red_after = time.monotonic() - queued_at
            database = client.get("/healthz").status_code

            worker = start_worker()
            green = wait_for(lambda: probe(client)[0] == 200 and probe(client), seconds=60)
        finally:
            stop(worker)

    assert running == (200, "tasks ok\n")
    assert fresh == (200, "tasks ok\n")
    assert red[0] == 503
    assert re.fullmatch(r"oldest queued task has waited [23] s \(the limit is 2 s\)\n", red[1])
    assert 2 <= turned_red_after < 5
    assert database == 200  # the web server can still serve: the load balancer keeps it
    assert green == (200, "tasks ok\n")
    assert sent(second)


@pytest.mark.django_db
def test_a_task_scheduled_for_later_is_not_late_and_a_retry_counts_from_when_it_fell_due(client, settings):
    settings.TASK_MAX_WAIT_SECONDS = 60
    now = timezone.now()
    with override_settings(TASKS=DATABASE_BACKEND):
        later = deliver_email.using(run_after=now + datetime.timedelta(hours=1)).enqueue("later")
        retry = deliver_email.using(run_after=now - datetime.timedelta(seconds=30)).enqueue("retry")
    DBTaskResult.objects.update(enqueued_at=now - datetime.timedelta(hours=2))
    waiting_30_seconds = probe(client)

    DBTaskResult.objects.filter(pk=retry.id).update(run_after=now - datetime.timedelta(seconds=90))
    waiting_90_seconds = probe(client)

    DBTaskResult.objects.filter(pk=retry.id).update(status="RUNNING")
    only_later = probe(client)

    assert DBTaskResult.objects.filter(pk=later.id, status="READY").exists()
    assert waiting_30_seconds == (200, "tasks ok\n")
    assert waiting_90_seconds == (503, "oldest queued task has waited 90 s (the limit is 60 s)\n")
    assert only_later == (200, "tasks ok\n")
